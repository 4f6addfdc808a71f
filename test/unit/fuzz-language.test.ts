import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { ParseError, parseTree } from 'jsonc-parser';
import { complete } from '../../src/core/language/completion';
import { hover } from '../../src/core/language/hover';
import { outline } from '../../src/core/language/symbols';
import { fixAll } from '../../src/core/fixes/fixAll';
import { fixesFor } from '../../src/core/fixes/fixes';
import { applyEdits } from '../../src/core/fixes/textEdit';
import { validate } from '../../src/core/rules/validate';

/** Fixed seed and a bounded count in `npm test`; `npm run fuzz` sets FUZZ_RUNS for a longer run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const EXAMPLES = path.resolve(__dirname, '../../../examples');
const SEEDS = fs
  .readdirSync(EXAMPLES)
  .filter((f) => /\.atpproxy\.jsonc?$/.test(f))
  .map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '//',
  '/*',
  '*/',
  '\\',
  'null',
  'true',
  '1e999',
  '-0',
  '\u0000',
  '\ud800',
  '\udfff',
  '*.',
  '@',
  '"version"',
  '"allow"',
  '"*.atp.azure.com"',
];

/** A valid example with random edits: inserted tokens or text, deleted spans. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.constant('')), fc.nat({ max: 12 })), { maxLength: 6 }),
  )
  .map(([seed, edits]) =>
    edits.reduce((text, [at, insert, remove]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + remove);
    }, seed),
  );

const anyText = fc.oneof(
  mutated,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(...TOKENS).chain((t) => fc.nat({ max: 50 }).map((n) => t.repeat(n))),
);

function exercise(text: string): void {
  const findings = validate(text);
  for (const f of findings) {
    assert.ok(f.offset >= 0 && f.offset + f.length <= text.length, `range out of text: ${f.code}`);
    for (const fix of fixesFor(text, f)) {
      const after = applyEdits(text, fix.edits);
      const errorsBefore: ParseError[] = [];
      const errorsAfter: ParseError[] = [];
      parseTree(text, errorsBefore, { allowTrailingComma: true });
      parseTree(after, errorsAfter, { allowTrailingComma: true });
      assert.ok(errorsAfter.length <= errorsBefore.length || errorsBefore.length > 0, `fix "${fix.title}" broke the syntax`);
    }
  }
  for (const offset of [0, text.length >> 1, text.length]) {
    complete(text, offset);
    hover(text, offset);
  }
  outline(text);
}

describe('fuzz: the language core on hostile text', function () {
  // A number of runs, not a time budget: on a loaded machine the runs take longer, never fail for it.
  this.timeout(120_000);
  it('validate, fixes, completion, hover and outline never throw, ranges stay in the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        exercise(text);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
  it('every fix applied to a mutated valid manifest leaves parseable text', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const wasValid = validate(text).every((f) => f.code !== 'ATP100');
        const result = fixAll(text);
        if (wasValid)
          assert.ok(
            validate(result.text).every((f) => f.code !== 'ATP100'),
            result.text,
          );
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: SEED },
    );
  });
  it('deeply nested arrays and huge strings finish', () => {
    const deep = `{"firewall": {"allow": ${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    exercise(deep);
    const huge = `{"instance": "${'a'.repeat(1_000_000)}", "proxy": {"server": "${'x'.repeat(200_000)}:1", "bypass": ["${'*'.repeat(100_000)}"]}}`;
    exercise(huge);
  });
});
