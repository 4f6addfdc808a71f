// Property tests of the SensorConfiguration.json reader against hostile input: any bytes, cut or corrupted real
// files, wrong types in every member, nesting of any depth. It answers a value or an error with its place, never
// throws, never overflows the stack, and never repeats the encrypted password.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseJson, type JsonNode } from '../../src/core/sensorConfig/json';
import { readSensorConfiguration, type SensorConfigurationRead } from '../../src/core/sensorConfig/sensorConfiguration';
import { decodeSensorConfiguration } from '../../src/core/usecases/decode';

/** Fixed seed and a bounded count in `npm test`; `npm run fuzz` sets FUZZ_RUNS for a longer run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/sensor');
const SETUP = fs.readFileSync(path.join(FIXTURES, 'setup-proxy-auth.SensorConfiguration.json'));
const SECRET = (/"EncryptedBytes": "([^"]+)"/.exec(SETUP.toString('utf8')) ?? [])[1];

/** A result is a value or an error whose place lies inside the file and whose reason is short. */
function assertWellFormed(r: SensorConfigurationRead, bytes: Uint8Array): void {
  if (r.ok) return;
  const e = r.error;
  assert.ok(Number.isInteger(e.byte) && e.byte >= 0 && e.byte <= bytes.length, `byte ${e.byte} outside 0..${bytes.length}`);
  assert.ok(Number.isInteger(e.line) && e.line >= 1 && Number.isInteger(e.column) && e.column >= 1, `line ${e.line} column ${e.column}`);
  assert.ok(e.reason.length > 0 && e.reason.length < 400, 'a short reason');
}

/** No 12-character piece of the encrypted bytes in a text. */
function assertNoSecret(text: string): void {
  for (let i = 0; i + 12 <= SECRET.length; i += 4) assert.ok(!text.includes(SECRET.slice(i, i + 12)), `secret piece at ${i} leaked`);
}

/** The setup fixture cut, with bytes replaced, or with text inserted somewhere. */
const corrupted = fc.oneof(
  fc.nat(SETUP.length).map((n) => SETUP.subarray(0, n)),
  fc.tuple(fc.nat(SETUP.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, b]) => {
    const copy = Buffer.from(SETUP);
    copy[at] = b;
    return copy;
  }),
  fc
    .tuple(fc.nat(SETUP.length), fc.constantFrom('"', '\\', '{', '[', ']', '}', ',', ':', '\n', '\u0000', 'null', '"\\u00', '\uFFFF'))
    .map(([at, s]) => Buffer.concat([SETUP.subarray(0, at), Buffer.from(s, 'utf8'), SETUP.subarray(at)])),
);

/** Plain JSON values as the reader sees them (objects as sorted, lower-cased, last-wins entries). */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const m = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) m.set(k.toLowerCase(), normalise(v));
    return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return value;
}

function valueOf(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return [...node.members].map(([k, v]) => [k, valueOf(v)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    case 'array':
      return node.items.map(valueOf);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

describe('fuzz: SensorConfiguration.json reader', function () {
  // A number of runs, not a time budget: on a loaded machine the runs take longer, never fail for it.
  this.timeout(120_000);
  it('answers any bytes with a value or a placed error, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), corrupted), (bytes) => assertWellFormed(readSensorConfiguration(bytes), bytes)),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('never repeats the encrypted password, whatever the corruption, in the value, the text or the error', () => {
    fc.assert(
      fc.property(corrupted, (bytes) => {
        const r = decodeSensorConfiguration(bytes, 'SensorConfiguration.json');
        assertNoSecret(JSON.stringify(r));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('agrees with JSON.parse on which texts are JSON, and on their values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 6 }),
          fc.string({ maxLength: 40 }),
          fc.json().map((j) => j.slice(0, -1)),
        ),
        (text) => {
          let expected: { ok: true; value: unknown } | { ok: false };
          try {
            expected = { ok: true, value: normalise(JSON.parse(text)) };
          } catch {
            expected = { ok: false };
          }
          const got = parseJson(text);
          assert.strictEqual(got.ok, expected.ok, text);
          if (got.ok && expected.ok) assert.deepStrictEqual(valueOf(got.root), expected.value);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('refuses a wrong type in any member the reader interprets, at that value', () => {
    const members = [
      'SensorProxyConfiguration',
      'Url',
      'UserName',
      'EncryptedUserPasswordData',
      'EncryptedBytes',
      'WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint',
      'Address',
      'Port',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...members), fc.jsonValue({ maxDepth: 3 }), (name, replacement) => {
        const text = SETUP.toString('utf8').replace(/^\uFEFF/, '');
        const config = JSON.parse(text);
        // Replace the member wherever it sits.
        const stack: Record<string, unknown>[] = [config];
        for (let o = stack.pop(); o; o = stack.pop()) {
          if (Object.hasOwn(o, name)) o[name] = replacement;
          for (const v of Object.values(o)) if (v && typeof v === 'object' && !Array.isArray(v)) stack.push(v as Record<string, unknown>);
        }
        const bytes = new Uint8Array(Buffer.from(JSON.stringify(config, null, 2)));
        const r = readSensorConfiguration(bytes);
        assertWellFormed(r, bytes);
        if (!r.ok) assert.match(r.error.reason, /expected|port number|not a sensor/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('refuses nesting of any depth, in arrays or objects, without overflowing the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('[', '{"a":', '{"SensorProxyConfiguration":'), fc.boolean(), (depth, open, closed) => {
        const close = open === '[' ? ']' : '}';
        const text = open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : '');
        const bytes = new Uint8Array(Buffer.from(text));
        const r = readSensorConfiguration(bytes);
        assertWellFormed(r, bytes);
        if (depth > 64) assert.ok(!r.ok && /nested deeper than 64|over the 10 MB limit/.test(r.error.reason), `depth ${depth}`);
      }),
      { numRuns: Math.min(RUNS, 100), seed: SEED },
    );
  });
});
