/** Diagnostic codes: a public contract (CLI, SARIF, quick fixes, docs). Never renumber. */
export type Code =
  | 'ATP100'
  | 'ATP101'
  | 'ATP102'
  | 'ATP110'
  | 'ATP111'
  | 'ATP112'
  | 'ATP113'
  | 'ATP114'
  | 'ATP115'
  | 'ATP116'
  | 'ATP117'
  | 'ATP118'
  | 'ATP119'
  | 'ATP120'
  | 'ATP130'
  | 'ATP131'
  | 'ATP140'
  | 'ATP141'
  | 'ATP142'
  | 'ATP143'
  | 'ATP144'
  | 'ATP145'
  | 'ATP146'
  | 'ATP147'
  | 'ATP150'
  | 'ATP151'
  | 'ATP152'
  | 'ATP153'
  | 'ATP154'
  | 'ATP155'
  | 'ATP160'
  | 'ATP161'
  | 'ATP170';

export type Severity = 'error' | 'warning' | 'info';

/** The guidance a rule comes from (SPEC section 3): `current`, `2018`, or `both`. */
export type FindingGuidance = 'current' | '2018' | 'both';

/** A JSON path inside the manifest. */
export type JsonPath = (string | number)[];

/** What a fix does, computed when the finding is made; turned into text edits by core/fixes. */
export type FixData =
  | { kind: 'set'; path: JsonPath; value: unknown; title: string; preferred?: boolean; alternatives?: { value: unknown; title: string }[] }
  | { kind: 'remove'; path: JsonPath; title: string }
  | { kind: 'append'; path: JsonPath; values: unknown[]; title: string }
  | { kind: 'renameKey'; path: JsonPath; to: string; title: string }
  | { kind: 'replaceText'; offset: number; length: number; text: string; title: string };

/** One finding: a code, a severity, a range (offsets into the text) and a message that says what to do. */
export interface Finding {
  code: Code;
  severity: Severity;
  /** The guidance the rule comes from (from the code table). */
  guidance: FindingGuidance;
  message: string;
  offset: number;
  length: number;
  fix?: FixData;
}

/** Whether a finding has a quick fix (the `fixable` field of the CLI's JSON). Here, not in core/fixes, so that reporting findings does not load the fix code. */
export function isFixable(finding: Finding): boolean {
  return finding.fix !== undefined;
}
