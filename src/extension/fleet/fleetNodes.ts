// The Fleet view's rows as plain data: machines (failures first), under each its checks and endpoints with
// verdict icons; then the files that could not be used.
import { isFailingCell, type Cell, type FleetReport } from '../../core/fleet/fleet';

/** A row of the Fleet view. */
export interface FleetNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  iconColor?: string;
  /** `viewItem` for menus: atpProxy.fleetMachine, atpProxy.fleetCheck, atpProxy.fleetEndpoint, atpProxy.fleetProblems, atpProxy.fleetProblem. */
  contextValue: string;
  children?: FleetNode[];
}

const PASSED = { icon: 'pass', iconColor: 'testing.iconPassed' };
const WARNED = { icon: 'warning', iconColor: 'problemsWarningIcon.foreground' };
const FAILED = { icon: 'error', iconColor: 'problemsErrorIcon.foreground' };

/** The icon of a cell: pass/ok a tick, warn a warning, skip a slashed circle, an interception a shield, other failures an error. */
function cellIcon(cell: Cell): { icon: string; iconColor?: string } {
  if (cell === 'pass' || cell === 'ok') return PASSED;
  if (cell === 'warn') return WARNED;
  if (cell === 'skip' || cell === 'none') return { icon: 'circle-slash' };
  if (cell === 'intercepted') return { icon: 'shield', iconColor: 'problemsErrorIcon.foreground' };
  return FAILED;
}

const VERDICT_ICONS = { pass: PASSED, warn: WARNED, fail: FAILED };

/** The rows for a report; `failuresOnly` keeps failing machines and, under them, only what failed or warned. */
export function fleetNodes(report: FleetReport, failuresOnly: boolean): FleetNode[] {
  const machines = report.machines
    .filter((m) => !failuresOnly || m.verdict !== 'pass')
    .map((m): FleetNode => {
      const r = m.record;
      const id = `machine:${r.computer.toLowerCase()}`;
      const checks = r.checks
        .filter((c) => !failuresOnly || isFailingCell(c.status))
        .map((c): FleetNode => ({
          id: `${id}/check:${c.id}`,
          label: c.id,
          description: c.status,
          tooltip: `${c.id}: ${c.status}\n${c.detail}`,
          contextValue: 'atpProxy.fleetCheck',
          ...cellIcon(c.status),
        }));
      const endpoints = r.results
        .filter((e) => !failuresOnly || isFailingCell(e.status))
        .map((e): FleetNode => ({
          id: `${id}/endpoint:${e.host}:${e.port}`,
          label: `${e.host}:${e.port}`,
          description: `${e.status} via ${e.via || 'DIRECT'}`,
          tooltip: [`${e.host}:${e.port}: ${e.status} via ${e.via || 'DIRECT'}`, e.issuer ? `issuer ${e.issuer}` : '', e.detail].filter(Boolean).join('\n'),
          contextValue: 'atpProxy.fleetEndpoint',
          ...cellIcon(e.status),
        }));
      const failing = m.cells.filter(isFailingCell).length;
      return {
        id,
        label: r.computer,
        description: failing ? `${m.verdict}: ${failing} failing` : m.verdict,
        tooltip: `${r.computer} (${r.kind === 'preflight' ? 'preflight' : 'atp-proxy test'}${r.time ? `, ${r.time}` : ''})\n${r.file}`,
        contextValue: 'atpProxy.fleetMachine',
        ...VERDICT_ICONS[m.verdict],
        children: [...checks, ...endpoints],
      };
    });
  const unusable = report.problems;
  if (unusable.length === 0) return machines;
  return [
    ...machines,
    {
      id: 'problems',
      label: 'Files',
      description: `${unusable.length} problem${unusable.length === 1 ? '' : 's'}`,
      contextValue: 'atpProxy.fleetProblems',
      ...WARNED,
      children: unusable.map((p, i) => ({
        id: `problem:${i}`,
        label: p.file.slice(p.file.lastIndexOf('/') + 1) || p.file,
        description: p.message,
        tooltip: `${p.file}\n${p.message}`,
        contextValue: 'atpProxy.fleetProblem',
        ...WARNED,
      })),
    },
  ];
}
