import type { ConnectivityReport } from '../../core/connectivity';
import { markdownText } from '../../core/text/markdown';
import { reportSummary } from '../../core/usecases/connectivitySummary';

// Hosts, proxies, certificate issuers and proxy answers come from a manifest or the network: text, never Markdown.
const cell = markdownText;

/** The connectivity report as Markdown a reviewer reads next to the manifest: a table, then each detail. */
export function markdownReport(report: ConnectivityReport, manifestName: string, at: Date, route: string): string {
  const lines = [
    `# Connectivity test of ${markdownText(manifestName)}`,
    '',
    `${at.toISOString()} · ${markdownText(route)} · ${reportSummary(report)}.`,
    '',
    '| status | host | port | ms | via | certificate issuer |',
    '|---|---|---|---|---|---|',
    ...report.results.map(
      (r) =>
        `| ${r.status === 'ok' ? '✅ ok' : `❌ ${r.status}`} | ${cell(r.entry ?? r.host)} | ${r.port} | ${r.ms} | ${cell(r.via)} | ${cell(r.issuer || '–')} |`,
    ),
    '',
    '## Details',
    '',
    ...report.results.map((r) => `- **${cell(r.entry ?? r.host)}** (port ${r.port}, ${r.status}): ${cell(r.detail)}`),
    '',
  ];
  return lines.join('\n');
}
