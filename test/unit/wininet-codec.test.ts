import * as assert from 'assert';
import fc from 'fast-check';
import { describeCodecError } from '../../src/core/wininet/codecError';
import {
  ConnectionSettings,
  counterOf,
  decodeConnectionSettings,
  encodeConnectionSettings,
  newConnectionSettings,
  setCounter,
  withNextCounter,
} from '../../src/core/wininet/connectionSettings';
import { decodeBytes, toDecodedJson } from '../../src/core/wininet/decodeValue';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { parseHex, toHex } from '../../src/core/wininet/hex';
import { decodeTrailer, emptyTrailer, encodeTrailer, filetimeToIso } from '../../src/core/wininet/trailer';
import { decodeWinHttpSettings, encodeWinHttpSettings } from '../../src/core/wininet/winHttpSettings';

const SEED = 20240301;

function hex(text: string): Uint8Array {
  const parsed = parseHex(text);
  if (!parsed.ok) throw new Error(describeCodecError(parsed.error));
  return parsed.value;
}

function decoded(bytes: Uint8Array): ConnectionSettings {
  const d = decodeConnectionSettings(bytes);
  if (!d.ok) throw new Error(describeCodecError(d.error));
  return d.value;
}

// An IE5/6 value from the wild: PAC flag, WPAD trailer with URL, FILETIME and one detected address.
const IE5_WPAD =
  'hex:3c,00,00,00,1f,00,00,00,05,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,01,00,00,00,1f,00,00,00,68,74,74,70,3a,2f,2f,31,' +
  '34,34,2e,31,33,31,2e,32,32,32,2e,31,36,37,2f,77,70,61,64,2e,64,61,74,90,0e,1e,66,d3,88,c5,01,01,00,00,00,8d,a8,4e,9e,00,00,00,00,00,00,00,00';
// An IE7 value with auto-detect on and a trailer holding two detected addresses and the extra IE7 DWORD.
const IE7_WPAD =
  '460000000c000000090000000000000000000000000000000500000020000000687474703a2f2f777061642e636f6e746f736f2e636f6d2f777061642e646174' +
  '001ae78db06bda01020000000a000005c0a80114000000000000000000000000';

describe('wininet hex parsing', () => {
  it('accepts what users paste: commas, folds, hex: prefixes, value names, spaces, dashes, 0x', () => {
    const expected = '46000000';
    for (const text of [
      '46000000',
      '46,00,00,00',
      '46 00 00 00',
      'hex:46,00,\\\r\n  00,00',
      '"DefaultConnectionSettings"=hex:46,00,00,00',
      'hex(3):46,00,00,00',
      '46-00-00-00',
      '0x46 0x00 0x00 0x00',
      '  46000000\n',
    ]) {
      assert.strictEqual(toHex(hex(text)), expected, text);
    }
  });
  it('reports odd-length and invalid hex with the character offset', () => {
    const odd = parseHex('46,00,0');
    assert.ok(!odd.ok);
    assert.deepStrictEqual([odd.error.unit, odd.error.offset], ['character', 6]);
    assert.match(odd.error.reason, /odd number of hex digits/);
    const bad = parseHex('46 0g');
    assert.ok(!bad.ok);
    assert.strictEqual(bad.error.offset, 4);
    assert.match(bad.error.reason, /"g" is not a hex digit/);
  });
});

