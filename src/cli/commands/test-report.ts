import type { ConnectivityReport, ProbeResult } from '../../core/connectivity';
import { resultLabel } from '../../core/connectivity/result';
import { reportSummary, type TestSummary } from '../../core/usecases/connectivitySummary';

/**
 * The JSON the CLI prints (SPEC section 6): the manifest file, exactly these members per result, and the summary. A
 * revocation list's result names the URL it fetched and has no issuer (plain HTTP on port 80, no certificate).
 */
export function reportJson(report: ConnectivityReport, file: string, summary: TestSummary): string {
  const results = report.results.map((r: ProbeResult) =>
    r.url !== undefined
      ? { host: r.host, port: r.port, url: r.url, status: r.status, ms: r.ms, via: r.via, detail: r.detail }
      : { host: r.host, port: r.port, status: r.status, ms: r.ms, via: r.via, issuer: r.issuer, detail: r.detail },
  );
  const untested = report.untested?.map((u) => ({ entry: u.entry, port: u.port, detail: u.detail }));
  return `${JSON.stringify({ file, results, ...(untested ? { untested } : {}), summary }, null, 2)}\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A table a person reads in a terminal: one row per endpoint, the detail below it, then a summary. */
export function reportText(report: ConnectivityReport, file: string, summary: TestSummary): string {
  const header = ['STATUS', 'HOST', 'PORT', 'MS', 'VIA', 'ISSUER'];
  const rows = report.results.map((r) => [r.status, resultLabel(r), String(r.port), String(r.ms), r.via, r.issuer || '-']);
  const untested = (report.untested ?? []).map((u) => ['untested', u.entry, String(u.port), '-', '-', '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...[...rows, ...untested].map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ');
  const out = [`Connectivity test of ${file}`, '', line(header)];
  report.results.forEach((r, i) => {
    out.push(line(rows[i]));
    out.push(`    ${r.detail}`);
  });
  (report.untested ?? []).forEach((u, i) => {
    out.push(line(untested[i]));
    out.push(`    ${u.detail}`);
  });
  out.push('', `${reportSummary(report)}.`);
  if (summary.failedOptional > 0)
    out.push(
      `${summary.failedOptional} of the failures ${summary.failedOptional === 1 ? 'is an endpoint' : 'are endpoints'} the guidance does not require: reported, not counted against the test.`,
    );
  return `${out.join('\n')}\n`;
}
