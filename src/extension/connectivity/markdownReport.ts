import type { ConnectivityReport } from '../../core/connectivity';
import { resultLabel } from '../../core/connectivity/result';
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
        `| ${r.status === 'ok' ? '✅ ok' : `❌ ${r.status}`} | ${cell(resultLabel(r))} | ${r.port} | ${r.ms} | ${cell(r.via)} | ${cell(r.issuer || '–')} |`,
    ),
    ...(report.untested ?? []).map((u) => `| ➖ not testable | ${cell(u.entry)} | ${u.port} | – | – | – |`),
    '',
    '## Details',
    '',
    ...report.results.map((r) => `- **${cell(resultLabel(r))}** (port ${r.port}, ${r.status}): ${cell(r.detail)}`),
    ...(report.untested ?? []).map((u) => `- **${cell(u.entry)}** (not testable): ${cell(u.detail)}`),
    '',
  ];
  return lines.join('\n');
}
