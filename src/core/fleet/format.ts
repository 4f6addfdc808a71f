import type { FleetReport } from './fleet';
import { fleetHtml } from './formatHtml';
import { fleetJson } from './formatJson';
import { fleetMarkdown } from './formatMarkdown';
import { fleetText } from './formatText';

export const FLEET_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

/** The report in one of its formats; `title` heads the html page. */
export function formatFleet(report: FleetReport, format: FleetFormat, title?: string): string {
  switch (format) {
    case 'json':
      return fleetJson(report);
    case 'markdown':
      return fleetMarkdown(report);
    case 'html':
      return fleetHtml(report, title);
    default:
      return fleetText(report);
  }
}

/** Exit code of `atp-proxy report` (SPEC section 6): 2 a file could not be used, 1 some machine failed, 0 all ok. */
export function fleetExitCode(report: FleetReport): 0 | 1 | 2 {
  if (report.counts.unusable > 0 || report.counts.files === 0) return 2;
  return report.counts.fail > 0 ? 1 : 0;
}
