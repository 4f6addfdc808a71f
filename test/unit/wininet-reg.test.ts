import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { describeCodecError } from '../../src/core/wininet/codecError';
import { decodeRegFileValues, toDecodedJson } from '../../src/core/wininet/decodeValue';
import { REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_SZ, RegFile, regString } from '../../src/core/wininet/regFile';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { encodeRegFile, formatRegFile, formatRegValue } from '../../src/core/wininet/regWrite';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'reg');

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

function parse(bytes: Uint8Array): RegFile {
  const r = parseRegFile(bytes);
  if (!r.ok) throw new Error(describeCodecError(r.error));
  return r.value;
}

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('.reg files', () => {
  for (const name of ['wine-hkcu-static.reg', 'wine-ie5-wpad-trailer.reg', 'wine-hklm-winhttp-mixed.reg']) {
    it(`${name}: parses Wine's reg export and writes it back byte for byte`, () => {
      const bytes = fixture(name);
      const file = parse(bytes);
      assert.strictEqual(file.encoding, 'utf-16le');
      assert.strictEqual(file.header, 'Windows Registry Editor Version 5.00');
      assert.ok(Buffer.from(encodeRegFile(file.keys)).equals(bytes));
    });
  }

  it('reads every value type of a Wine export', () => {
    const file = parse(fixture('wine-hklm-winhttp-mixed.reg'));
    const values = new Map(file.keys[0].values.map((v) => [v.name, v]));
    const get = (n: string) => {
      const v = values.get(n);
      assert.ok(v && v.kind === 'set', n);
      return v;
    };
    assert.strictEqual(get('Count').type, REG_DWORD);
    assert.strictEqual(Buffer.from(get('Count').data).readUInt32LE(0), 42);
    assert.strictEqual(get('Multi').type, REG_MULTI_SZ);
    assert.strictEqual(get('Note "quoted"').type, REG_SZ);
    assert.deepStrictEqual(get('Note "quoted"').data, regString('C:\\path "x"'));
    assert.strictEqual(get('WinHttpSettings').type, REG_BINARY);
  });

  it('decodes every connection-settings value of an export, trailer intact, WinHttpSettings included', () => {
    const file = parse(fixture('wine-hklm-winhttp-mixed.reg'));
    const values = decodeRegFileValues(file);
    assert.ok(values.ok);
    assert.deepStrictEqual(
      values.value.map((v) => [v.value, v.kind]),
      [
        ['DefaultConnectionSettings', 'wininet'],
        ['WinHttpSettings', 'winhttp'],
      ],
    );
    const ie5 = decodeRegFileValues(parse(fixture('wine-ie5-wpad-trailer.reg')));
    assert.ok(ie5.ok);
    const json = toDecodedJson(ie5.value[0]);
    assert.strictEqual(json.path, 'HKEY_USERS\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections');
    assert.strictEqual(json.version, 60);
    assert.match(json.trailer, /^010000001f000000687474703a2f2f/);
  });

  it('reads REGEDIT4 in UTF-8 with LF, comments, a comment inside a fold, key and value deletions', () => {
    const file = parse(fixture('handwritten-regedit4-utf8.reg'));
    assert.strictEqual(file.header, 'REGEDIT4');
    assert.strictEqual(file.encoding, 'utf-8');
    assert.deepStrictEqual(
      file.keys.map((k) => [k.path, k.deleted]),
      [
        ['HKEY_CURRENT_USER\\Software\\AtpProxyOld', true],
        ['HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections', false],
      ],
    );
    const values = file.keys[1].values;
    assert.deepStrictEqual(
      values.map((v) => [v.kind, v.name]),
      [
        ['delete', 'SavedLegacySettings'],
        ['set', 'DefaultConnectionSettings'],
        ['set', ''],
        ['set', 'Flags'],
      ],
    );
    const decoded = decodeRegFileValues(file);
    assert.ok(decoded.ok);
    assert.strictEqual(toDecodedJson(decoded.value[0]).autoConfigUrl, 'http://proxy.contoso.com/proxy.pac');
  });

  it('reads UTF-8 with BOM and CRLF, and UTF-16LE written by other tools', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n"A"=hex:01,02\r\n';
    const bom = parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    assert.strictEqual(bom.encoding, 'utf-8-bom');
    const wide = parse(utf16(text));
    assert.deepStrictEqual(wide.keys, bom.keys);
  });

  it('reports malformed files with the line and what to do', () => {
    const cases: [string, number, RegExp][] = [
      ['not a reg file', 1, /first line must be/],
      ['REGEDIT4\n"A"=hex:01', 2, /value outside a key/],
      ['REGEDIT4\n[HKEY_CURRENT_USER\\X\n', 2, /no closing "\]"/],
      ['REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"A"=hex:01,zz', 3, /"zz" is not a hex byte/],
      ['REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"A"=hex:01,\\', 3, /file ends/],
      ['REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"A"=word:1', 3, /cannot read the data/],
      ['REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"A=1', 3, /no closing quote/],
    ];
    for (const [text, line, reason] of cases) {
      const r = parseRegFile(Buffer.from(text));
      assert.ok(!r.ok, text);
      assert.deepStrictEqual([r.error.unit, r.error.offset], ['line', line], text);
      assert.match(r.error.reason, reason);
    }
  });

  it('a connection-settings value of the wrong type or malformed is an error with its line', () => {
    const wrongType = decodeRegFileValues(parse(Buffer.from('REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"DefaultConnectionSettings"=dword:1\n')));
    assert.ok(!wrongType.ok && wrongType.error.offset === 3 && /REG_DWORD/.test(wrongType.error.reason));
    const truncated = decodeRegFileValues(parse(Buffer.from('REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\n"SavedLegacySettings"=hex:46,00,00,00,01\n')));
    assert.ok(!truncated.ok && truncated.error.offset === 4 && /truncated/.test(truncated.error.reason));
  });

  it('folds hex as regedit does: break once a line reaches 77 characters, continuation indented by two', () => {
    const line = formatRegValue({ name: 'DefaultConnectionSettings', type: REG_BINARY, data: new Uint8Array(60) });
    const lines = line.split('\r\n');
    assert.strictEqual(lines[0], `"DefaultConnectionSettings"=hex:${'00,'.repeat(15)}\\`);
    assert.strictEqual(lines[1], `  ${'00,'.repeat(25)}\\`);
    assert.strictEqual(lines[2], `  ${'00,'.repeat(19)}00`);
    assert.ok(lines.every((l) => l.length <= 80));
    assert.strictEqual(formatRegValue({ name: '', type: REG_SZ, data: regString('a\\"b') }), '@="a\\\\\\"b"');
    assert.strictEqual(formatRegValue({ name: 'E', type: REG_BINARY, data: new Uint8Array(0) }), '"E"=hex:');
    assert.match(formatRegFile([{ path: 'HKEY_CURRENT_USER\\X', deleted: true, line: 0, values: [] }]), /\[-HKEY_CURRENT_USER\\X\]\r\n/);
  });
});
