import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Node, ParseError, findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import { JsonTree } from '../../src/core/manifest/tree';
import { parseJsonTree } from '../../src/core/manifest/treeParser';
import { parseWellFormed } from '../../src/core/manifest/wellFormedParser';
import { validate } from '../../src/core/rules/validate';

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const EXAMPLES = path.resolve(__dirname, '../../../examples');
const SEEDS = fs
  .readdirSync(EXAMPLES)
  .filter((f) => /\.atpproxy\.jsonc?$/.test(f))
  .map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '//', '/*', '*/', '\\', 'null', 'true', 'false', '1e999', '-0', '"a":', '"k": 1,', '\n'];

/** The parts of a node the rest of the code reads, recursively, as plain data. */
function plain(node: Node | undefined): unknown {
  if (!node) return undefined;
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    colonOffset: node.colonOffset,
    value: node.value,
    children: node.children?.map(plain),
  };
}

function both(text: string): { expected: unknown; actual: unknown; expectedErrors: ParseError[]; actualErrors: ParseError[]; root?: Node } {
  const expectedErrors: ParseError[] = [];
  const actualErrors: ParseError[] = [];
  const expectedRoot = parseTree(text, expectedErrors, OPTIONS);
  const tree = parseJsonTree(text, actualErrors, OPTIONS);
  const root = tree.root >= 0 ? tree.node(tree.root) : undefined;
  return { expected: plain(expectedRoot), actual: plain(root), expectedErrors, actualErrors, root };
}

/** Well-formed JSONC: any value, with whitespace, comments, escapes and trailing commas between its tokens. */
const WELL_FORMED = (() => {
  // jsonc-parser 3 takes only space, tab, CR and LF as whitespace (U+00A0 is an error)
  const gap = fc.constantFrom('', ' ', '\n  ', '\r\n', '\t', '/* c */', '// c\n', ' /**/ ');
  const string = fc.oneof(
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.constantFrom('"a\\"b"', '"\\u00e9"', '"é"', '"\\/"', '""'),
  );
  const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => JSON.stringify(n));
  const trailing = (n: number, comma: boolean): string => (comma && n > 0 ? ',' : '');
  const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, string, number, fc.constantFrom('true', 'false', 'null'), tie('array'), tie('object')),
    array: fc
      .tuple(fc.array(fc.tuple(gap, tie('value'), gap), { maxLength: 5 }), fc.boolean(), gap)
      .map(([items, comma, end]) => `[${items.map((p) => p.join('')).join(',')}${trailing(items.length, comma)}${end}]`),
    object: fc
      .tuple(fc.array(fc.tuple(gap, string, gap, fc.constant(':'), gap, tie('value'), gap), { maxLength: 5 }), fc.boolean(), gap)
      .map(([members, comma, end]) => `{${members.map((p) => p.join('')).join(',')}${trailing(members.length, comma)}${end}}`),
  }));
  return fc.tuple(gap, value, gap).map((parts) => parts.join(''));
})();

/** `parseWellFormed` alone, into columns of the smallest size (so that they grow), against `parseTree`. */
function wellFormed(text: string, maxDepth = Infinity): { accepted: boolean; clean: boolean; expected: unknown; actual: unknown } {
  const errors: ParseError[] = [];
  const expected = plain(parseTree(text, errors, OPTIONS));
  const tree = new JsonTree(text, 0);
  const accepted = parseWellFormed(text, tree, OPTIONS, maxDepth);
  return { accepted, clean: errors.length === 0, expected, actual: accepted ? plain(tree.node(tree.root)) : undefined };
}

