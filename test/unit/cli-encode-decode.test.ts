import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyCommand } from '../../src/cli/commands/apply';
import { run } from '../../src/cli/main';
import { Runner } from '../../src/core/apply/regExeBackend';
import { validate } from '../../src/core/rules/validate';
import { encodeConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { toHex } from '../../src/core/wininet/hex';
import { formatsForManifest } from '../../src/core/usecases/deploymentScript';
import { MemoryIO } from './support/memoryIO';

const ROOT = path.resolve(__dirname, '../../..');
const example = (name: string): string => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
const regFixture = (name: string): Buffer => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'reg', name));
const STATIC = example('contoso-2018.atpproxy.jsonc');
const JSON_KEYS = [
  'path',
  'value',
  'version',
  'counter',
  'flags',
  'proxyEnabled',
  'autoConfigEnabled',
  'autoDetect',
  'proxyServer',
  'bypass',
  'autoConfigUrl',
  'trailer',
];

describe('atp-proxy encode', () => {
  it('hex (default): one line, decodable by decode, exit 0', async () => {
    const io = new MemoryIO({ 'm.jsonc': STATIC });
    assert.strictEqual(await run(['encode', 'm.jsonc'], io), 0);
    assert.match(io.out, /^46000000[0-9a-f]+\n$/);
    const decoded = new MemoryIO();
    assert.strictEqual(await run(['decode', '--format', 'json', io.out.trim()], decoded), 0);
    const json = JSON.parse(decoded.out);
    assert.deepStrictEqual(Object.keys(json), JSON_KEYS);
    assert.strictEqual(json.path, null);
    assert.strictEqual(json.proxyEnabled, true);
  });

  it('every example encodes in every format of its method; one with error findings only with --force, which its header says', async () => {
    for (const name of fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => n.includes('.atpproxy.'))) {
      const hasErrors = validate(example(name)).some((f) => f.severity === 'error');
      const { formats } = formatsForManifest(example(name));
      assert.ok(formats.length > 0, `${name} has formats`);
      for (const format of formats) {
        const io = new MemoryIO({ m: example(name) });
        const status = await run(['encode', '--format', format, 'm'], io);
        if (!hasErrors) {
          assert.strictEqual(status, 0, `${name} ${format}: ${io.err}`);
          assert.ok(io.out.length > 0);
          assert.doesNotMatch(io.out, /FORCED/);
          continue;
        }
        assert.strictEqual(status, 1, `${name} ${format} has errors: refused`);
        assert.strictEqual(io.out, '', 'nothing on stdout');
        assert.match(io.err, /^m:\d+:\d+: error ATP\d{3} /m);
        assert.match(io.err, /nothing is deployed from it.*--force/);
        const forced = new MemoryIO({ m: example(name) });
        assert.strictEqual(await run(['encode', '--force', '--format', format, 'm'], forced), 0, `${name} ${format} --force: ${forced.err}`);
        if (format === 'hex') assert.match(forced.err, /note: FORCED: generated from a manifest with \d+ error finding/);
        else assert.match(forced.out.split(/\r?\n/).slice(0, 3).join('\n'), /FORCED: generated from a manifest with \d+ error finding\(s\) \(ATP\d{3}/);
      }
    }
  });

  it("the .reg and the Group Policy XML say in their header that they carry the manifest's proxy, not a copy of HKCU", async () => {
    for (const [format, comment] of [
      ['reg', /^; This file carries the manifest's proxy, encoded from it/m],
      ['gpp', /^<!-- This file carries the manifest's proxy, encoded from it .* -->$/m],
    ] as const) {
      const io = new MemoryIO({ m: STATIC });
      assert.strictEqual(await run(['encode', '--format', format, 'm'], io), 0, io.err);
      assert.match(io.out.split(/\r?\n/).slice(0, 3).join('\n'), comment);
    }
  });

  it('refuses a manifest with error findings: exit 1, the findings on stderr, nothing on stdout', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ m: '{ "version": 1, "proxy": { "mode": "static" } }' }, /error ATP151 /],
      [{ m: '{ "version": 1, "proxy": ' }, /error ATP100 /],
    ];
    for (const [files, finding] of cases) {
      const io = new MemoryIO(files);
      assert.strictEqual(await run(['encode', 'm'], io), 1);
      assert.match(io.err, finding);
      assert.strictEqual(io.out, '');
    }
  });

  it('reg output decodes to one entry per account and value', async () => {
    const io = new MemoryIO({ 'm.jsonc': STATIC });
    assert.strictEqual(await run(['encode', '--format', 'reg', 'm.jsonc'], io), 0);
    const decoded = new MemoryIO({ 'out.reg': io.out });
    assert.strictEqual(await run(['decode', '--format', 'json', 'out.reg'], decoded), 0);
    const values = JSON.parse(decoded.out) as { path: string }[];
    assert.ok(Array.isArray(values) && values.length >= 2);
    assert.ok(values.every((v) => /^HKEY_USERS\\S-1-5-1[89]\\/.test(v.path)));
  });

  it('exit 2 with the reason for a manifest that cannot be encoded, an unreadable file, or bad usage', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['encode', '--force', 'm'], { m: '{ "version": 1, "proxy": { "mode": "static" } }' }, /proxy\.server is missing/],
      [['encode', 'missing.json'], {}, /cannot read missing\.json/],
      [['encode', '--format', 'xml', 'm'], { m: STATIC }, /--format must be one of hex, reg, ps1, gpp/],
      [['encode'], {}, /no manifest file/],
    ];
    for (const [argv, files, reason] of cases) {
      const io = new MemoryIO(files);
      assert.strictEqual(await run(argv, io), 2, argv.join(' '));
      assert.match(io.err, reason);
      assert.strictEqual(io.out, '');
    }
  });

  it('transparent: encodes flags 1 and notes on stderr that nothing is needed', async () => {
    const io = new MemoryIO({ m: example('tailspin-transparent.atpproxy.json') });
    assert.strictEqual(await run(['encode', 'm'], io), 0);
    assert.match(io.out, /^4600000001000000010000/);
    assert.match(io.err, /needs no configuration/);
  });
});

