import type { Node } from 'jsonc-parser';
import { CODES } from './codes';
import type { Code, Finding, FixData } from './finding';

/** Most findings of one code a validation returns; the rest become one summary finding of the same code. */
export const MAX_FINDINGS_PER_CODE = 1000;

/** A message or fix, or a function that builds it: built only for a finding that is kept. */
export type Lazy<T> = T | (() => T);

function force<T>(value: Lazy<T>): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/**
 * Collects findings, at most MAX_FINDINGS_PER_CODE per code: a 200,000-entry allow list of one duplicate gave
 * 200,000 ATP115 diagnostics, which no editor or reader can use (and building them took seconds). The first ones
 * of each code are kept; one finding at the first dropped one says how many more there were.
 */
export class CappedFindings {
  private readonly kept: Finding[] = [];
  private readonly counts = new Map<Code, number>();
  private readonly firstDropped = new Map<Code, { offset: number; length: number }>();

  /** Records a finding of `code` at `node`; the severity comes from the code table. */
  add(code: Code, node: Pick<Node, 'offset' | 'length'>, message: Lazy<string>, fix?: Lazy<FixData | undefined>): void {
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count > MAX_FINDINGS_PER_CODE) {
      if (count === MAX_FINDINGS_PER_CODE + 1) this.firstDropped.set(code, { offset: node.offset, length: node.length });
      return;
    }
    const data = fix === undefined ? undefined : force(fix);
    this.kept.push({
      code,
      severity: CODES[code].severity,
      guidance: CODES[code].guidance,
      message: force(message),
      offset: node.offset,
      length: node.length,
      ...(data ? { fix: data } : {}),
    });
  }

  /** The kept findings and one summary per code that had more, sorted by position. */
  findings(): Finding[] {
    const all = [...this.kept];
    for (const [code, at] of this.firstDropped) {
      const more = (this.counts.get(code) ?? 0) - MAX_FINDINGS_PER_CODE;
      all.push({
        code,
        severity: CODES[code].severity,
        guidance: CODES[code].guidance,
        message: `${more.toLocaleString('en-US')} more ${code} findings (${CODES[code].title}) are not listed: only the first ${MAX_FINDINGS_PER_CODE.toLocaleString('en-US')} of a code are. Fix these, then validate again.`,
        ...at,
      });
    }
    return all.sort(byPosition);
  }
}

/**
 * Findings in document order; at one position, by code. Codes are "ATP" and three digits, so code units order them:
 * `localeCompare` loaded ICU's collator on its first call, 10 ms of every run that has two findings at one place.
 */
export function byPosition(a: Finding, b: Finding): number {
  return a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
