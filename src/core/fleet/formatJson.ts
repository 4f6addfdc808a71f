import type { FleetReport } from './fleet';

/** Schema of `report --format json`, so pipelines can tell it from later shapes. */
const FLEET_SCHEMA = 'atp-proxy-fleet/1';

/** The fleet report as one JSON document: counts, columns, one entry per machine with its cells, differences, problems. */
export function fleetJson(report: FleetReport): string {
  return `${JSON.stringify(
    {
      schema: FLEET_SCHEMA,
      manifest: report.manifest,
      counts: report.counts,
      columns: report.columns,
      machines: report.machines.map((m) => ({
        computer: m.record.computer,
        file: m.record.file,
        kind: m.record.kind,
        verdict: m.verdict,
        manifest: m.record.manifest,
        manifestSha256: m.record.manifestSha256,
        time: m.record.time,
        cells: m.cells,
        checks: m.record.checks,
        results: m.record.results,
      })),
      differences: report.differences,
      problems: report.problems,
    },
    null,
    1,
  )}\n`;
}
