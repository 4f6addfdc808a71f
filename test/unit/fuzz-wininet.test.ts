import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { CodecError, Decoded } from '../../src/core/wininet/codecError';
import { decodeConnectionSettings, encodeConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { decodeBytes, decodeRegFileValues, toDecodedJson } from '../../src/core/wininet/decodeValue';
import { describeDecodedValue } from '../../src/core/wininet/describe';
import { parseHex, toHex } from '../../src/core/wininet/hex';
import { REG_BINARY, REG_DWORD, REG_SZ, RegKey } from '../../src/core/wininet/regFile';
import { decodeRegText, parseRegFile } from '../../src/core/wininet/regParse';
import { encodeRegFile, formatRegFile } from '../../src/core/wininet/regWrite';
import { decodeTrailer } from '../../src/core/wininet/trailer';
import { decodeWinHttpSettings, encodeWinHttpSettings } from '../../src/core/wininet/winHttpSettings';

/** Fixed seed and a bounded count in `npm test`; `npm run fuzz` sets FUZZ_RUNS for a longer run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reg');
const EXPORTS = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.reg'))
  .map((f) => fs.readFileSync(path.join(FIXTURES, f)));

/** A result is a value or a typed error with a unit, a non-negative offset and a reason: never anything else. */
function assertTyped<T>(d: Decoded<T>, limit: number): void {
  if (d.ok) return;
  const e: CodecError = d.error;
  assert.ok(['character', 'byte', 'line'].includes(e.unit), `unit ${e.unit}`);
  assert.ok(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= limit, `offset ${e.offset} outside 0..${limit}`);
  assert.ok(typeof e.reason === 'string' && e.reason.length > 0 && e.reason.length < 2000, 'a short reason');
}

/** Bytes that start like a value: the version of WinINET or WinHTTP, then anything (with lengths that lie). */
const valueBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(fc.constantFrom(0x46, 0x3c, 0x28, 0x18), fc.uint8Array({ maxLength: 300 })).map(([v, rest]) => Uint8Array.from([v, 0, 0, 0, ...rest])),
  // Header intact, then string lengths up to 2^32-1 over a short body: the decoder must not trust them.
  fc
    .tuple(
      fc.constantFrom(0x46, 0x3c, 0x28),
      fc.nat(),
      fc.nat(15),
      fc.array(fc.oneof(fc.constant(0xffffffff), fc.nat(64)), { maxLength: 8 }),
      fc.uint8Array({ maxLength: 64 }),
    )
    .map(([v, counter, flags, lengths, body]) => {
      const b = Buffer.alloc(12 + lengths.length * 4);
      b.writeUInt32LE(v, 0);
      b.writeUInt32LE(counter >>> 0, 4);
      b.writeUInt32LE(flags, 8);
      lengths.forEach((n, i) => b.writeUInt32LE(n >>> 0, 12 + i * 4));
      return Uint8Array.from([...b, ...body]);
    }),
);

/** Everything a decoded value holds, in bytes: never more than the input it came from. */
function decodedSize(bytes: Uint8Array): number {
  const d = decodeBytes(bytes);
  if (!d.ok) return 0;
  const s = d.value.settings;
  const tail = d.value.kind === 'wininet' ? d.value.settings.trailer.length : d.value.settings.extra.length;
  const url = d.value.kind === 'wininet' ? d.value.settings.autoConfigUrl.length : 0;
  return 12 + s.proxyServer.length + s.bypass.length + url + tail;
}

