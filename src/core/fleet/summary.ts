// The sentences every format of the fleet report shares.
import type { FleetMachine, FleetReport } from './fleet';
import type { Difference } from './majority';

/** "500 machines: 480 pass, 5 warn, 15 fail; 2 of 502 files unusable." */
export function summaryLine(report: FleetReport): string {
  const c = report.counts;
  const files = c.unusable ? `; ${c.unusable} of ${c.files} files could not be used` : '';
  const manifest = report.manifest ? ` (manifest ${report.manifest})` : '';
  return `Fleet report${manifest}: ${c.machines} machine${c.machines === 1 ? '' : 's'}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail${files}.`;
}

/** What is wrong on one machine, one phrase per failing check or endpoint ("proxy-config fail: …", "host:443 intercepted"). */
export function failingItems(machine: FleetMachine): string[] {
  const r = machine.record;
  return [
    ...r.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.id} ${c.status}${c.detail ? `: ${c.detail}` : ''}`),
    ...r.results.filter((e) => e.status !== 'ok').map((e) => `${e.host}:${e.port} ${e.status}`),
  ];
}

/** "proxy-config differs from the manifest: …" or "proxy used is other:3128; the majority (5 of 7): proxy:8080". */
export function differenceText(d: Difference): string {
  return d.against === 'manifest' ? `${d.aspect} differs from the manifest: ${d.value}` : `${d.aspect} is ${d.value}; the majority (${d.share}): ${d.expected}`;
}

/** The failing checks and endpoints of a machine by name and status alone ("proxy-config fail", "host:80 timeout"). */
export function failingNames(machine: FleetMachine): string[] {
  const r = machine.record;
  return [
    ...r.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.id} ${c.status}`),
    ...r.results.filter((e) => e.status !== 'ok').map((e) => `${e.host}:${e.port} ${e.status}`),
  ];
}
