import * as path from 'path';
import { pathToFileURL } from 'url';
import { CODES } from '../../core/rules/codes';
import { Code } from '../../core/rules/finding';
import { LineIndex } from '../../core/text/lineIndex';
import { FileReport } from './fileReport';
import { FINGERPRINT_KEY, fingerprints } from './fingerprint';

/** A file's report with its text, for snippets and fingerprints (absent for a file that could not be read). */
export type SarifInput = FileReport & { text?: string };

/** Lines of context shown around a finding (`contextRegion`). */
const CONTEXT_LINES = 2;
/** Regions longer than this many lines get no snippet: an alert shows a few lines, not a whole list. */
const MAX_SNIPPET_LINES = 20;

/** The SARIF results of one file: 1-based regions, the region's text as `snippet`, lines around it as `contextRegion`, and fingerprints. */
function resultsOf(report: SarifInput, codes: readonly Code[]): object[] {
  const text = report.text;
  const lines = text === undefined ? [] : text.split(/\r\n|\r|\n/);
  const index = text === undefined ? undefined : new LineIndex(text);
  const prints =
    text === undefined || index === undefined
      ? []
      : fingerprints(
          text,
          lines,
          report.findings.map((f) => ({ code: f.code, offset: index.offsetAt(f.range.start), line: f.range.start.line })),
        );
  return report.findings.map((f, i) => {
    const start = f.range.start;
    const end = f.range.end;
    const region: Record<string, unknown> = {
      startLine: start.line + 1,
      startColumn: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
    let contextRegion: object | undefined;
    if (text !== undefined && index !== undefined && end.line - start.line < MAX_SNIPPET_LINES) {
      region.snippet = { text: text.slice(index.offsetAt(start), index.offsetAt(end)) };
      const first = Math.max(0, start.line - CONTEXT_LINES);
      const last = Math.min(lines.length - 1, end.line + CONTEXT_LINES);
      contextRegion = { startLine: first + 1, endLine: last + 1, snippet: { text: `${lines.slice(first, last + 1).join('\n')}\n` } };
    }
    return {
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code as Code),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(report.file) }, region, ...(contextRegion ? { contextRegion } : {}) } }],
      ...(prints[i] ? { partialFingerprints: { [FINGERPRINT_KEY]: prints[i] } } : {}),
    };
  });
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };
const HELP_URI = 'https://github.com/atp-sensor-proxy/atp-sensor-proxy#diagnostics';

function uriOf(file: string): string {
  // Relative paths stay relative (code scanning resolves them against the checkout); absolute ones become file URIs.
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split(path.sep).join('/');
}

/**
 * SARIF 2.1.0 with one run for every file, rule metadata for every code, one result per finding (with snippets and
 * `partialFingerprints`), and a notification per unreadable file.
 */
export function formatSarif(reports: readonly SarifInput[], version: string): string {
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
  const results = reports.flatMap((report) => resultsOf(report, codes));
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
