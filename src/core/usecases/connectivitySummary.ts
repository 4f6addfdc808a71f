// The words of a connectivity run, shared by the CLI's table, VS Code's notification and the Markdown report.
// No engine import here: the extension's always-loaded code uses it without loading the connectivity bundle.
import type { ConnectivityReport } from '../connectivity/run';

/** How many endpoints failed, per verdict, in the order they first failed. */
function failureCounts(report: ConnectivityReport): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of report.results) if (r.status !== 'ok') counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return counts;
}

/** One line: "6 of 7 endpoints ok, 1 failed (1 proxy-denied); 812 ms". */
export function reportSummary(report: ConnectivityReport): string {
  const counts = failureCounts(report);
  const failed = [...counts.values()].reduce((a, b) => a + b, 0);
  const detail = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `${report.results.length - failed} of ${report.results.length} endpoints ok${failed ? `, ${failed} failed (${detail})` : ''}${report.cancelled ? ', cancelled' : ''}; ${report.ms} ms`;
}