describe('atp-proxy decode', () => {
  it('a bare hex string prints the object alone; text format is readable', async () => {
    const hex = `46000000${'02000000'}${'03000000'}06000000703a38303830${'00'.repeat(8)}${'00'.repeat(32)}`;
    const json = new MemoryIO();
    assert.strictEqual(await run(['decode', '--format', 'json', hex], json), 0);
    assert.deepStrictEqual(JSON.parse(json.out), {
      path: null,
      value: null,
      version: 70,
      counter: 2,
      flags: 3,
      proxyEnabled: true,
      autoConfigEnabled: false,
      autoDetect: false,
      proxyServer: 'p:8080',
      bypass: '',
      autoConfigUrl: '',
      trailer: '00'.repeat(32),
    });
    const text = new MemoryIO();
    assert.strictEqual(await run(['decode', hex], text), 0);
    assert.match(text.out, /proxy server +p:8080/);
  });

  it('hex split over several arguments is one value', async () => {
    const io = new MemoryIO();
    assert.strictEqual(await run(['decode', '--format', 'json', 'hex:18,00,00,00,', '00,00,00,00,01,00,00,00,00,00,00,00,00,00,00,00'], io), 0);
    assert.strictEqual(JSON.parse(io.out).version, 24);
  });

  it('a .reg file (UTF-16 from reg export, or UTF-8) prints an array of every connection-settings value', async () => {
    const io = new MemoryIO({ 'x.reg': regFixture('wine-hklm-winhttp-mixed.reg'), 'y.reg': regFixture('handwritten-regedit4-utf8.reg') });
    assert.strictEqual(await run(['decode', '--format', 'json', 'x.reg'], io), 0);
    const values = JSON.parse(io.out) as Record<string, unknown>[];
    assert.deepStrictEqual(
      values.map((v) => v.value),
      ['DefaultConnectionSettings', 'WinHttpSettings'],
    );
    for (const v of values) assert.deepStrictEqual(Object.keys(v), JSON_KEYS);
    const utf8 = new MemoryIO({ 'y.reg': regFixture('handwritten-regedit4-utf8.reg') });
    assert.strictEqual(await run(['decode', '--format', 'json', 'y.reg'], utf8), 0);
    assert.strictEqual(JSON.parse(utf8.out).length, 1);
    const none = new MemoryIO({ 'n.reg': 'REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"A"=dword:1\n' });
    assert.strictEqual(await run(['decode', '--format', 'json', 'n.reg'], none), 0);
    assert.deepStrictEqual(JSON.parse(none.out), []);
  });

  it('exit 2 on malformed input, the reason on stderr', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['decode', '4600000'], {}, /odd number of hex digits/],
      [['decode', 'zz'], {}, /not a hex digit/],
      [['decode', '46000000010000000300000010000000'], {}, /16 bytes long but only 0 bytes follow.*at byte 12/],
      [
        ['decode', 'bad.reg'],
        { 'bad.reg': 'REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"DefaultConnectionSettings"=hex:46,00\n' },
        /^atp-proxy decode: bad\.reg:3: .*truncated/,
      ],
      [['decode', 'missing.reg'], {}, /cannot read missing\.reg: no such file/],
      [['decode', 'exports/dc01.txt'], {}, /cannot read exports\/dc01\.txt: no such file/],
      [['decode', 'C:\\exports\\dc01'], {}, /cannot read C:\\exports\\dc01: no such file/],
      [['decode', 'SensorConfiguration.json'], {}, /cannot read SensorConfiguration\.json: no such file/],
      [['decode'], {}, /give a hex value, a \.reg file or a SensorConfiguration\.json/],
    ];
    for (const [argv, files, reason] of cases) {
      const io = new MemoryIO(files);
      assert.strictEqual(await run(argv, io), 2, argv.join(' '));
      assert.match(io.err, reason);
      assert.strictEqual(io.out, '');
    }
  });
});

