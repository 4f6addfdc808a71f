// The machine × column matrix as inline SVG. Each distinct row of verdicts is drawn once (a <symbol>) and every
// machine is a <use> of it, so 2,000 machines cost 2,000 short lines, and rows with the same picture are grouped.
import { escapeHtml } from './escapeHtml';
import type { FleetMachine, FleetReport } from './fleet';
import { failingItems, failingNames } from './summary';

const CELL = 14;
const STEP = 16;
const LABEL = 190;
const HEADER = 220;
const GROUP = 20;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Groups of machines that share one row picture, in the report's order (failures first, larger groups first). */
function groups(machines: readonly FleetMachine[]): FleetMachine[][] {
  const out: FleetMachine[][] = [];
  for (const m of machines) {
    const last = out[out.length - 1];
    if (last && last[0].pattern === m.pattern) last.push(m);
    else out.push([m]);
  }
  return out;
}

function columnHeaders(report: FleetReport): string[] {
  return report.columns.map((c, i) => {
    const x = LABEL + i * STEP + CELL / 2;
    const label = `${c.kind === 'check' ? '\u2713 ' : ''}${c.key}`;
    return `<text class="col" transform="translate(${x},${HEADER - 6}) rotate(-55)"><title>${escapeHtml(`${c.kind} ${c.key}: ${c.failing} machine(s) failing`)}</title>${escapeHtml(shorten(label, 34))}</text>`;
  });
}

/** The full matrix: one row per machine, a header row per group of identical pictures; width follows the columns. */
export function matrixSvg(report: FleetReport): string {
  const symbols = new Map<string, string>();
  const lines: string[] = [];
  let y = HEADER;
  for (const group of groups(report.machines)) {
    const first = group[0];
    let id = symbols.get(first.pattern);
    if (!id) {
      id = `p${symbols.size}`;
      symbols.set(first.pattern, id);
    }
    const failing = failingNames(first).join(', ');
    const heading = `${group.length} machine${group.length === 1 ? '' : 's'}, ${first.verdict}${failing ? `: ${shorten(failing, 120)}` : ''}`;
    lines.push(`<text class="group" x="4" y="${y + 14}">${escapeHtml(heading)}</text>`);
    y += GROUP;
    for (const m of group) {
      const tip = [m.record.computer, ...failingItems(m)].join('\n');
      lines.push(
        `<g><title>${escapeHtml(tip)}</title><text class="name" x="${LABEL - 6}" y="${y + 11}">${escapeHtml(shorten(m.record.computer, 26))}</text><use href="#${id}" y="${y}"/></g>`,
      );
      y += STEP;
    }
  }
  const defs = [...symbols].map(([pattern, id]) => {
    const cells = pattern.split(',').map((cell, i) => `<rect x="${LABEL + i * STEP}" width="${CELL}" height="${CELL}" class="v-${cell}"/>`);
    return `<symbol id="${id}" overflow="visible">${cells.join('')}</symbol>`;
  });
  // Room on the right for the last column's slanted label.
  const width = Math.max(LABEL + report.columns.length * STEP + 180, 700);
  const height = y + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="matrix" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Machine by check and endpoint verdict matrix">`,
    `<defs>${defs.join('')}</defs>`,
    ...columnHeaders(report),
    ...lines,
    '</svg>',
  ].join('\n');
}
