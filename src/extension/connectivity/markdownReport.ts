import type { ConnectivityReport } from '../../core/connectivity';
import { reportSummary } from '../../core/usecases/connectivitySummary';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
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