describe('fuzz: WinINET values from any bytes', function () {
  // A number of runs, not a time budget: on a loaded machine the runs take longer, never fail for it.
  this.timeout(120_000);
  it('decode returns a value or a typed error, never throws, and holds no more than the input', () => {
    fc.assert(
      fc.property(valueBytes, (bytes) => {
        const d = decodeBytes(bytes);
        assertTyped(d, bytes.length);
        assertTyped(decodeConnectionSettings(bytes), bytes.length);
        assertTyped(decodeWinHttpSettings(bytes), bytes.length);
        assert.ok(decodedSize(bytes) <= Math.max(bytes.length, 12), 'no field larger than the input implies');
        if (d.ok) {
          // Everything a user sees of it works too.
          describeDecodedValue(d.value);
          JSON.stringify(toDecodedJson(d.value));
          if (d.value.kind === 'wininet') {
            const t = decodeTrailer(d.value.settings.trailer, bytes.length - d.value.settings.trailer.length);
            assert.ok(t.detectedAddresses.length * 4 <= d.value.settings.trailer.length);
            if (t.issue) assert.ok(t.issue.offset <= bytes.length);
          }
        }
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });

  it('encode(decode(x)) === x for every x that decodes, WinINET and WinHTTP, trailer and extra bytes included', () => {
    fc.assert(
      fc.property(valueBytes, (bytes) => {
        const wininet = decodeConnectionSettings(bytes);
        if (wininet.ok) assert.strictEqual(toHex(encodeConnectionSettings(wininet.value)), toHex(bytes));
        const winhttp = decodeWinHttpSettings(bytes);
        if (winhttp.ok) assert.strictEqual(toHex(encodeWinHttpSettings(winhttp.value)), toHex(bytes));
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });

  it('a 16-byte value claiming a 4 GB string is refused at once, without allocating it', () => {
    const liar = Uint8Array.from([0x46, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    const before = process.memoryUsage().arrayBuffers;
    const started = process.hrtime.bigint();
    const d = decodeConnectionSettings(liar);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(!d.ok && /4294967295 bytes long but only 0 bytes follow/.test(d.error.reason), JSON.stringify(d));
    assert.ok(ms < 50, `${ms} ms`);
    assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024);
    const t = decodeTrailer(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]));
    assert.match(t.issue?.reason ?? '', /4294967295 detected addresses need/);
  });

  it('parseHex on any text: bytes or a typed error at a character offset, never more bytes than half the text', () => {
    const hexish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF ,-:\\\r\nx"=@hex()'.split('')), maxLength: 200 }),
      fc.uint8Array({ maxLength: 100 }).map((b) => toHex(b)),
    );
    fc.assert(
      fc.property(hexish, (text) => {
        const d = parseHex(text);
        assertTyped(d, text.length);
        if (d.ok) {
          assert.ok(d.value.length <= text.length / 2);
          assert.deepStrictEqual(parseHex(toHex(d.value)), d, 'hex → bytes → hex → bytes is stable');
        } else {
          assert.strictEqual(d.error.unit, 'character');
        }
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });
});

// ---- .reg files ----

/** Mutations a damaged or hand-edited export shows, applied to its text. */
const TEXT_MUTATIONS: ((text: string, at: number) => string)[] = [
  (t, at) => t.slice(0, at) + t.slice(at + 1 + (at % 7)), // a span deleted
  (t) => t.replace(/\\\r?\n/, '\r\n'), // a continuation broken: "\" removed
  (t) => t.replace(/(hex:[0-9a-f,]*)\r?\n/, '$1,\\\r\n'), // a continuation that leads nowhere / into the next line
  (t) => t.replace(']', ''), // missing closing bracket
  (t) => t.replace('[', ''), // missing opening bracket
  (t, at) => t.slice(0, at) + '\0' + t.slice(at), // a NUL
  (t, at) => t.slice(0, at) + '\ud800' + t.slice(at), // a lone surrogate
  (t, at) => t.slice(0, at) + '"' + t.slice(at), // a stray quote
  (t, at) => t.slice(0, at) + ',zz,' + t.slice(at), // a non-hex token
  (t) => t.replace(/\r\n/g, '\n'), // LF line ends
  (t) => t.replace(/\r\n/g, '\r'), // CR line ends
  (t) => t.replace(/=hex:/, '=hex(ffffffff):'),
  (t) => t.replace(/dword:[0-9a-f]+/, 'dword:123456789'),
  (t) => t + '\\', // the file ends in a continuation
];

/** Encodings a .reg file arrives in, including broken ones. */
const ENCODINGS: ((text: string) => Uint8Array)[] = [
  (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), // what reg export writes
  (t) => Buffer.from(t, 'utf16le'), // UTF-16 without BOM
  (t) => {
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);
    return b.subarray(0, b.length - 1);
  }, // odd byte count
  (t) => Buffer.concat([Buffer.from([0xff, 0xfe, 0]), Buffer.from(t, 'utf16le')]), // shifted by one byte
  (t) => Buffer.from(t, 'utf8'),
  (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
  (t) => Buffer.from(t, 'latin1'),
  (t) => Buffer.from(t.replace(/\n/g, '\n\0\0'), 'utf8'), // NUL padding
];

const mutatedExport = fc
  .tuple(
    fc.constantFrom(...EXPORTS.map((b) => decodeRegText(b).text)),
    fc.array(fc.tuple(fc.nat(TEXT_MUTATIONS.length - 1), fc.nat()), { maxLength: 4 }),
    fc.nat(ENCODINGS.length - 1),
  )
  .map(([text, mutations, encoding]) => ENCODINGS[encoding](mutations.reduce((t, [m, at]) => TEXT_MUTATIONS[m](t, at % (t.length + 1)), text)));

function lineCount(bytes: Uint8Array): number {
  return decodeRegText(bytes).text.split(/\r\n|\n|\r/).length;
}

describe('fuzz: the .reg reader on mutated exports', function () {
  // A number of runs, not a time budget: on a loaded machine the runs take longer, never fail for it.
  this.timeout(120_000);
  it('parses or says which line is wrong, never throws; what it parses decodes or says why', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedExport, fc.uint8Array({ maxLength: 400 })), (bytes) => {
        const file = parseRegFile(bytes);
        assertTyped(file, lineCount(bytes) + 1);
        if (!file.ok) {
          assert.strictEqual(file.error.unit, 'line');
          assert.ok(file.error.offset >= 1);
          return;
        }
        const values = decodeRegFileValues(file.value);
        assertTyped(values, lineCount(bytes) + 1);
        // What was read can be written again and reads back the same.
        const again = parseRegFile(encodeRegFile(file.value.keys));
        assert.ok(again.ok, again.ok ? '' : again.error.reason);
        assert.deepStrictEqual(strip(again.value.keys), strip(file.value.keys));
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });

  it('every mutation kind and encoding on every export, once each', () => {
    let parsed = 0;
    let refused = 0;
    for (const source of EXPORTS) {
      const text = decodeRegText(source).text;
      for (const mutate of TEXT_MUTATIONS) {
        for (const encode of ENCODINGS) {
          const r = parseRegFile(encode(mutate(text, text.length >> 1)));
          if (r.ok) {
            parsed++;
            decodeRegFileValues(r.value);
          } else refused++;
        }
      }
    }
    assert.strictEqual(parsed + refused, EXPORTS.length * TEXT_MUTATIONS.length * ENCODINGS.length);
    assert.ok(parsed > 0 && refused > 0, `${parsed} parsed, ${refused} refused`);
  });

  it('UTF-16 without a BOM and an odd byte count still read as the export they came from', () => {
    const source = EXPORTS.find((b) => b[0] === 0xff) ?? EXPORTS[0];
    const original = parseRegFile(source);
    assert.ok(original.ok);
    const noBom = parseRegFile(source.subarray(2));
    assert.ok(noBom.ok);
    assert.deepStrictEqual(strip(noBom.value.keys), strip(original.value.keys));
    const odd = parseRegFile(Buffer.concat([source, Buffer.from([0x41])]));
    assert.ok(odd.ok);
    assert.deepStrictEqual(strip(odd.value.keys), strip(original.value.keys));
  });

  it('written keys read back identically: names and strings with quotes, backslashes, ;, =, line breaks and NULs', () => {
    const name = fc.string({ maxLength: 20, unit: fc.constantFrom(...'ab"\\;=[]@ -%&|`$()\n\r'.split('')) });
    const value = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), name, type: fc.constant(REG_BINARY), data: fc.uint8Array({ maxLength: 90 }), line: fc.constant(0) }),
      fc.record({
        kind: fc.constant('set' as const),
        name,
        type: fc.constant(REG_DWORD),
        data: fc.uint8Array({ minLength: 4, maxLength: 4 }),
        line: fc.constant(0),
      }),
      fc.record({
        kind: fc.constant('set' as const),
        name,
        type: fc.constant(REG_SZ),
        data: fc
          .string({
            maxLength: 30,
            unit: fc.oneof(fc.constantFrom('\n', '\r', '\0', '"', '\\', '\u00e9', '\u4e2d'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })),
          })
          .map((s) => new Uint8Array(Buffer.from(`${s}\0`, 'utf16le'))),
        line: fc.constant(0),
      }),
      fc.record({ kind: fc.constant('set' as const), name, type: fc.nat(12), data: fc.uint8Array({ maxLength: 30 }), line: fc.constant(0) }),
    );
    const key = fc.record({
      path: fc
        .string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(...'HKEY_USERS\\S-1-5-18 "%$`'.split('')) })
        .map((p) => `HKEY_USERS\\${p.trim() || 'x'}`),
      deleted: fc.constant(false),
      line: fc.constant(0),
      values: fc.array(value, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3 }), (keys: RegKey[]) => {
        const r = parseRegFile(encodeRegFile(keys));
        assert.ok(r.ok, r.ok ? formatRegFile(keys) : `${r.error.reason} (line ${r.error.offset})\n${formatRegFile(keys)}`);
        assert.deepStrictEqual(strip(r.value.keys), strip(keys));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a value folded over 20,000 lines parses in linear time', () => {
    const lines = Array.from({ length: 20_000 }, () => '  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\\');
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n"A"=hex:00,\\\r\n${lines.join('\r\n')}\r\n  00\r\n`;
    const started = Date.now();
    const r = parseRegFile(Buffer.from(text));
    const ms = Date.now() - started;
    assert.ok(r.ok);
    assert.strictEqual((r.value.keys[0].values[0] as { data: Uint8Array }).data.length, 20_000 * 25 + 2);
    assert.ok(ms < 2000, `${ms} ms for ${text.length} characters`);
  });
});

/** Keys without line numbers and with data as hex, for comparing what was read with what was written. */
function strip(keys: RegKey[]): unknown {
  return keys.map((k) => ({
    path: k.path,
    deleted: k.deleted,
    values: k.values.map((v) => (v.kind === 'set' ? { name: v.name, type: v.type, data: toHex(v.data) } : { name: v.name })),
  }));
}
