import { parseManifest } from '../manifest/parse';
import { Finding } from '../rules/finding';
import { validate } from '../rules/validate';
import { applyFixData } from './fixes';

/** What `fixAll` did. */
export interface FixAllResult {
  text: string;
  /** The findings that were fixed, in the order their fixes were applied. */
  applied: Finding[];
  /** Findings left (not fixable, or whose fix would have made the text worse). */
  remaining: Finding[];
}

const MAX_PASSES = 1000;

function keyOf(finding: Finding): string {
  return `${finding.code}|${finding.message}`;
}

// Renames first: an unknown key renamed to a known one ("allowlist" → "allow") brings its values back into view, so the
// fixes that add what is missing then extend that list instead of creating a second one beside it. Additions last.
const ORDER: Record<NonNullable<Finding['fix']>['kind'], number> = { renameKey: 0, set: 1, replaceText: 1, remove: 1, append: 2 };

/** The next fix to try: the first of the earliest kind (renames, then changes and removals, then additions). */
function nextFixable(findings: readonly Finding[], skipped: ReadonlySet<string>): Finding | undefined {
  let next: Finding | undefined;
  for (const f of findings) {
    if (f.fix && !skipped.has(keyOf(f)) && (!next?.fix || ORDER[f.fix.kind] < ORDER[next.fix.kind])) next = f;
  }
  return next;
}

/**
 * Applies, one at a time and re-validating after each, every fix that has one unambiguous edit (the preferred choice
 * where a fix offers alternatives): renames before additions, until no fixable finding is left (bounded).
 */
export function fixAll(original: string): FixAllResult {
  let text = original;
  const applied: Finding[] = [];
  const skipped = new Set<string>();
  let findings = validate(text);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = nextFixable(findings, skipped);
    if (!next?.fix) break;
    let after: string;
    try {
      after = applyFixData(text, next.fix);
    } catch {
      after = text; // no edit could be computed: skipped below
    }
    // A fix must change the text and must never add a syntax error (the text may already have some).
    if (after === text || parseManifest(after).syntaxErrors.length > parseManifest(text).syntaxErrors.length) {
      skipped.add(keyOf(next));
      continue;
    }
    text = after;
    applied.push(next);
    findings = validate(text);
  }
  return { text, applied, remaining: findings };
}
