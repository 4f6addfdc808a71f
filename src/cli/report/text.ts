import { FileReport } from './fileReport';

/** Human-readable findings: `file:line:col severity CODE message`, one per line, then a summary. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const report of reports) {
    for (const f of report.findings) {
      counts[f.severity as keyof typeof counts]++;
      lines.push(`${report.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code} ${f.message}${f.fixable ? ' [fixable]' : ''}`);
    }
  }
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  lines.push(counts.error + counts.warning + counts.info === 0
    ? `${files} checked: no findings.`
    : `${files} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.`);
  return `${lines.join('\n')}\n`;
}
