import { createHash } from 'crypto';
import { findNodeAtOffset, getNodePath } from 'jsonc-parser';
import { parseJsonc } from '../../core/manifest/parse';

/** The key of our fingerprint in SARIF `partialFingerprints`; the version changes if the recipe ever does. */
export const FINGERPRINT_KEY = 'atpProxyFinding/v1';

/** A line as the fingerprint sees it: no indentation, runs of blanks as one space, no trailing comma (added when an entry follows). */
export function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ').replace(/\s*,$/, '');
}

/**
 * Fingerprints of findings in one file, for code scanning to keep a finding's identity across edits elsewhere:
 * a hash of the code, the JSON path of the value at the finding and its line's normalized text (not its line number),
 * with `:N` for the Nth finding that would otherwise share one. `findings` give each finding's code, start offset and line.
 */
export function fingerprints(text: string, lines: readonly string[], findings: readonly { code: string; offset: number; line: number }[]): string[] {
  // The validation's own parser: its nesting limit keeps hostile text from exhausting the stack here too.
  const root = parseJsonc(text);
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const node = root ? findNodeAtOffset(root, f.offset) : undefined;
    const jsonPath = node ? getNodePath(node) : [];
    const hash = createHash('sha256')
      .update(`${f.code}\0${JSON.stringify(jsonPath)}\0${normalizeLine(lines[f.line] ?? '')}`)
      .digest('hex')
      .slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}
