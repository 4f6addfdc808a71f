// The words of a connectivity run, shared by the CLI's table, VS Code's notification and the Markdown report.
// No engine import here: the extension's always-loaded code uses it without loading the connectivity bundle.
import { isOptionalEndpoint } from '../catalog/catalog';
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
  const untested = report.untested?.length ? `, ${report.untested.length} not testable (${report.untested.map((u) => u.entry).join(', ')})` : '';
  return `${report.results.length - failed} of ${report.results.length} endpoints ok${failed ? `, ${failed} failed (${detail})` : ''}${untested}${report.cancelled ? ', cancelled' : ''}; ${report.ms} ms`;
}

/** The outcome of a run as pipelines read it (`atp-proxy test --format json`'s "summary"). */
export interface TestSummary {
  total: number;
  ok: number;
  failed: number;
  /** Failed endpoints the guidance does not require (they do not fail the test). */
  failedOptional: number;
  cancelled: boolean;
  ms: number;
  /** Every required endpoint ok and the run not cancelled: exit 0. */
  passed: boolean;
}

/** Counts a run: a failing endpoint the guidance marks optional is reported but does not fail the test. */
export function summarize(report: ConnectivityReport): TestSummary {
  const failed = report.results.filter((r) => r.status !== 'ok');
  const failedOptional = failed.filter((r) => isOptionalEndpoint(r.kind)).length;
  const total = report.results.length;
  return {
    total,
    ok: total - failed.length,
    failed: failed.length,
    failedOptional,
    cancelled: report.cancelled,
    ms: report.ms,
    passed: !report.cancelled && failed.length === failedOptional,
  };
}
