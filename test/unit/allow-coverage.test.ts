import * as assert from 'assert';
import fc from 'fast-check';
import { normalizeEntry, parsePattern, patternCovers } from '../../src/core/catalog/allowPattern';
import { validate } from '../../src/core/rules/validate';

// ATP115 finds covering entries through an index (hosts, wildcard suffixes, path prefixes by length). This checks
// it against the plain definition on random lists: an entry is reported when an earlier entry has the same
// spelling, or when any entry with another spelling covers it.

const HOSTS = ['www.microsoft.com', 'crl.microsoft.com', 'a.b.microsoft.com'];
const entryArb = fc.oneof(
  fc.constantFrom(...HOSTS, '*.microsoft.com', '*.b.microsoft.com', 'WWW.microsoft.com.'),
  fc
    .tuple(fc.constantFrom(...HOSTS), fc.constantFrom('/p', '/p/', '/p/q', '/pk', '/pki/', '/pkiops/crl'), fc.boolean())
    .map(([host, path, prefix]) => `${host}${path}${prefix ? '*' : ''}`),
);

function naive(entries: string[]): number[] {
  const flagged: number[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const key = normalizeEntry(entry);
    const earlier = seen.has(key);
    seen.add(key);
    const covered = entries.some((other) => normalizeEntry(other) !== key && patternCovers(parsePattern(other), parsePattern(entry)));
    if (earlier || covered) flagged.push(i);
  });
  return flagged;
}

describe('allow entries: coverage through the index equals the definition', () => {
  it('ATP115 flags exactly the entries the pairwise definition flags', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 12 }), (entries) => {
        const text = JSON.stringify({ version: 1, instance: 'contoso', proxy: { mode: 'direct' }, firewall: { allow: entries } }, null, 1);
        const lines = text.split('\n');
        const firstAllowLine = lines.findIndex((l) => l.includes('"allow"')) + 1;
        const flagged = validate(text)
          .filter((f) => f.code === 'ATP115')
          .map((f) => text.slice(0, f.offset).split('\n').length - 1 - firstAllowLine)
          .sort((a, b) => a - b);
        assert.deepStrictEqual(flagged, naive(entries));
      }),
      { numRuns: 300 },
    );
  });
});
