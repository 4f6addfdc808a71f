import * as path from 'path';
import { pathToFileURL } from 'url';
import { CODES } from '../../core/rules/codes';
import { Code } from '../../core/rules/finding';
import { FileReport } from './fileReport';

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };
const HELP_URI = 'https://github.com/atp-sensor-proxy/atp-sensor-proxy#diagnostics';

function uriOf(file: string): string {
  // Relative paths stay relative (code scanning resolves them against the checkout); absolute ones become file URIs.
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split(path.sep).join('/');
}

/** SARIF 2.1.0 with one run, rule metadata for every code, one result per finding, and a notification per unreadable file. */
export function formatSarif(reports: readonly FileReport[], version: string): string {
  const codes = Object.keys(CODES) as Code[];
  const rules = codes.map((code) => ({
    id: code,
    name: CODES[code].title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: CODES[code].title },
    fullDescription: { text: CODES[code].help },
    help: {
      text: `${CODES[code].help}${CODES[code].fix ? ` Fix: ${CODES[code].fix}` : ''}`,
      markdown: `**${code}: ${CODES[code].title}.** ${CODES[code].help}${CODES[code].fix ? `\n\nQuick fix: ${CODES[code].fix}` : ''}`,
    },
    helpUri: `${HELP_URI}-${code.toLowerCase()}`,
    defaultConfiguration: { level: LEVEL[CODES[code].severity] },
    // The guidance the rule comes from and when it runs (SPEC section 3).
    properties: { guidance: CODES[code].guidance, applies: CODES[code].applies },
  }));
  const results = reports.flatMap((report) =>
    report.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code as Code),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(report.file) },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'atp-proxy', version, semanticVersion: version, informationUri: 'https://github.com/atp-sensor-proxy/atp-sensor-proxy', rules },
        },
        // A file that could not be read is a notification of a failed execution, not a result (it has no rule).
        invocations: [
          {
            executionSuccessful: reports.every((r) => r.error === undefined),
            toolExecutionNotifications: reports
              .filter((r) => r.error !== undefined)
              .map((r) => ({
                level: 'error',
                message: { text: r.error },
                locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(r.file) } } }],
              })),
          },
        ],
        artifacts: reports.map((r) => ({ location: { uri: uriOf(r.file) } })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
