// One machine's results as the fleet report reads them: a preflight document (SPEC section 8) or the output of
// `atp-proxy test --format json` (SPEC section 6). Every document is untrusted: it is read into a small, typed,
// bounded record, and whatever cannot be read is a reason, never an exception.
import { PROBE_STATUSES, type ProbeStatus } from '../connectivity/result';
import { nestingDepth } from './nesting';

/** The schema this version writes and reads; a later `atp-proxy-preflight/N` is named as newer, not guessed at. */
const PREFLIGHT_SCHEMA = 'atp-proxy-preflight/1';

/** Statuses of a preflight check (SPEC section 8). */
const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Largest result file read (1 MB): a machine's document is a few KB; anything near this is a wrong file or hostile. */
export const MAX_RESULT_BYTES = 1024 * 1024;
/** Deepest nesting accepted: the documents are three levels deep; a deeper one is refused before it is parsed. */
const MAX_DEPTH = 16;
/** Most checks and results kept per machine, and longest text kept per field. */
const MAX_ITEMS = 200;
const MAX_NAME = 200;
const MAX_DETAIL = 1000;

/** One check of a preflight document. */
interface MachineCheck {
  id: string;
  status: CheckStatus;
  detail: string;
}

/** One endpoint verdict, as `test --format json` prints it. */
interface MachineResult {
  host: string;
  port: number;
  status: ProbeStatus;
  via: string;
  issuer: string;
  detail: string;
}

/** One machine's document, bounded and typed. */
export interface MachineRecord {
  /** The file it was read from, as given. */
  file: string;
  kind: 'preflight' | 'test';
  /** The computer name (preflight), else the file name without `.json`. */
  computer: string;
  manifest: string;
  manifestSha256: string;
  time: string;
  checks: MachineCheck[];
  results: MachineResult[];
  /** What was dropped or odd in an otherwise usable document (over a limit, an unknown status). */
  notes: string[];
}

/** A document read, or why it cannot be used. */
export type ReadDocument = { record: MachineRecord } | { error: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field as bounded one-line text ('' when missing or not a string). */
function text(value: Json | undefined, max: number): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.json$/i, '') || base;
}

function readChecks(value: Json | undefined, notes: string[]): MachineCheck[] {
  if (!Array.isArray(value)) return [];
  if (value.length > MAX_ITEMS) notes.push(`${value.length} checks: the first ${MAX_ITEMS} are kept`);
  const checks: MachineCheck[] = [];
  for (const item of value.slice(0, MAX_ITEMS)) {
    if (!isObject(item)) continue;
    const id = text(item.id, MAX_NAME);
    if (!id) continue;
    const raw = text(item.status, MAX_NAME);
    const known = (CHECK_STATUSES as readonly string[]).includes(raw);
    if (!known) notes.push(`check ${id}: unknown status "${raw}", counted as fail`);
    checks.push({ id, status: known ? (raw as CheckStatus) : 'fail', detail: text(item.detail, MAX_DETAIL) });
  }
  return checks;
}

function readResults(value: Json | undefined, notes: string[]): MachineResult[] {
  if (!Array.isArray(value)) return [];
  if (value.length > MAX_ITEMS) notes.push(`${value.length} results: the first ${MAX_ITEMS} are kept`);
  const results: MachineResult[] = [];
  for (const item of value.slice(0, MAX_ITEMS)) {
    if (!isObject(item)) continue;
    const host = text(item.host, MAX_NAME);
    if (!host) continue;
    const port = typeof item.port === 'number' && Number.isInteger(item.port) && item.port > 0 && item.port < 65536 ? item.port : 443;
    const raw = text(item.status, MAX_NAME);
    const known = (PROBE_STATUSES as readonly string[]).includes(raw);
    if (!known) notes.push(`${host}:${port}: unknown status "${raw}", counted as a failure`);
    results.push({
      host,
      port,
      // An unknown verdict is not ok: "http" is the catch-all failure of the probe.
      status: known ? (raw as ProbeStatus) : 'http',
      via: text(item.via, MAX_NAME),
      issuer: text(item.issuer, MAX_NAME),
      detail: text(item.detail, MAX_DETAIL),
    });
  }
  return results;
}

/** Reads one document's text (already decoded); `file` names it in the record and in the reasons. */
export function readDocument(file: string, source: string): ReadDocument {
  if (source.length > MAX_RESULT_BYTES)
    return { error: `over the ${MAX_RESULT_BYTES / 1024} KB limit of a result file: a machine's document is a few KB, check the file` };
  const depth = nestingDepth(source);
  if (depth > MAX_DEPTH) return { error: `nested ${depth} levels deep (a result document has 3): not a preflight or test document` };
  let parsed: Json;
  try {
    parsed = JSON.parse(source.replace(/^\uFEFF/, '')) as Json;
  } catch (error) {
    // Cut short when the parser stopped at the very end of the text (V8 names the position) or says so.
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const truncated = /end of (JSON )?input|Unterminated/i.test(message) || (at !== null && Number(at[1]) >= source.trimEnd().length);
    return {
      error: truncated
        ? 'the JSON ends early (truncated: the run was interrupted or the copy is incomplete); run the preflight again on that machine'
        : `not JSON (${text(message, MAX_NAME)}): give preflight documents or atp-proxy test --format json outputs`,
    };
  }
  if (!isObject(parsed)) return { error: 'not a preflight document nor an atp-proxy test --format json output (the JSON is not an object)' };
  const notes: string[] = [];
  if ('schema' in parsed) {
    const schema = text(parsed.schema, MAX_NAME);
    if (schema !== PREFLIGHT_SCHEMA) {
      const newer = /^atp-proxy-preflight\/(\d+)$/.exec(schema);
      return {
        error: newer
          ? `schema ${schema} is newer than this atp-proxy reads (${PREFLIGHT_SCHEMA}): update atp-proxy to report on it`
          : `unknown schema "${schema}": give preflight documents (${PREFLIGHT_SCHEMA}) or atp-proxy test --format json outputs`,
      };
    }
    const computer = text(parsed.computer, MAX_NAME) || fileStem(file);
    return {
      record: {
        file,
        kind: 'preflight',
        computer,
        manifest: text(parsed.manifest, MAX_NAME),
        manifestSha256: text(parsed.manifestSha256, MAX_NAME).toLowerCase(),
        time: text(parsed.time, MAX_NAME),
        checks: readChecks(parsed.checks, notes),
        results: readResults(parsed.results, notes),
        notes,
      },
    };
  }
  if (Array.isArray(parsed.results)) {
    return {
      record: {
        file,
        kind: 'test',
        computer: fileStem(file),
        manifest: text(parsed.file, MAX_NAME).split(/[\\/]/).pop() ?? '',
        manifestSha256: '',
        time: '',
        checks: [],
        results: readResults(parsed.results, notes),
        notes,
      },
    };
  }
  return { error: `not a preflight document (no "schema": "${PREFLIGHT_SCHEMA}") nor an atp-proxy test --format json output (no "results")` };
}
