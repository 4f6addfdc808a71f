import type { ConnectivityReport } from '../../core/connectivity';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** One line: "6 of 7 endpoints ok, 1 proxy-denied; 812 ms". */
export function reportSummary(report: ConnectivityReport): string {
  const failed = report.results.filter((r) => r.status !== 'ok');
  const counts = new Map<string, number>();
  for (const r of failed) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return `${report.results.length - failed.length} of ${report.results.length} endpoints ok${[...counts].map(([s, n]) => `, ${n} ${s}`).join('')}${report.cancelled ? ' (cancelled)' : ''}; ${report.ms} ms`;
}

/** The connectivity report as Markdown a reviewer reads next to the manifest: a table, then each detail. */
export function markdownReport(report: ConnectivityReport, manifestName: string, at: Date, route: string): string {
  const lines = [
    `# Connectivity test of ${manifestName}`,
    '',
    `${at.toISOString()} · ${route} · ${reportSummary(report)}.`,
    '',
    '| status | host | port | ms | via | certificate issuer |',
    '|---|---|---|---|---|---|',
    ...report.results.map((r) => `| ${r.status === 'ok' ? '✅ ok' : `❌ ${r.status}`} | ${cell(r.host)} | ${r.port} | ${r.ms} | ${cell(r.via)} | ${cell(r.issuer || '–')} |`),
    '',
    '## Details',
    '',
    ...report.results.map((r) => `- **${cell(r.host)}** (${r.status}): ${r.detail.replace(/\r?\n/g, ' ')}`),
    '',
  ];
  return lines.join('\n');
}
