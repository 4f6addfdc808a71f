// The fleet report as ONE self-contained HTML file: no script, no external resource, a style sheet allowed by its
// hash in the page's own Content-Security-Policy, every string from a document escaped. VS Code's Open Fleet Report
// shows the same file in a webview.
import { createHash } from 'crypto';
import { escapeHtml } from './escapeHtml';
import type { FleetReport } from './fleet';
import { matrixSvg } from './matrixSvg';
import { PALETTE } from './palette';
import { failingItems, summaryLine } from './summary';

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}',
  'h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}',
  'table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}',
  'th{background:#f3f3f3}td.num{text-align:right}',
  '.scroll{max-height:75vh;overflow:auto;border:1px solid #ccc}',
  'svg text{font-size:11px;fill:#1b1b1b}svg text.group{font-weight:bold}svg text.name{text-anchor:end}',
  'svg rect{stroke:#999;stroke-width:.5}',
  '.verdict-fail{color:#c62828;font-weight:bold}.verdict-warn{color:#8a6100;font-weight:bold}.verdict-pass{color:#2e7d32}',
  ...PALETTE.map((p) => `.v-${p.cell}{fill:${p.colour}}`),
].join('\n');

/** The Content-Security-Policy of the page: nothing but its own style sheet (by hash) and no script at all. */
function fleetHtmlPolicy(): string {
  const hash = createHash('sha256').update(STYLE, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:`;
}

function legendSvg(report: FleetReport): string {
  const used = new Set(report.machines.flatMap((m) => m.cells));
  const entries = PALETTE.filter((p) => used.has(p.cell));
  const rows = entries.map(
    (p, i) =>
      `<rect x="0" y="${i * 18}" width="14" height="14" class="v-${p.cell}"/><text x="20" y="${i * 18 + 11}">${escapeHtml(`${p.cell}: ${p.label}`)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="460" height="${entries.length * 18 + 2}" role="img" aria-label="Legend">${rows.join('')}</svg>`;
}

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`);
  return `<table>\n${head}\n${body.join('\n')}\n</table>`;
}

/** The whole page. `title` names the report (a folder or file name); it is escaped like everything else. */
export function fleetHtml(report: FleetReport, title = 'Fleet report'): string {
  const e = escapeHtml;
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(fleetHtmlPolicy())}">`,
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${e(title)}</h1>`,
    `<p>${e(summaryLine(report))}</p>`,
  ];
  if (report.machines.length) {
    parts.push(
      '<h2>Matrix</h2>',
      '<p>One row per machine, one column per check (\u2713) and endpoint; machines with the same picture are grouped, failures first. Hover a row for its failures.</p>',
      legendSvg(report),
      `<div class="scroll">${matrixSvg(report)}</div>`,
    );
  }
  const notClean = report.machines.filter((m) => m.verdict !== 'pass');
  if (notClean.length)
    parts.push(
      '<h2>Machines with failures or warnings</h2>',
      table(
        ['Machine', 'Verdict', 'What failed', 'File'],
        notClean.map((m) => [
          e(m.record.computer),
          `<span class="verdict-${m.verdict}">${m.verdict}</span>`,
          failingItems(m).map(e).join('<br>'),
          e(m.record.file),
        ]),
      ),
    );
  if (report.columns.length)
    parts.push(
      '<h2>Checks and endpoints</h2>',
      table(
        ['Kind', 'Name', 'Machines failing'],
        report.columns.map((c) => [c.kind, e(c.key), String(c.failing)]),
        [2],
      ),
    );
  if (report.differences.length)
    parts.push(
      '<h2>Configuration differences</h2>',
      table(
        ['Machine', 'Differs from', 'Aspect', 'Value', 'Majority'],
        report.differences.map((d) => [e(d.computer), d.against, e(d.aspect), e(d.value), d.share ? `${e(d.expected)} (${d.share})` : '']),
      ),
    );
  if (report.problems.length)
    parts.push(
      '<h2>Files</h2>',
      table(
        ['File', 'Problem'],
        report.problems.map((p) => [e(p.file), e(p.message)]),
      ),
    );
  if (report.machines.length)
    parts.push(
      '<h2>All machines</h2>',
      table(
        ['Machine', 'Verdict', 'Manifest', 'Time', 'File'],
        report.machines.map((m) => [
          e(m.record.computer),
          `<span class="verdict-${m.verdict}">${m.verdict}</span>`,
          e(m.record.manifest),
          e(m.record.time),
          e(m.record.file),
        ]),
      ),
    );
  parts.push('</body></html>', '');
  return parts.join('\n');
}