describe('DefaultConnectionSettings codec', () => {
  it('decodes a static proxy value field by field', () => {
    const s = newConnectionSettings({ flags: 3, counter: 7, proxyServer: 'proxy:8080', bypass: '<local>' });
    const bytes = encodeConnectionSettings(s);
    assert.strictEqual(toHex(bytes.slice(0, 16)), '46000000' + '07000000' + '03000000' + '0a000000');
    const d = decoded(bytes);
    assert.deepStrictEqual({ ...d, trailer: toHex(d.trailer) }, { ...s, trailer: '00'.repeat(32) });
  });

  it('decodes an IE5/6 (0x3C) value and its WPAD trailer', () => {
    const d = decoded(hex(IE5_WPAD));
    assert.deepStrictEqual([d.version, d.counter, d.flags, d.proxyServer, d.bypass, d.autoConfigUrl], [0x3c, 31, 5, '', '', '']);
    const t = decodeTrailer(d.trailer);
    assert.strictEqual(t.autoDetectFlags, 1);
    assert.strictEqual(t.lastKnownGoodAutoConfigUrl, 'http://144.131.222.167/wpad.dat');
    assert.strictEqual(filetimeToIso(t.lastDetectTime)?.slice(0, 10), '2005-07-15');
    assert.deepStrictEqual(t.detectedAddresses, ['141.168.78.158']);
    assert.strictEqual(t.extra.length, 0);
    assert.strictEqual(t.issue, undefined);
  });

  it('decodes an IE7 (0x46) trailer and keeps the bytes after the known fields', () => {
    const d = decoded(hex(IE7_WPAD));
    const t = decodeTrailer(d.trailer);
    assert.deepStrictEqual(t.detectedAddresses, ['10.0.0.5', '192.168.1.20']);
    assert.strictEqual(t.lastKnownGoodAutoConfigUrl, 'http://wpad.contoso.com/wpad.dat');
    assert.strictEqual(filetimeToIso(t.lastDetectTime), '2024-03-01T08:15:00.000Z');
    assert.strictEqual(toHex(t.extra), '00000000');
    assert.strictEqual(toHex(encodeTrailer(t)), toHex(d.trailer));
  });

  it('re-encodes decoded real values byte for byte, trailer included', () => {
    for (const value of [IE5_WPAD, IE7_WPAD]) assert.strictEqual(toHex(encodeConnectionSettings(decoded(hex(value)))), toHex(hex(value)));
  });

  it('empty trailers are 32 bytes for 0x46 and 28 for 0x3C, and decode to zeros', () => {
    assert.strictEqual(emptyTrailer(0x46).length, 32);
    assert.strictEqual(emptyTrailer(0x3c).length, 28);
    for (const v of [0x46, 0x3c]) {
      const t = decodeTrailer(emptyTrailer(v));
      assert.strictEqual(t.issue, undefined);
      assert.strictEqual(t.extra.length, v === 0x46 ? 4 : 0);
    }
  });

  it('a short trailer is kept and decoded as far as it goes, with a note', () => {
    const t = decodeTrailer(Uint8Array.from([1, 0, 0, 0, 9, 0]), 40);
    assert.strictEqual(t.autoDetectFlags, 1);
    assert.deepStrictEqual(t.issue?.offset, 44);
  });

  it('malformed values are errors with the byte offset and the reason', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /version needs 4 bytes/],
      ['46000000 01000000', 8, /flags needs 4 bytes/],
      ['46000000 01000000 03000000 ff000000 41', 12, /255 bytes long but only 1 bytes follow/],
      ['46000000 01000000 03000000 00000000 0000', 16, /length of the bypass list/],
      ['47000000 01000000 03000000', 0, /version 0x47/],
    ];
    for (const [value, offset, reason] of cases) {
      const d = decodeConnectionSettings(hex(value));
      assert.ok(!d.ok, value);
      assert.strictEqual(d.error.unit, 'byte');
      assert.strictEqual(d.error.offset, offset, value);
      assert.match(d.error.reason, reason);
    }
    const winhttp = decodeConnectionSettings(hex('28000000'));
    assert.ok(!winhttp.ok && /WinHttpSettings/.test(winhttp.error.reason));
  });

  it('bumps the change counter: previous + 1, wrapping at 2^32, other bytes untouched', () => {
    const s = newConnectionSettings({ flags: 1 });
    assert.strictEqual(withNextCounter(s, 41).counter, 42);
    assert.strictEqual(withNextCounter(s, 0xffffffff).counter, 0);
    assert.strictEqual(withNextCounter(s, undefined).counter, 1);
    const bytes = hex(IE7_WPAD);
    const bumped = setCounter(bytes, 13);
    assert.strictEqual(counterOf(bumped), 13);
    assert.strictEqual(toHex(bumped.slice(8)), toHex(bytes.slice(8)));
  });

  it('never throws on any bytes, and re-encodes every value it decodes byte for byte', () => {
    // Half the inputs start with a valid version so the decoder gets past the header.
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((rest) => Uint8Array.from([0x46, 0, 0, 0, ...rest])),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        const d = decodeConnectionSettings(bytes);
        decodeBytes(bytes);
        decodeWinHttpSettings(bytes);
        if (d.ok) {
          assert.strictEqual(toHex(encodeConnectionSettings(d.value)), toHex(bytes));
          decodeTrailer(d.value.trailer);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('decodes structurally valid values with random contents and re-encodes them identically', () => {
    const ascii = fc.string({ maxLength: 40 });
    const value = fc.record({
      version: fc.constantFrom(0x46, 0x3c),
      counter: fc.nat(),
      flags: fc.nat(15),
      proxyServer: ascii,
      bypass: ascii,
      autoConfigUrl: ascii,
      trailer: fc.uint8Array({ maxLength: 80 }),
    });
    fc.assert(
      fc.property(value, (s) => {
        const bytes = encodeConnectionSettings(s);
        assert.strictEqual(toHex(encodeConnectionSettings(decoded(bytes))), toHex(bytes));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('decodeTrailer never throws and its fields re-encode to the trailer when it has no issue', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const t = decodeTrailer(bytes);
        if (!t.issue) assert.strictEqual(toHex(encodeTrailer(t)), toHex(bytes));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('WinHttpSettings codec', () => {
  it('decodes netsh values (0x28 and 0x18) and re-encodes them', () => {
    const value = hex('2800000000000000030000001600000070726f78792e636f6e746f736f2e636f6d3a38303830070000003c6c6f63616c3e');
    const d = decodeWinHttpSettings(value);
    assert.ok(d.ok);
    assert.deepStrictEqual(
      [d.value.version, d.value.flags, d.value.proxyServer, d.value.bypass, d.value.extra.length],
      [0x28, 3, 'proxy.contoso.com:8080', '<local>', 0],
    );
    assert.strictEqual(toHex(encodeWinHttpSettings(d.value)), toHex(value));
    const direct = decodeWinHttpSettings(hex('1800000000000000010000000000000000000000'));
    assert.ok(direct.ok && direct.value.version === 0x18 && direct.value.flags === 1);
    const viaVersion = decodeBytes(value);
    assert.ok(viaVersion.ok && viaVersion.value.kind === 'winhttp');
    assert.strictEqual(toDecodedJson(viaVersion.value).trailer, '');
  });
  it('reports truncated WinHttpSettings with the offset', () => {
    const d = decodeWinHttpSettings(hex('28000000000000000300000016000000707'.slice(0, 34)));
    assert.ok(!d.ok);
    assert.strictEqual(d.error.offset, 12);
  });
});

describe('encoding a manifest', () => {
  const manifest = (proxy: object, extra = ''): string =>
    `{ "version": 1, "instance": "contoso", "region": "europe", "proxy": ${JSON.stringify(proxy)}, "firewall": { "port": 443, "allow": [] } ${extra} }`;
  const cases: [object, number, Partial<ConnectionSettings>][] = [
    [
      { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] },
      3,
      { proxyServer: 'proxy.contoso.com:8080', bypass: '<local>;*.contoso.com' },
    ],
    [{ mode: 'static', server: 'http=p:80;https=p:443' }, 3, { proxyServer: 'http=p:80;https=p:443', bypass: '' }],
    [{ mode: 'pac', pacUrl: 'http://proxy.contoso.com/proxy.pac' }, 5, { autoConfigUrl: 'http://proxy.contoso.com/proxy.pac' }],
    [{ mode: 'wpad' }, 9, {}],
    [{ mode: 'transparent' }, 1, {}],
    [{ mode: 'direct' }, 1, {}],
  ];
  for (const [proxy, flags, fields] of cases) {
    it(`mode ${(proxy as { mode: string }).mode}: flags ${flags}, and the value decodes back to the manifest`, () => {
      const e = encodeManifestText(manifest(proxy));
      assert.ok(e.ok, e.ok ? '' : e.reason);
      const d = decoded(encodeConnectionSettings(e.settings));
      assert.strictEqual(d.version, 0x46);
      assert.strictEqual(d.flags, flags);
      for (const [k, v] of Object.entries(fields)) assert.strictEqual(d[k as keyof ConnectionSettings], v);
      assert.strictEqual(d.trailer.length, 32);
    });
  }
  it('refuses what cannot be encoded, saying what to do', () => {
    const refusals: [string, RegExp][] = [
      [manifest({ server: 'p:8080' }), /proxy\.mode is missing/],
      [manifest({ mode: 'socks' }), /"socks" is not one of/],
      [manifest({ mode: 'static' }), /proxy\.server is missing/],
      [manifest({ mode: 'pac' }), /pacUrl is missing/],
      [manifest({ mode: 'static', server: 'user:pw@proxy:8080' }), /credentials/],
      [manifest({ mode: 'pac', pacUrl: 'http://u:p@proxy/x.pac' }), /credentials/],
      [manifest({ mode: 'static', server: 'prøxy:8080' }), /ASCII only/],
      [manifest({ mode: 'static', server: 'p:1', bypass: ['a;b'] }), /one name per array entry/],
      ['{ "version": 1, "proxy": { "mode": "direct" ', /line 1: Invalid JSONC/],
      ['{ "version": 1 }', /no proxy section/],
    ];
    for (const [text, reason] of refusals) {
      const e = encodeManifestText(text);
      assert.ok(!e.ok, text);
      assert.match(e.reason, reason);
    }
  });
  it('notes that transparent and wpad need no WinINET configuration', () => {
    const e = encodeManifestText(manifest({ mode: 'transparent' }));
    assert.ok(e.ok && /needs no configuration/.test(e.notes.join()));
  });
});