describe('atp-proxy apply (CLI)', () => {
  it('exit 2 when not on Windows and no --reg-command', async () => {
    const io = new MemoryIO({ m: STATIC });
    assert.strictEqual(await run(['apply', 'm'], io), 2);
    assert.match(io.err, /--reg-command/);
  });

  /** A reg.exe stand-in: HKCU holds `hkcu` for both values, a root lists no subkeys, every other key reads as absent. */
  function hkcuRunner(hkcu: string, calls: string[][]): Runner {
    return async (file, args) => {
      calls.push([file, ...args]);
      if (args[1] === 'query' && !args[2].includes('\\')) return { code: 0, stdout: '', stderr: '' };
      return args[1] === 'query' && /HKEY_CURRENT_USER/.test(args[2])
        ? { code: 0, stdout: ['DefaultConnectionSettings', 'SavedLegacySettings'].map((n) => `    ${n}    REG_BINARY    ${hkcu}\r\n`).join(''), stderr: '' }
        : { code: 1, stdout: '', stderr: 'reg: Unable to find the specified registry key' };
    };
  }
  const CURRENT_USER = STATIC.replace(/"source":\s*"manifest"/, '"source": "currentUser"');
  const files = { exists: () => false, ensurePrivateDir: async () => undefined, createExclusive: () => undefined, removeEmpty: () => undefined, size: () => 1 };

  it('--dry-run prints the plan and runs only queries', async () => {
    const encoded = encodeManifestText(STATIC);
    assert.ok(encoded.ok);
    const calls: string[][] = [];
    const io = new MemoryIO({ m: CURRENT_USER });
    const code = await applyCommand(
      ['--dry-run', '--reg-command', 'fake reg', '--backup-dir', '/b', 'm'],
      io,
      hkcuRunner(toHex(encodeConnectionSettings(encoded.settings)), calls),
      files,
    );
    assert.strictEqual(code, 0, io.out + io.err);
    assert.match(io.out, /dry run: nothing is changed/);
    assert.ok(
      calls.every((c) => c[0] === 'fake' && c[1] === 'reg' && c[2] === 'query'),
      JSON.stringify(calls),
    );
  });

  it('refuses a manifest with error findings before touching the registry (exit 1); --force plans it and says so', async () => {
    // ATP152 (no port) and ATP141 (LocalSystem missing): the two cases.
    const broken = STATIC.replace('"proxy.contoso.com:8080"', '"proxy.contoso.com"').replace(
      '"targets": ["LocalSystem", "LocalService"]',
      '"targets": ["LocalService"]',
    );
    const calls: string[][] = [];
    const io = new MemoryIO({ m: broken });
    assert.strictEqual(await applyCommand(['--dry-run', '--reg-command', 'fake reg', '--backup-dir', '/b', 'm'], io, hkcuRunner('', calls), files), 1);
    assert.deepStrictEqual(calls, [], 'no reg command ran');
    assert.strictEqual(io.out, '');
    assert.match(io.err, /^m:\d+:\d+: error ATP152 /m);
    assert.match(io.err, /^m:\d+:\d+: error ATP141 /m);
    assert.match(io.err, /nothing is deployed from it.*give --force/);
    const encoded = encodeManifestText(STATIC);
    assert.ok(encoded.ok);
    const forced = new MemoryIO({ m: broken.replace('"proxy.contoso.com"', '"proxy.contoso.com:8080"') });
    const hkcu = hkcuRunner(toHex(encodeConnectionSettings(encoded.settings)), []);
    assert.strictEqual(
      await applyCommand(['--dry-run', '--force', '--reg-command', 'fake reg', '--backup-dir', '/b', 'm'], forced, hkcu, files),
      0,
      forced.out + forced.err,
    );
    assert.match(forced.out, /FORCED: generated from a manifest with 1 error finding\(s\) \(ATP141\)/);
  });

  it("--dry-run --from-export plans against a domain controller's .reg export on any OS, and refuses to write to it", async () => {
    const encoded = encodeManifestText(STATIC);
    assert.ok(encoded.ok);
    const hex = (bytes: Uint8Array): string =>
      Buffer.from(bytes)
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1,');
    const old = '46,00,00,00,05,00,00,00,01,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00' + ',00'.repeat(32);
    // HKU\.DEFAULT is LocalSystem's hive under another name; LocalService has no Connections key yet.
    const exported = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections]',
      `"DefaultConnectionSettings"=hex:${hex(encodeConnectionSettings(encoded.settings))}`,
      `"SavedLegacySettings"=hex:${hex(encodeConnectionSettings(encoded.settings))}`,
      '',
      '[HKEY_USERS\\.DEFAULT\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections]',
      `"DefaultConnectionSettings"=hex:${old}`,
      '',
      '[HKEY_USERS\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings]',
      '"ProxyEnable"=dword:00000000',
      '',
    ].join('\r\n');
    const io = new MemoryIO({ m: STATIC, 'dc01.reg': exported });
    assert.strictEqual(await run(['apply', '--dry-run', '--from-export', 'dc01.reg', '--backup-dir', '/b', 'm'], io), 0, io.out + io.err);
    assert.match(io.out, /dry run: nothing is changed/);
    assert.match(
      io.out,
      /LocalSystem: HKEY_USERS\\S-1-5-18\\.*DefaultConnectionSettings\n {4}before: counter 5, flags 0x1\n {4}after: {2}counter 6, flags 0x3, proxy proxy\.contoso\.com:8080/,
    );
    assert.match(io.out, /S-1-5-19.*(does not exist|created)/i);
    for (const argv of [
      ['apply', '--from-export', 'dc01.reg', 'm'],
      ['apply', '--dry-run', '--from-export', 'dc01.reg', '--reg-command', 'wine reg', 'm'],
      ['apply', '--dry-run', '--from-export', 'missing.reg', 'm'],
    ]) {
      const refused = new MemoryIO({ m: STATIC, 'dc01.reg': exported });
      assert.strictEqual(await run(argv, refused), 2, argv.join(' '));
      assert.match(refused.err, /add --dry-run|not both|cannot read missing\.reg/);
    }
  });

  it('source currentUser: refuses (exit 1, nothing written) when HKCU holds another proxy than the manifest', async () => {
    // The person running apply has Northwind's proxy in HKCU; the manifest says proxy.contoso.com:8080.
    const server = Buffer.from('proxy.northwind.com:3128');
    const northwind = `460000000100000003000000${server.length.toString(16).padStart(2, '0')}000000${server.toString('hex')}${'00'.repeat(40)}`;
    for (const dryRun of [true, false]) {
      const calls: string[][] = [];
      const io = new MemoryIO({ m: CURRENT_USER });
      const code = await applyCommand(
        [...(dryRun ? ['--dry-run'] : []), '--reg-command', 'fake reg', '--backup-dir', '/b', 'm'],
        io,
        hkcuRunner(northwind, calls),
        files,
      );
      assert.strictEqual(code, 1, io.out + io.err);
      assert.match(
        io.out + io.err,
        /HKEY_CURRENT_USER's DefaultConnectionSettings .* is not the manifest's proxy .*proxy "proxy\.northwind\.com:3128" instead of "proxy\.contoso\.com:8080"/,
      );
      assert.match(io.out + io.err, /registry\.source to "manifest"/);
      assert.ok(
        calls.every((c) => c[2] === 'query'),
        `only queries: ${JSON.stringify(calls.map((c) => c[2]))}`,
      );
    }
  });
});

