import { FormattingOptions, JSONPath, applyEdits as applyJsonEdits, findNodeAtLocation, modify } from 'jsonc-parser';
import { parseJsonc } from '../manifest/parse';
import { Code, Finding, FixData } from '../rules/finding';
import { TextEdit, applyEdits, diffAsEdit } from './textEdit';

/** A quick fix: a title and the edits, computed in core so the editor and the CLI apply the same change. */
export interface CodeFix {
  title: string;
  edits: TextEdit[];
  isPreferred: boolean;
}

/** The indentation and line ending the document already uses, so edits look hand-written. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 4, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

function set(text: string, path: JSONPath, value: unknown): string {
  return applyJsonEdits(text, modify(text, path, value, { formattingOptions: formattingOf(text) }));
}

/** Appends values to the array at `path`, creating the array (and its parents) when missing. */
function append(text: string, path: JSONPath, values: unknown[]): string {
  const root = parseJsonc(text);
  const array = root ? findNodeAtLocation(root, path) : undefined;
  if (!array || array.type !== 'array') return set(text, path, values);
  let result = text;
  for (const value of values) {
    result = applyJsonEdits(result, modify(result, [...path, -1], value, { formattingOptions: formattingOf(result), isArrayInsertion: true }));
  }
  return result;
}

function renameKey(text: string, path: JSONPath, to: string): string {
  const root = parseJsonc(text);
  const key = root ? findNodeAtLocation(root, path)?.parent?.children?.[0] : undefined;
  if (!key) return text;
  return applyEdits(text, [{ offset: key.offset, length: key.length, newText: JSON.stringify(to) }]);
}

/** The text after applying one fix's data (the main choice for fixes with alternatives). */
export function applyFixData(text: string, fix: FixData, value?: unknown): string {
  switch (fix.kind) {
    case 'set':
      return set(text, fix.path, value === undefined ? fix.value : value);
    case 'remove':
      return set(text, fix.path, undefined);
    case 'append':
      return append(text, fix.path, fix.values);
    case 'renameKey':
      return renameKey(text, fix.path, fix.to);
    case 'replaceText':
      return applyEdits(text, [{ offset: fix.offset, length: fix.length, newText: fix.text }]);
  }
}

function asFix(text: string, title: string, after: string, isPreferred: boolean): CodeFix[] {
  return after === text ? [] : [{ title, edits: [diffAsEdit(text, after)], isPreferred }];
}

/** The quick fixes of one finding: its main fix (preferred) and any alternatives; none when the edit cannot be computed. */
export function fixesFor(text: string, finding: Finding): CodeFix[] {
  try {
    return computeFixes(text, finding);
  } catch {
    // jsonc-parser's modify gives up on some pathological texts (e.g. thousands of nested arrays): offer no fix rather than fail.
    return [];
  }
}

function computeFixes(text: string, finding: Finding): CodeFix[] {
  const fix = finding.fix;
  if (!fix) return [];
  const fixes = asFix(text, fix.title, applyFixData(text, fix), fix.kind !== 'set' || fix.preferred !== false);
  if (fix.kind === 'set') {
    for (const alternative of fix.alternatives ?? []) {
      for (const alt of asFix(text, alternative.title, applyFixData(text, fix, alternative.value), false)) fixes.push(alt);
    }
  }
  return fixes;
}

const MISSING_ENDPOINT_CODES: ReadonlySet<Code> = new Set<Code>(['ATP110', 'ATP111', 'ATP112', 'ATP116']);

/** Whether a finding is a missing endpoint, which "add all missing endpoints" adds together with the others. */
export function isMissingEndpoint(finding: Pick<Finding, 'code'>): boolean {
  return MISSING_ENDPOINT_CODES.has(finding.code);
}

/** One fix that adds every missing endpoint at once, when more than one is missing. */
export function addAllMissingEndpoints(text: string, findings: readonly Finding[]): CodeFix | undefined {
  const hosts = findings.filter((f) => isMissingEndpoint(f) && f.fix?.kind === 'append').flatMap((f) => (f.fix?.kind === 'append' ? f.fix.values : []));
  if (hosts.length < 2) return undefined;
  try {
    return asFix(text, `Add all ${hosts.length} missing endpoints to the allow list`, append(text, ['firewall', 'allow'], hosts), false)[0];
  } catch {
    return undefined;
  }
}
