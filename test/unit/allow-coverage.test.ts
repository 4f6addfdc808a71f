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

// Many wildcards (the index tries each while they are few, and looks up suffixes past 16 of them).
const LABELS = Array.from({ length: 24 }, (_, i) => `d${i}`);
const manyWildcardsArb = fc.oneof(
  fc.constantFrom(...LABELS).map((label) => `*.${label}.microsoft.com`),
  fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom('', 'x.', 'y.x.')).map(([label, sub]) => `${sub}${label}.microsoft.com`),
  fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom('x.', 'y.x.')).map(([label, sub]) => `*.${sub}${label}.microsoft.com`),
  fc.constantFrom('*.microsoft.com', 'microsoft.com'),
);

/** Per entry, what ATP115 says by the pairwise definition: a duplicate of an earlier spelling, or the first entry that covers it. */
function naive(entries: string[]): string[] {
  const said: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const key = normalizeEntry(entry);
    const earlier = seen.has(key);
    seen.add(key);
    const cover = entries.findIndex((other) => normalizeEntry(other) !== key && patternCovers(parsePattern(other), parsePattern(entry)));
    if (earlier) said.push(`${i} duplicate`);
    else if (cover >= 0) said.push(`${i} covered by ${entries[cover]}`);
  });
  return said;
}

/** Per ATP115 finding of a manifest with this allow list: the entry's place and what the message says. */
function reported(entries: string[]): string[] {
  const text = JSON.stringify({ version: 1, instance: 'contoso', proxy: { mode: 'direct' }, firewall: { allow: entries } }, null, 1);
  const lines = text.split('\n');
  const firstAllowLine = lines.findIndex((l) => l.includes('"allow"')) + 1;
  return validate(text)
    .filter((f) => f.code === 'ATP115')
    .map((f) => {
      const i = text.slice(0, f.offset).split('\n').length - 1 - firstAllowLine;
      const covering = /already covered by "([^"]*)"/.exec(f.message);
      return covering ? `${i} covered by ${covering[1]}` : `${i} duplicate`;
    })
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
}

describe('allow entries: coverage through the index equals the definition', () => {
  it('ATP115 flags exactly the entries the pairwise definition flags, naming the first entry that covers each', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 12 }), (entries) => assert.deepStrictEqual(reported(entries), naive(entries))),
      { numRuns: 300 },
    );
  });

  it('the same with more than 16 wildcards, where the index looks up suffixes instead of trying each wildcard', () => {
    const allWildcards = LABELS.map((label) => `*.${label}.microsoft.com`);
    fc.assert(
      fc.property(fc.array(manyWildcardsArb, { maxLength: 30 }), (extra) => {
        const entries = [...extra, ...allWildcards];
        assert.deepStrictEqual(reported(entries), naive(entries));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(manyWildcardsArb, { maxLength: 30 }), (entries) => assert.deepStrictEqual(reported(entries), naive(entries))),
      { numRuns: 200 },
    );
  });
});