describe('decode: a .reg export with one bad value (issue 19, item 8)', () => {
  // Wine's real UTF-16 export; its second value (SavedLegacySettings, line 9) made malformed in two ways.
  const source = regFixture('wine-hkcu-static.reg').subarray(2).toString('utf16le');
  const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const badByte = utf16(source.replace('"SavedLegacySettings"=hex:46,00', '"SavedLegacySettings"=hex:46,zz'));
  const cut = utf16(
    source.replace(/"SavedLegacySettings"=hex:[^"]*?(\r\n\r\n|$)/, '"SavedLegacySettings"=hex:46,00,00,00,05,00,00,00,03,00,00,00,16,00,00,00$1'),
  );
  const line = source.split('\r\n').findIndex((l) => l.startsWith('"SavedLegacySettings"')) + 1;

  for (const [name, bytes, reason] of [
    ['a byte that is not hex', badByte, /"zz" is not a hex byte/],
    ['a value cut short', cut, /SavedLegacySettings under \[HKEY_CURRENT_USER.*Connections\]: /],
  ] as const) {
    it(`${name}: the good value is printed, the bad one named FILE:LINE on stderr, exit 2`, async () => {
      assert.ok(line > 1 && !bytes.equals(regFixture('wine-hkcu-static.reg')), 'the fixture was changed');
      const text = new MemoryIO({ 'dc01.reg': bytes });
      assert.strictEqual(await run(['decode', 'dc01.reg'], text), 2);
      assert.match(text.out, /\] DefaultConnectionSettings\n[\s\S]*proxy server +proxy\.contoso\.com:8080/);
      assert.strictEqual(text.out.includes('SavedLegacySettings'), false);
      assert.match(text.err, new RegExp(`^atp-proxy decode: dc01\\.reg:${line}: `));
      assert.match(text.err, reason);
      const json = new MemoryIO({ 'dc01.reg': bytes });
      assert.strictEqual(await run(['decode', '--format', 'json', 'dc01.reg'], json), 2);
      assert.deepStrictEqual(
        (JSON.parse(json.out) as { value: string }[]).map((v) => v.value),
        ['DefaultConnectionSettings'],
      );
    });
  }

  it('json: a bare hex value and a .reg value have the same keys (path and value null for hex)', async () => {
    const reg = new MemoryIO({ 'dc01.reg': regFixture('wine-hkcu-static.reg') });
    assert.strictEqual(await run(['decode', '--format', 'json', 'dc01.reg'], reg), 0);
    const [fromReg] = JSON.parse(reg.out) as Record<string, unknown>[];
    const hex = new MemoryIO();
    assert.strictEqual(
      await run(
        [
          'decode',
          '--format',
          'json',
          '46000000050000000300000016000000' +
            Buffer.from('proxy.contoso.com:8080').toString('hex') +
            '15000000' +
            Buffer.from('<local>;*.contoso.com').toString('hex') +
            '00000000' +
            '00'.repeat(32),
        ],
        hex,
      ),
      0,
      hex.err,
    );
    const fromHex = JSON.parse(hex.out) as Record<string, unknown>;
    assert.strictEqual(Array.isArray(fromHex), false);
    assert.deepStrictEqual(Object.keys(fromHex), Object.keys(fromReg));
    assert.deepStrictEqual({ ...fromHex, path: fromReg.path, value: fromReg.value }, fromReg);
    assert.strictEqual(fromHex.path, null);
    assert.strictEqual(fromHex.value, null);
  });
});

describe('decode: a value cut inside its trailer', () => {
  it('is truncated input: exit 2 with the offset and the reason', async () => {
    const full = '46000000050000000300000004000000703a3830000000000000000000000000000000000000000000000000000000000000000000000000000000';
    const good = new MemoryIO();
    assert.strictEqual(await run(['decode', full], good), 0, good.err);
    const cut = new MemoryIO();
    assert.strictEqual(await run(['decode', full.slice(0, -16)], cut), 2);
    assert.match(cut.err, /truncated \(at byte \d+\)/);
  });
});
