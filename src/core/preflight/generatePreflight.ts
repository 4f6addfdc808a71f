// The preflight script of SPEC section 8: Windows PowerShell 5.1, pure ASCII, no module, no download, the manifest
// embedded. Assembled from one module per concern; only the data section depends on the manifest.
import { CHECK_LINES } from './checkLines';
import { dataSectionLines } from './dataSection';
import { IN_FORCE_LINES } from './inForceLines';
import { headLines, OPTION_LINES, RUN_LINES } from './outputLines';
import type { PreflightData } from './preflightData';
import { PROBE_LINES } from './probeLines';
import { REGISTRY_LINES } from './registryLines';
import { ROUTE_LINES } from './routeLines';
import { SENSOR_LINES } from './sensorLines';

/** A file name as a comment may show it: letters, digits and `._ -` kept, anything else `_` (no `#>`, no line break). */
function commentSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 120);
}

/** The script text (CRLF line ends); `forced` is the header line of a manifest with error findings. */
export function generatePreflightScript(data: PreflightData, forced?: string): string {
  const lines = [
    ...headLines({ manifest: commentSafe(data.manifestName), forced }),
    ...dataSectionLines(data),
    ...OPTION_LINES,
    '',
    ...REGISTRY_LINES,
    '',
    ...SENSOR_LINES,
    '',
    ...IN_FORCE_LINES,
    '',
    ...CHECK_LINES,
    '',
    ...ROUTE_LINES,
    '',
    ...PROBE_LINES,
    '',
    ...RUN_LINES,
    '',
  ];
  const script = lines.join('\r\n');
  // psQuote keeps every manifest string printable ASCII; a non-ASCII byte here would be a generator bug (issue 18).
  if (!/^[\x20-\x7e\r\n]*$/.test(script)) throw new Error('generatePreflightScript: the script would not be pure ASCII');
  return script;
}
