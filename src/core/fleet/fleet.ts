// Many machines' records merged into one fleet report: the machine × column matrix of verdicts, the failing checks,
// and the machines whose configuration differs from the manifest or from the majority.
import type { ProbeStatus } from '../connectivity/result';
import type { CheckStatus, MachineRecord } from './document';
import { configurationDifferences, type Difference } from './majority';

/** A machine's overall verdict: fail (a check failed or an endpoint is not ok), warn (a check warned), pass. */
type MachineVerdict = 'pass' | 'warn' | 'fail';

/** One cell of the matrix: a check's status, an endpoint's verdict, or nothing ('none': the machine has no such entry). */
export type Cell = CheckStatus | ProbeStatus | 'none';

/** A column of the matrix: a check id or an endpoint `host:port`. */
interface Column {
  kind: 'check' | 'endpoint';
  key: string;
  /** Machines whose cell in this column is not ok/pass/skip/none. */
  failing: number;
}

/** A machine row of the report. */
export interface FleetMachine {
  record: MachineRecord;
  verdict: MachineVerdict;
  cells: Cell[];
  /** The row's cells as one string, so rows with the same picture group together. */
  pattern: string;
}

/** A file that could not be used, or a machine's document superseded by a later one. */
export interface FleetProblem {
  file: string;
  message: string;
}

export interface FleetReport {
  manifest: string;
  columns: Column[];
  /** Sorted: failing machines first, then by pattern (same picture together), then by name. */
  machines: FleetMachine[];
  differences: Difference[];
  problems: FleetProblem[];
  counts: { machines: number; pass: number; warn: number; fail: number; files: number; unusable: number };
}

const CELL_FAILS = new Set<Cell>(['fail', 'warn', 'dns', 'refused', 'timeout', 'proxy-denied', 'proxy-auth', 'tls', 'intercepted', 'http']);

/** True when a cell is a failure or a warning (what "show failures only" keeps). */
export function isFailingCell(cell: Cell): boolean {
  return CELL_FAILS.has(cell);
}

function machineVerdict(record: MachineRecord): MachineVerdict {
  if (record.checks.some((c) => c.status === 'fail') || record.results.some((r) => r.status !== 'ok')) return 'fail';
  return record.checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';
}

const VERDICT_ORDER: Record<MachineVerdict, number> = { fail: 0, warn: 1, pass: 2 };

/** Collects records one at a time (only the bounded records are kept, so memory grows with machines, not bytes). */
export class FleetBuilder {
  private readonly byComputer = new Map<string, MachineRecord>();
  private readonly problems: FleetProblem[] = [];
  private files = 0;
  private unusable = 0;

  /** Adds one machine's record; a second document for the same computer keeps the later `time` (else the later file). */
  add(record: MachineRecord): void {
    this.files++;
    for (const note of record.notes) this.problems.push({ file: record.file, message: note });
    const key = record.computer.toLowerCase();
    const previous = this.byComputer.get(key);
    if (previous) {
      const keepNew = record.time >= previous.time;
      const [kept, dropped] = keepNew ? [record, previous] : [previous, record];
      this.problems.push({ file: dropped.file, message: `${dropped.computer}: superseded by ${kept.file}${kept.time ? ` (${kept.time})` : ''}` });
      if (!keepNew) return;
    }
    this.byComputer.set(key, record);
  }

  /** Records a file that could not be read or used. */
  addProblem(file: string, message: string): void {
    this.files++;
    this.unusable++;
    this.problems.push({ file, message });
  }

  build(): FleetReport {
    const records = [...this.byComputer.values()];
    const checkIds = new Map<string, number>();
    const endpoints = new Map<string, number>();
    for (const r of records) {
      for (const c of r.checks) if (!checkIds.has(c.id)) checkIds.set(c.id, checkIds.size);
      for (const e of r.results) {
        const key = `${e.host}:${e.port}`;
        if (!endpoints.has(key)) endpoints.set(key, endpoints.size);
      }
    }
    // Checks in the order the documents list them; endpoints in the order they were first tested.
    const columns: Column[] = [
      ...[...checkIds.keys()].map((key): Column => ({ kind: 'check', key, failing: 0 })),
      ...[...endpoints.keys()].map((key): Column => ({ kind: 'endpoint', key, failing: 0 })),
    ];
    const index = new Map(columns.map((c, i) => [`${c.kind}\u0000${c.key}`, i]));
    const machines = records.map((record): FleetMachine => {
      const cells: Cell[] = columns.map(() => 'none');
      for (const c of record.checks) cells[index.get(`check\u0000${c.id}`)!] = c.status;
      for (const e of record.results) cells[index.get(`endpoint\u0000${e.host}:${e.port}`)!] = e.status;
      cells.forEach((cell, i) => {
        if (isFailingCell(cell)) columns[i].failing++;
      });
      return { record, verdict: machineVerdict(record), cells, pattern: cells.join(',') };
    });
    const patternSize = new Map<string, number>();
    for (const m of machines) patternSize.set(m.pattern, (patternSize.get(m.pattern) ?? 0) + 1);
    machines.sort(
      (a, b) =>
        VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
        patternSize.get(b.pattern)! - patternSize.get(a.pattern)! ||
        (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0) ||
        a.record.computer.localeCompare(b.record.computer, 'en'),
    );
    const count = (v: MachineVerdict): number => machines.filter((m) => m.verdict === v).length;
    const manifests = new Map<string, number>();
    for (const r of records) if (r.manifest) manifests.set(r.manifest, (manifests.get(r.manifest) ?? 0) + 1);
    const manifest = [...manifests].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    return {
      manifest,
      columns,
      machines,
      differences: configurationDifferences(records),
      problems: this.problems,
      counts: { machines: machines.length, pass: count('pass'), warn: count('warn'), fail: count('fail'), files: this.files, unusable: this.unusable },
    };
  }
}
