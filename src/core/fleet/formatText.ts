import type { FleetReport } from './fleet';
import { differenceText, failingItems, summaryLine } from './summary';

/** The fleet report a person reads in a terminal: the summary, one line per machine that is not clean, the outliers. */
export function fleetText(report: FleetReport): string {
  const out = [summaryLine(report), ''];
  const notClean = report.machines.filter((m) => m.verdict !== 'pass');
  if (notClean.length) {
    out.push('Machines with failures or warnings:');
    for (const m of notClean) out.push(`  ${m.verdict.toUpperCase().padEnd(4)}  ${m.record.computer}: ${failingItems(m).join('; ')}`);
    out.push('');
  }
  const failingColumns = report.columns.filter((c) => c.failing > 0);
  if (failingColumns.length) {
    out.push('Failing checks and endpoints (machines):');
    for (const c of failingColumns) out.push(`  ${String(c.failing).padStart(5)}  ${c.kind === 'check' ? 'check' : 'endpoint'} ${c.key}`);
    out.push('');
  }
  if (report.differences.length) {
    out.push('Configuration differences:');
    for (const d of report.differences) out.push(`  ${d.computer}: ${differenceText(d)}`);
    out.push('');
  }
  if (report.problems.length) {
    out.push('Files:');
    for (const p of report.problems) out.push(`  ${p.file}: ${p.message}`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
