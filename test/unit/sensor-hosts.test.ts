import * as assert from 'assert';
import fc from 'fast-check';
import { validate } from '../../src/core/rules/validate';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/** The definition (SPEC's ATP170): labels of 1-63 letters, digits and "-", not starting or ending with "-"; 253 characters without a final dot. */
function isHostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

/** The hosts ATP170 calls invalid in a manifest whose sensors have these hosts, written verbatim or with \u escapes. */
function reported(hosts: { value: string; escaped: boolean }[]): string[] {
  const sensors = hosts.map(
    (h, i) =>
      `{"name": "DC${i}", "host": ${h.escaped ? `"${Array.from({ length: h.value.length }, (_, k) => `\\u${h.value.charCodeAt(k).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(h.value)}}`,
  );
  const text = `{"version": 1, "instance": "contoso", "proxy": {"mode": "direct"}, "firewall": {"allow": []}, "sensors": [${sensors.join(', ')}]}`;
  return validate(text)
    .filter((f) => f.code === 'ATP170')
    .map((f) => f.message.slice(1, f.message.indexOf('" is not a valid host name')));
}

describe('ATP170 host names, tested in the text or on the decoded string', () => {
  it('calls invalid exactly the hosts the label-by-label definition rejects', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9-]{0,5}$/);
    const host = fc.oneof(
      fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
      fc
        .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('.', '..', '_', ' ', '"x', 'é'))
        .map(([labels, tail]) => labels.join('.') + tail),
      fc.nat({ max: 70 }).map((n) => `${'a'.repeat(n)}.contoso.com`),
      fc.nat({ max: 60 }).map((n) => `${'abcd.'.repeat(n)}com.`),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ value: host, escaped: fc.boolean() }), { minLength: 1, maxLength: 8 }), (hosts) => {
        assert.deepStrictEqual(
          reported(hosts),
          hosts.map((h) => h.value).filter((h) => !isHostName(h)),
        );
      }),
      { numRuns: 400, seed: SEED },
    );
  });
});