describe('JsonTree (columns in place of jsonc-parser nodes)', function () {
  this.timeout(60_000); // the fuzz cases; `FUZZ_RUNS` raises their count
  it('gives the examples the nodes, offsets and values of parseTree', () => {
    for (const text of SEEDS) {
      const { expected, actual, expectedErrors, actualErrors } = both(text);
      assert.deepStrictEqual(actual, expected);
      assert.deepStrictEqual(actualErrors, expectedErrors);
    }
  });

  it('agrees with parseTree on broken text: unclosed objects, a property without a value, values after the root', () => {
    for (const text of [
      '{"a": ',
      '{"a"',
      '{"a": [1, {"b": }',
      '[1,,2]',
      '{} {}',
      '5',
      '',
      '  // only a comment',
      '{"a": 1, "a": 2}',
      '{"a": {"b": [true, null, "x"]},}',
      // the scanner's corners: an unclosed comment steps past the end, unclosed strings, escapes, control characters,
      // a line break inside a string, whitespace other than space/tab/CR/LF
      '/*',
      '{"a": 1 /* x',
      '"abc',
      '{"a": "b',
      '["a\\"b", "\\u00e9", "\\x"]',
      '["a\tb"]',
      '["a\nb"]',
      '\u00a0{"a":\u000b1}',
      '["\u2028"]',
    ]) {
      const { expected, actual, expectedErrors, actualErrors } = both(text);
      assert.deepStrictEqual(actual, expected, text);
      assert.deepStrictEqual(actualErrors, expectedErrors, text);
    }
  });

  it('agrees with parseTree on randomly edited manifests (fixed seed)', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...SEEDS),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), fc.nat({ max: 10 })), { maxLength: 8 }),
      )
      .map(([seed, edits]) =>
        edits.reduce((text, [at, insert, remove]) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + insert + text.slice(i + remove);
        }, seed),
      );
    fc.assert(
      fc.property(mutated, (text) => {
        const { expected, actual, expectedErrors, actualErrors } = both(text);
        assert.deepStrictEqual(actual, expected);
        assert.deepStrictEqual(actualErrors, expectedErrors);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('agrees with parseTree on token soup: recovery from every kind of syntax error (fixed seed)', () => {
    const soup = fc
      .array(fc.oneof(fc.constantFrom(...TOKENS, '"x"', ' ', '1', '/* c */', '"\\u12"', '"\\q"', '01', '-'), fc.string({ maxLength: 3 })), { maxLength: 40 })
      .map((tokens) => tokens.join(''));
    fc.assert(
      fc.property(soup, (text) => {
        const { expected, actual, expectedErrors, actualErrors } = both(text);
        assert.deepStrictEqual(actual, expected);
        assert.deepStrictEqual(actualErrors, expectedErrors);
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
  });

  it('works with jsonc-parser functions that walk nodes: getNodeValue, findNodeAtLocation, parent links', () => {
    const text = '{"proxy": {"mode": "static", "bypass": ["a", "b"]}, "sensors": [{"name": "DC1"}]}';
    const { root } = both(text);
    assert.ok(root);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(getNodeValue(root))), JSON.parse(text));
    const b = findNodeAtLocation(root, ['proxy', 'bypass', 1]);
    assert.strictEqual(b?.value, 'b');
    assert.strictEqual(b?.parent?.parent?.children?.[0].value, 'bypass');
    assert.strictEqual(root.parent, undefined);
  });

  it('stops at the first bracket nested past the limit: one ATP100 there, no other finding, at any depth', () => {
    const prefix = '{"firewall": {"allow": ';
    for (const extra of [1, 5, 100_000]) {
      const depth = 64 - 2 + extra; // the two objects above count
      const text = `${prefix}${'['.repeat(depth)}${']'.repeat(depth)}}}`;
      const findings = validate(text);
      assert.deepStrictEqual(
        findings.map((f) => f.code),
        ['ATP100'],
        text.slice(0, 80),
      );
      assert.strictEqual(findings[0].offset, prefix.length + 62, 'the 65th bracket');
      assert.match(findings[0].message, /nest deeper than 64 levels/);
    }
    const deepest = `${prefix}${'['.repeat(62)}${']'.repeat(62)}}}`;
    assert.ok(!validate(deepest).some((f) => /nest deeper/.test(f.message)), '64 levels are allowed');
    const [unclosed] = validate('['.repeat(200_000));
    assert.strictEqual(unclosed.offset, 64);
  });

  it('grows past its first guess of the node count', () => {
    const text = `[${Array.from({ length: 5000 }, (_, i) => i % 10).join(',')}]`;
    const { expected, actual } = both(text);
    assert.deepStrictEqual(actual, expected);
  });
});

describe('parseWellFormed (one loop for text without errors)', function () {
  this.timeout(60_000);
  const check = (text: string): void => {
    const { accepted, clean, expected, actual } = wellFormed(text);
    assert.strictEqual(accepted, clean, `accepted ${accepted}, parseTree errors ${!clean}: ${JSON.stringify(text)}`);
    if (accepted) assert.deepStrictEqual(actual, expected, text);
  };

  it('accepts the examples and gives the nodes of parseTree', () => {
    for (const text of SEEDS) {
      assert.ok(wellFormed(text).accepted);
      check(text);
    }
  });

  it('accepts exactly the text that parseTree reads without an error (corners)', () => {
    for (const text of ['', ' ', '5', '"a"', '{}', '[]', '[,]', '{,}', '[1,]', '{"a":1,}', '{"a":1,,}', '{"a" 1}', '{"a":}', '{1:2}', '[1 2]']) check(text);
    for (const text of ['{} {}', '{"a": 1} x', '{"a": 1 /* x', '/*', '["a\tb"]', '["\\x"]', '[-]', '[01]', '[tru]', '[truex]', '[1e999]']) check(text);
    assert.strictEqual(wellFormed('[1,]').accepted, true, 'a trailing comma is allowed with the manifest options');
    assert.strictEqual(parseWellFormed('[1,]', new JsonTree('[1,]', 0), { allowTrailingComma: false }, Infinity), false);
    assert.strictEqual(parseWellFormed('[1 /* c */]', new JsonTree('[1 /* c */]', 0), { disallowComments: true }, Infinity), false);
  });

  it('accepts generated well-formed JSONC and gives the nodes of parseTree (fixed seed)', () => {
    fc.assert(
      fc.property(WELL_FORMED, (text) => {
        const { accepted, clean, expected, actual } = wellFormed(text);
        assert.ok(clean, `the generator made text with an error: ${JSON.stringify(text)}`);
        assert.ok(accepted, JSON.stringify(text));
        assert.deepStrictEqual(actual, expected);
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
  });

  it('refuses text with an error: token soup and edited manifests (fixed seed)', () => {
    const soup = fc
      .array(fc.oneof(fc.constantFrom(...TOKENS, '"x"', ' ', '1', '/* c */', '"\\u12"', '01', '-'), fc.string({ maxLength: 3 })), { maxLength: 40 })
      .map((tokens) => tokens.join(''));
    const edited = fc
      .tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.constantFrom(...TOKENS))
      .map(([seed, at, insert]) => seed.slice(0, at % (seed.length + 1)) + insert + seed.slice(at % (seed.length + 1)));
    fc.assert(fc.property(fc.oneof(soup, edited), check), { numRuns: RUNS * 3, seed: SEED });
  });

  it('refuses a bracket past the depth limit and accepts one at it', () => {
    assert.strictEqual(wellFormed(`${'['.repeat(3)}${']'.repeat(3)}`, 2).accepted, false);
    assert.strictEqual(wellFormed(`${'['.repeat(2)}${']'.repeat(2)}`, 2).accepted, true);
    assert.strictEqual(wellFormed('{"a": {"b": 1}}', 1).accepted, false);
  });
});
