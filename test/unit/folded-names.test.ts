import * as assert from 'assert';
import fc from 'fast-check';
import { parseJsonTree } from '../../src/core/manifest/treeParser';
import { FoldedNames } from '../../src/core/rules/foldedNames';
import { validate } from '../../src/core/rules/validate';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** For each string item of a JSON array text: whether an earlier item is equal to it with case ignored (FoldedNames). */
function flagged(arrayText: string): boolean[] {
  const tree = parseJsonTree(arrayText, [], OPTIONS);
  const items: number[] = [];
  for (let c = tree.firstChild(tree.root); c >= 0; c = tree.nextSiblings[c]) items.push(c);
  const names = new FoldedNames(tree, items.length);
  return items.map((item) => names.add(item));
}

/** The definition: a Set of `toLowerCase()` strings. */
function reference(values: string[]): boolean[] {
  const seen = new Set<string>();
  return values.map((value) => {
    const folded = value.toLowerCase();
    const earlier = seen.has(folded);
    seen.add(folded);
    return earlier;
  });
}

// Letters whose case folding is not ASCII's: the Kelvin sign lower-cases to "k", dotted I to two characters, ß stays.
const PIECES = ['a', 'A', 'k', 'K', '\u212a', 'i', 'I', '\u0130', 'i\u0307', 'ß', 'SS', 'ä', 'Ä', '-', '1', '"', '\\', '\u00e9', 'e\u0301', '😀'];

describe('FoldedNames (duplicate sensor names, case ignored as toLowerCase does)', () => {
  it('flags exactly the names a Set of lower-cased strings flags, ASCII or not, escaped or verbatim', () => {
    const name = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join(''));
    // Each name written verbatim, or with every character as a \u escape (the scanner decodes it: not the text).
    const written = fc.tuple(name, fc.boolean()).map(([value, escaped]) => ({
      value,
      json: escaped
        ? `"${Array.from({ length: value.length }, (_, k) => `\\u${value.charCodeAt(k).toString(16).padStart(4, '0')}`).join('')}"` // every UTF-16 unit
        : JSON.stringify(value),
    }));
    fc.assert(
      fc.property(fc.array(written, { maxLength: 30 }), (names) => {
        const text = `[${names.map((n) => n.json).join(', ')}]`;
        assert.deepStrictEqual(flagged(text), reference(names.map((n) => n.value)));
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('grows no table: 20,000 names in one sized at the start, every later duplicate found', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `DC${i % 15_000}`);
    const found = flagged(JSON.stringify(values.map((v, i) => (i % 2 ? v.toLowerCase() : v))));
    assert.deepStrictEqual(found, reference(values));
    assert.strictEqual(found.filter(Boolean).length, 5_000);
  });

  it('ATP170 names each later sensor with a name already used, whatever its case', () => {
    const sensors = [
      { name: 'DC1', host: 'dc1.contoso.com' },
      { name: 'dc1', host: 'dc2.contoso.com' },
      { name: '\u212aDC', host: 'dc3.contoso.com' },
      { name: 'kdc', host: 'dc4.contoso.com' },
    ];
    const text = JSON.stringify({ version: 1, instance: 'contoso', proxy: { mode: 'direct' }, firewall: { allow: [] }, sensors }, null, 2);
    const messages = validate(text)
      .filter((f) => f.code === 'ATP170')
      .map((f) => f.message);
    assert.deepStrictEqual(messages, [
      'Sensor name "dc1" is already used: give each domain controller\'s sensor a unique name.',
      'Sensor name "kdc" is already used: give each domain controller\'s sensor a unique name.',
    ]);
  });
});
