// Medians, percentiles, machine description and table printing for the benchmarks.
import os from 'node:os';
import process from 'node:process';

export function median(values) {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

export function fmtMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function fmtRatio(r) {
  return `${r.toFixed(2)}×`;
}

export function fmtKB(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function fmtMB(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** Prints rows (arrays of cells) as an aligned plain-text table. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function verdict(ok) {
  return ok ? 'pass' : 'MISS';
}
