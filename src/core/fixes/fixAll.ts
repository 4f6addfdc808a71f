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

/** Applies, one at a time and re-validating after each, every fix that has one unambiguous edit (the preferred choice where a fix offers alternatives). */
export function fixAll(original: string): FixAllResult {
  let text = original;
  const applied: Finding[] = [];
  const skipped = new Set<string>();
  let findings = validate(text);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = findings.find((f) => f.fix && !skipped.has(keyOf(f)));
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

/** Whether a finding has a quick fix (the `fixable` field of the CLI's JSON). */
export function isFixable(finding: Finding): boolean {
  return finding.fix !== undefined;
}
