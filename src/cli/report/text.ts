import { FileReport } from './fileReport';

/** Human-readable findings: `file:line:col severity CODE message`, one per line, then a summary. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const report of reports) {
    if (report.error !== undefined) lines.push(`${report.file}: error ${report.error}`);
    for (const f of report.findings) {
      counts[f.severity as keyof typeof counts]++;
      lines.push(
        `${report.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code} ${f.message}${f.fixable ? ' [fixable]' : ''}`,
      );
    }
  }
  const unreadable = reports.filter((r) => r.error !== undefined).length;
  const read = reports.length - unreadable;
  const files = `${read} file${read === 1 ? '' : 's'} checked${unreadable ? `, ${unreadable} unreadable` : ''}`;
  lines.push(
    counts.error + counts.warning + counts.info === 0
      ? `${files}: no findings.`
      : `${files}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.`,
  );
  return `${lines.join('\n')}\n`;
}
