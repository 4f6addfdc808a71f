import { markdownText } from '../text/markdown';
import type { FleetReport } from './fleet';
import { differenceText, failingItems, summaryLine } from './summary';

function row(cells: string[]): string {
  // A table cell cannot hold a pipe even escaped in every renderer: it is replaced.
  return `| ${cells.map((c) => c.replace(/\|/g, '¦')).join(' | ')} |`;
}

/** The fleet report in Markdown (for a ticket or a wiki): summary, failing machines, columns, differences, files. */
export function fleetMarkdown(report: FleetReport): string {
  const out = ['# Fleet report', '', markdownText(summaryLine(report)), ''];
  const notClean = report.machines.filter((m) => m.verdict !== 'pass');
  if (notClean.length) {
    out.push('## Machines with failures or warnings', '', row(['Machine', 'Verdict', 'What failed']), row(['---', '---', '---']));
    for (const m of notClean) out.push(row([markdownText(m.record.computer), m.verdict, failingItems(m).map(markdownText).join('; ')]));
    out.push('');
  }
  if (report.columns.length) {
    out.push('## Checks and endpoints', '', row(['Kind', 'Name', 'Machines failing']), row(['---', '---', '---:']));
    for (const c of report.columns) out.push(row([c.kind, markdownText(c.key), String(c.failing)]));
    out.push('');
  }
  if (report.differences.length) {
    out.push('## Configuration differences', '', row(['Machine', 'Difference']), row(['---', '---']));
    for (const d of report.differences) out.push(row([markdownText(d.computer), markdownText(differenceText(d))]));
    out.push('');
  }
  if (report.problems.length) {
    out.push('## Files', '', row(['File', 'Problem']), row(['---', '---']));
    for (const p of report.problems) out.push(row([markdownText(p.file), markdownText(p.message)]));
    out.push('');
  }
  return `${out.join('\n')}`;
}
