import * as assert from 'assert';
import { ATP_POLICY_KEY, DATA_COLLECTION_KEY, WINHTTP_KEY } from '../../src/core/apply/machineValue';
import { settingsOf, parseManifest } from '../../src/core/manifest/parse';
import { policySettingsOf, policyValues } from '../../src/core/policy/policySettings';
import { readMachineProxyValues } from '../../src/core/policy/readMachineProxy';
import { generateMachineMethodScript, machineMethodValues } from '../../src/core/usecases/machineMethod';
import { describeCodecError } from '../../src/core/wininet/codecError';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { REG_BINARY, REG_DWORD, REG_SZ, regString } from '../../src/core/wininet/regFile';
import { encodeWinHttpSettings } from '../../src/core/wininet/winHttpSettings';
import { MAX_WINHTTP_BYTES, decodeWinHttpStrict } from '../../src/core/winhttp/strictWinHttp';
import { winHttpSettingsOf } from '../../src/core/winhttp/winHttpFromManifest';
import { POLICY_OFFLINE, POLICY_WITH_WINHTTP, WINHTTP, v3Manifest } from './support/v3Manifests';

function utf16(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

function script(text: string, format: string): string {
  const r = generateMachineMethodScript(text, format, 'dc.atpproxy.json');
  if (!r.ok) throw new Error(r.reason);
  return r.content;
}

function settings(text: string) {
  return settingsOf(parseManifest(text).manifest);
}

describe('method policy: the Defender for Endpoint static proxy policy', () => {
  it('writes TelemetryProxyServer and DisableEnterpriseAuthProxy, and PreferStaticProxyForHttpRequest when otherwise offline', () => {
    const offline = policySettingsOf(settings(POLICY_OFFLINE));
    assert.ok(offline.ok);
    assert.deepStrictEqual(
      policyValues(offline.settings).map((v) => [v.key, v.name, v.type, Buffer.from(v.data).toString('hex')]),
      [
        [DATA_COLLECTION_KEY, 'TelemetryProxyServer', REG_SZ, Buffer.from(regString('proxy.contoso.com:8080')).toString('hex')],
        [DATA_COLLECTION_KEY, 'DisableEnterpriseAuthProxy', REG_DWORD, '01000000'],
        [ATP_POLICY_KEY, 'PreferStaticProxyForHttpRequest', REG_DWORD, '01000000'],
      ],
    );
    const online = policySettingsOf(settings(POLICY_WITH_WINHTTP));
    assert.ok(online.ok);
    assert.strictEqual(online.settings.preferStaticProxy, false, 'a WinHTTP proxy in the manifest: not otherwise offline');
    assert.deepStrictEqual(
      policyValues(online.settings).map((v) => v.name),
      ['TelemetryProxyServer', 'DisableEnterpriseAuthProxy'],
    );
    assert.ok(online.notes.some((n) => /PreferStaticProxyForHttpRequest is not written/.test(n)));
  });

  for (const [name, proxy, reason] of [
    ['a per-protocol list', { server: 'http=p:80;https=p:443' }, /one proxy for every protocol/],
    ['credentials', { server: 'user:pw@proxy.contoso.com:8080' }, /credentials/],
    ['a non-ASCII name', { server: 'prøxy.contoso.com:8080' }, /printable ASCII/],
    ['no port', { server: 'proxy.contoso.com' }, /has no port/],
    ['mode pac', { mode: 'pac', pacUrl: 'http://p/p.pac', server: undefined }, /set proxy.mode to static/],
  ] as const) {
    it(`refuses ${name} with what to do`, () => {
      const r = policySettingsOf(settings(v3Manifest({ mode: 'static', method: 'policy', ...proxy })));
      assert.ok(!r.ok);
      assert.match(r.reason, reason);
    });
  }

  it('.reg: header and comment lines like the WinINET .reg, and the values read back from it (UTF-16LE as reg export writes)', () => {
    const text = script(POLICY_OFFLINE, 'reg');
    const lines = text.split('\r\n');
    assert.strictEqual(lines[0], 'Windows Registry Editor Version 5.00');
    assert.ok(lines.slice(1, 5).every((l) => l.startsWith('; ')));
    assert.match(text, /Source: Microsoft: "Configure your devices to connect to the Defender for Endpoint service using a proxy"/);
    assert.ok(/^[\x20-\x7e\r\n]*$/.test(text), 'ASCII');
    const read = readMachineProxyValues(utf16(text));
    assert.ok(read.ok, read.ok ? '' : describeCodecError(read.error));
    assert.deepStrictEqual(
      read.value.map((v) => ('text' in v ? [v.value, v.text] : 'number' in v ? [v.value, v.number] : [v.value])),
      [
        ['TelemetryProxyServer', 'proxy.contoso.com:8080'],
        ['DisableEnterpriseAuthProxy', 1],
        ['PreferStaticProxyForHttpRequest', 1],
      ],
    );
  });

  it('gpp: one Update item per value under HKEY_LOCAL_MACHINE, the same bytes every time', () => {
    const a = script(POLICY_OFFLINE, 'gpp');
    assert.strictEqual(a, script(POLICY_OFFLINE, 'gpp'));
    assert.doesNotMatch(a, /changed=/);
    const props = [...a.matchAll(/<Properties action="U" [^>]*hive="HKEY_LOCAL_MACHINE" key="([^"]+)" name="([^"]+)" type="([^"]+)" value="([^"]*)"\/>/g)].map(
      (m) => m.slice(1),
    );
    assert.deepStrictEqual(props, [
      ['SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'TelemetryProxyServer', 'REG_SZ', 'proxy.contoso.com:8080'],
      ['SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'DisableEnterpriseAuthProxy', 'REG_DWORD', '00000001'],
      ['SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection', 'PreferStaticProxyForHttpRequest', 'REG_DWORD', '00000001'],
    ]);
    const uids = [...a.matchAll(/uid="(\{[0-9A-F-]+\})"/g)].map((m) => m[1]);
    assert.strictEqual(new Set(uids).size, 3);
  });

  it('ps1: pure ASCII, the values as data, backup before the first reg add', () => {
    const ps1 = script(POLICY_OFFLINE, 'ps1');
    assert.ok(/^[\x20-\x7e\r\n]*$/.test(ps1));
    assert.ok(ps1.indexOf("Backup-RegKey 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection'") < ps1.indexOf('Set-RegValue $v.Key'));
    assert.match(ps1, /Name = 'TelemetryProxyServer'; Type = 'REG_SZ'; Data = 'proxy\.contoso\.com:8080'/);
  });

  it('a format the method has no use for is refused naming the ones it has', () => {
    const r = generateMachineMethodScript(POLICY_OFFLINE, 'hex', 'm');
    assert.ok(!r.ok);
    assert.match(r.reason, /method policy has no use for --format hex: use reg, ps1, gpp/);
  });
});

describe('method winhttp: WinHttpSettings as netsh writes it', () => {
  it('encodes version 0x28, counter 0, flags 3, the proxy and the ;-joined bypass list, and decodes to the same', () => {
    const r = winHttpSettingsOf(settings(WINHTTP));
    assert.ok(r.ok);
    const bytes = encodeWinHttpSettings(r.settings);
    const proxy = Buffer.from('proxy.contoso.com:8080');
    const bypass = Buffer.from('<local>;*.contoso.com');
    const expected = Buffer.concat([
      Buffer.from([0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, proxy.length, 0, 0, 0]),
      proxy,
      Buffer.from([bypass.length, 0, 0, 0]),
      bypass,
    ]);
    assert.strictEqual(Buffer.from(bytes).toString('hex'), expected.toString('hex'));
    const back = decodeWinHttpStrict(bytes);
    assert.ok(back.ok);
    assert.deepStrictEqual({ ...back.value, extra: [...back.value.extra] }, { ...r.settings, extra: [] });
  });

  it('.reg holds the value under HKLM Connections; the ps1 runs netsh winhttp set proxy with both lists', () => {
    const reg = script(WINHTTP, 'reg');
    const file = parseRegFile(utf16(reg));
    assert.ok(file.ok);
    assert.deepStrictEqual(
      file.value.keys.map((k) => [k.path, k.values.map((v) => v.name)]),
      [[WINHTTP_KEY, ['WinHttpSettings']]],
    );
    assert.match(reg, /netsh winhttp set proxy proxy-server="proxy\.contoso\.com:8080" bypass-list="<local>;\*\.contoso\.com"/);
    const ps1 = script(WINHTTP, 'ps1');
    assert.ok(/^[\x20-\x7e\r\n]*$/.test(ps1));
    assert.match(ps1, /\$Server = 'proxy\.contoso\.com:8080'/);
    assert.match(ps1, /\$Bypass = '<local>;\*\.contoso\.com'/);
    assert.ok(ps1.indexOf('Backup-RegKey $Key') < ps1.indexOf('& netsh.exe @netshArgs'), 'the previous value is exported first');
    const gpp = generateMachineMethodScript(WINHTTP, 'gpp', 'm');
    assert.ok(!gpp.ok);
    assert.match(gpp.reason, /use reg, ps1/);
  });

  it('a truncated value is an error at the byte where it ends', () => {
    const full = encodeWinHttpSettings({ version: 0x28, counter: 0, flags: 3, proxyServer: 'p:1', bypass: '<local>', extra: new Uint8Array() });
    for (const [cut, offset, reason] of [
      [2, 0, /the version needs 4 bytes/],
      [10, 8, /the flags needs 4 bytes/],
      [14, 12, /the length of the proxy server needs 4 bytes/],
      [17, 12, /the proxy server is 3 bytes long but only 1 bytes follow/],
      [full.length - 1, 19, /the bypass list is 7 bytes long but only 6 bytes follow/],
    ] as const) {
      const r = decodeWinHttpStrict(full.slice(0, cut));
      assert.ok(!r.ok, `cut at ${cut}`);
      assert.strictEqual(r.error.offset, offset, describeCodecError(r.error));
      assert.match(r.error.reason, reason);
    }
  });

  it('an oversized value (bytes after the bypass list, or longer than 64 KiB) is an error with the offset, never a crash', () => {
    const full = encodeWinHttpSettings({ version: 0x28, counter: 0, flags: 3, proxyServer: 'p:1', bypass: '', extra: Uint8Array.from([1, 2, 3]) });
    const r = decodeWinHttpStrict(full);
    assert.ok(!r.ok);
    assert.strictEqual(r.error.offset, full.length - 3);
    assert.match(r.error.reason, /3 bytes follow the bypass list/);
    const huge = new Uint8Array(MAX_WINHTTP_BYTES + 1);
    huge[0] = 0x28;
    const h = decodeWinHttpStrict(huge);
    assert.ok(!h.ok);
    assert.match(describeCodecError(h.error), /65537 bytes long.*\(at byte 65536\)/);
    // A string length near 2^32 must not allocate or throw.
    const big = Buffer.from('28000000000000000300000000ffffff', 'hex');
    const b = decodeWinHttpStrict(big);
    assert.ok(!b.ok);
    assert.strictEqual(b.error.offset, 12);
  });
});

describe('reading the v3 values from a .reg export: malformed lines', () => {
  const HEAD = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]\r\n';
  const cases: [string, string, RegExp][] = [
    ['an unclosed REG_SZ', '"TelemetryProxyServer"="proxy:8080\r\n', /^line 4: string data of "TelemetryProxyServer" \(column 24\) is not closed by a quote$/],
    ['text after a REG_SZ', '"TelemetryProxyServer"="proxy:8080" x\r\n', /^line 4: string data of "TelemetryProxyServer" is followed by "x" at column 36/],
    [
      'a dword of 9 digits',
      '"DisableEnterpriseAuthProxy"=dword:000000001\r\n',
      /^line 4: dword data of "DisableEnterpriseAuthProxy" must be 1 to 8 hex digits, not "000000001" \(column 36\)$/,
    ],
    [
      'a dword that is not hex',
      '  "DisableEnterpriseAuthProxy"=dword:1g\r\n',
      /^line 4: dword data of "DisableEnterpriseAuthProxy" must be 1 to 8 hex digits, not "1g" \(column 38\)$/,
    ],
    ['an empty dword', '"DisableEnterpriseAuthProxy"=dword:\r\n', /not "" \(column 36\)/],
    [
      'TelemetryProxyServer as a DWORD',
      '"TelemetryProxyServer"=dword:00001f90\r\n',
      /^line 4: TelemetryProxyServer is REG_DWORD: Defender for Endpoint reads a REG_SZ "host:port"$/,
    ],
    [
      'DisableEnterpriseAuthProxy as a string',
      '"DisableEnterpriseAuthProxy"="1"\r\n',
      /^line 4: DisableEnterpriseAuthProxy is REG_SZ of 4 bytes: Windows reads a REG_DWORD/,
    ],
    ['a REG_SZ of odd length', '"TelemetryProxyServer"=hex(1):70,00,3a\r\n', /^line 4: TelemetryProxyServer has 3 bytes/],
  ];
  for (const [name, line, expected] of cases) {
    it(`${name}: a clear error with the line and the column`, () => {
      const r = readMachineProxyValues(utf16(HEAD + line));
      assert.ok(!r.ok);
      assert.match(describeCodecError(r.error), expected);
    });
  }

  it('a truncated or oversized WinHttpSettings in an export: the line and the byte offset', () => {
    const head =
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections]\r\n';
    const truncated = readMachineProxyValues(utf16(`${head}"WinHttpSettings"=hex:28,00,00,00,00,00,00,00,03,00,00,00,09,00,00,00,70\r\n`));
    assert.ok(!truncated.ok);
    assert.match(describeCodecError(truncated.error), /^line 4: WinHttpSettings: the proxy server is 9 bytes long but only 1 bytes follow.* \(at byte 12\)$/);
    const oversized = readMachineProxyValues(utf16(`${head}"WinHttpSettings"=hex:18,00,00,00,00,00,00,00,01,00,00,00,00,00,00,00,00,00,00,00,ff\r\n`));
    assert.ok(!oversized.ok);
    assert.match(describeCodecError(oversized.error), /^line 4: WinHttpSettings: 1 bytes follow the bypass list.*\(at byte 20\)$/);
  });

  it('values elsewhere or deleted are not v3 values; other keys are ignored', () => {
    const text = `${HEAD}"Other"="x"\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Elsewhere]\r\n"TelemetryProxyServer"=dword:00000001\r\n`;
    const r = readMachineProxyValues(utf16(text));
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value, []);
  });
});

describe('machineMethodValues', () => {
  it('names the values each method writes; another method is refused', () => {
    const p = machineMethodValues(POLICY_WITH_WINHTTP);
    assert.ok(p.ok);
    assert.deepStrictEqual(
      p.values.map((v) => v.name),
      ['TelemetryProxyServer', 'DisableEnterpriseAuthProxy'],
    );
    const w = machineMethodValues(WINHTTP);
    assert.ok(w.ok);
    assert.deepStrictEqual(
      w.values.map((v) => [v.key, v.name, v.type]),
      [[WINHTTP_KEY, 'WinHttpSettings', REG_BINARY]],
    );
    const v2 = machineMethodValues(v3Manifest({ mode: 'static', method: 'sensor', server: 'p:1' }));
    assert.ok(!v2.ok);
    assert.match(v2.reason, /policy or winhttp expected/);
  });
});
