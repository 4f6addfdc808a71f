// Reading a sensor's SensorConfiguration.json: real-shaped files, the forms the API address takes, and the errors
// (with their place) of files that are not one.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { compareApiAddress, hostPortOf } from '../../src/core/sensorConfig/addresses';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES, parseJson } from '../../src/core/sensorConfig/json';
import { readSensorConfiguration, type SensorConfigurationRead } from '../../src/core/sensorConfig/sensorConfiguration';
import { DiskIO } from './support/diskIO';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/sensor');
const fixture = (name: string): string => path.join(FIXTURES, name);
const bytesOf = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(fixture(name)));
/** The fixtures' encrypted bytes (not secrets; see the fixtures' README): no output may hold any of them. */
const SECRETS = ['setup-proxy-auth', 'module-ansi'].map((f) => {
  const m = /"EncryptedBytes": "([^"]+)"/.exec(fs.readFileSync(fixture(`${f}.SensorConfiguration.json`), 'latin1'));
  assert.ok(m);
  return m[1];
});

function read(text: string | Uint8Array): SensorConfigurationRead {
  return readSensorConfiguration(typeof text === 'string' ? new Uint8Array(Buffer.from(text, 'utf8')) : text);
}

function errorOf(text: string | Uint8Array): { reason: string; byte: number; line: number; column: number } {
  const r = read(text);
  assert.ok(!r.ok, 'expected an error');
  return r.error;
}

const API =
  '"WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint": {"$type": "EndpointData", "Address": "contoso-corpsensorapi.atp.azure.com", "Port": 443}';

describe('sensor configuration: reading SensorConfiguration.json', () => {
  it('reads the file Setup writes (UTF-8 BOM, CRLF, $type members): proxy, user, a password present, the API address', () => {
    const r = read(bytesOf('setup-proxy-auth.SensorConfiguration.json'));
    assert.deepStrictEqual(r, {
      ok: true,
      value: {
        proxy: { url: 'http://proxy.contoso.com:8080', userName: 'CONTOSO\\svc-mdi-proxy', passwordPresent: true },
        apiAddress: 'contoso-corpsensorapi.atp.azure.com',
        apiPort: 443,
      },
    });
    assert.ok(!JSON.stringify(r).includes(SECRETS[0].slice(0, 16)), 'the encrypted bytes are never kept');
  });

  it('reads SensorProxyConfiguration null as no proxy', () => {
    assert.deepStrictEqual(read(bytesOf('no-proxy.SensorConfiguration.json')), {
      ok: true,
      value: { apiAddress: 'contoso-corpsensorapi.atp.azure.com', apiPort: 443 },
    });
  });

  it('reads what Windows PowerShell 5.1 saves (Windows-1252, no BOM) with the user name intact', () => {
    const r = read(bytesOf('module-ansi.SensorConfiguration.json'));
    assert.ok(r.ok);
    assert.strictEqual(r.value.proxy?.userName, 'FABRIKAM\\svc-josé');
    assert.strictEqual(r.value.proxy?.url, 'http://oldproxy.fabrikam.com:3128');
  });

  it('reads UTF-16LE with BOM, member names in any case, an absent member, an empty Url and an empty EncryptedBytes', () => {
    const text = `{"sensorproxyconfiguration": {"URL": "http://p:3128", "username": "u", "EncryptedUserPasswordData": {"EncryptedBytes": ""}}, ${API}}`;
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepStrictEqual(read(utf16), {
      ok: true,
      value: { proxy: { url: 'http://p:3128', userName: 'u', passwordPresent: false }, apiAddress: 'contoso-corpsensorapi.atp.azure.com', apiPort: 443 },
    });
    assert.deepStrictEqual(read(`{"SensorProxyConfiguration": {"$type": "SensorProxyConfiguration", "Url": ""}}`), { ok: true, value: {} });
    assert.deepStrictEqual(read(`{"SensorProxyConfiguration": {"UserName": "CONTOSO\\\\u"}}`), { ok: true, value: { orphanUserName: 'CONTOSO\\u' } });
    assert.deepStrictEqual(read(`{"SecretManagerConfigurationCertificateThumbprint": "AB"}`), { ok: true, value: {} });
    // A password written into the URL itself is not kept either; host and port still read.
    const inUrl = read(`{"SensorProxyConfiguration": {"Url": "http://svc:Pa55w0rd@proxy.contoso.com:8080/"}}`);
    assert.deepStrictEqual(inUrl, { ok: true, value: { proxy: { url: 'http://svc:(password hidden)@proxy.contoso.com:8080/', passwordPresent: false } } });
    assert.deepStrictEqual(hostPortOf(inUrl.ok ? (inUrl.value.proxy?.url ?? '') : '', 80), { host: 'proxy.contoso.com', port: 8080, portWritten: true });
  });

  it('names the place of a truncated file: line, column and byte (the BOM counted)', () => {
    const e = errorOf(bytesOf('truncated.SensorConfiguration.json'));
    assert.match(e.reason, /not closed before the end of the file/);
    const text = fs.readFileSync(fixture('truncated.SensorConfiguration.json'));
    assert.strictEqual(text[e.byte], 0x22, 'the byte offset is the opening quote of EncryptedBytes’ value');
    assert.strictEqual(text.subarray(0, e.byte).toString('utf8').split('\r\n').length, e.line);
  });

  it('refuses wrong types at the value, naming the member and the type but never the value', () => {
    const cases: [string, RegExp, string][] = [
      ['[1, 2]', /^the file is an array, expected one JSON object/, '['],
      ['"x"', /^the file is a string/, '"'],
      ['{"SensorProxyConfiguration": "http://p:1"}', /^SensorProxyConfiguration is a string, expected an object or null/, '"http'],
      ['{"SensorProxyConfiguration": {"Url": 8080}}', /^SensorProxyConfiguration\.Url is a number/, '8080'],
      ['{"SensorProxyConfiguration": {"Url": "u", "UserName": ["a"]}}', /^SensorProxyConfiguration\.UserName is an array/, '["a"]'],
      [
        '{"SensorProxyConfiguration": {"Url": "u", "EncryptedUserPasswordData": "c2VjcmV0"}}',
        /^SensorProxyConfiguration\.EncryptedUserPasswordData is a string, expected an object or null$/,
        '"c2VjcmV0"',
      ],
      [
        '{"SensorProxyConfiguration": {"Url": "u", "EncryptedUserPasswordData": {"EncryptedBytes": 12345678}}}',
        /^SensorProxyConfiguration\.EncryptedUserPasswordData\.EncryptedBytes is a number/,
        '12345678',
      ],
      [`{${API.replace('443', '"443"')}}`, /Port is a string/, '"443"'],
      [`{${API.replace('443', '70000')}}`, /Port is not a port number/, '70000'],
      ['{"a": 1}', /it is not a sensor's SensorConfiguration\.json/, '{'],
    ];
    for (const [text, reason, at] of cases) {
      const e = errorOf(text);
      assert.match(e.reason, reason, text);
      assert.strictEqual(e.byte, text.indexOf(at), `${text}: at the offending value`);
      assert.ok(!e.reason.includes('c2VjcmV0') && !e.reason.includes('12345678'), 'the value is not repeated');
    }
  });

  it('refuses malformed JSON with the offset where it stops being JSON', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /empty/],
      ['{"SensorProxyConfiguration": null,}', 34, /member name/],
      ['{"SensorProxyConfiguration" null}', 28, /":"/],
      ['{"SensorProxyConfiguration": nul}', 29, /expected a value/],
      ['{"SensorProxyConfiguration": {"Url": "a\nb"}}', 39, /control character \(U\+000A\)/],
      ['{"SensorProxyConfiguration": {"Url": "\\x"}}', 38, /unknown escape/],
      ['{"SensorProxyConfiguration": {"Url": "\\u12"}}', 38, /four hex digits/],
      ['{"SensorProxyConfiguration": null} {}', 35, /end of the file after the value/],
      ['{"SensorProxyConfiguration": null // comment\n}', 34, /found a comment/],
      ['{"SensorProxyConfiguration": [1 2]}', 32, /"," or "\]"/],
    ];
    for (const [text, byte, reason] of cases) {
      const e = errorOf(text);
      assert.match(e.reason, reason, text);
      assert.strictEqual(e.byte, byte, text);
    }
  });

  it('refuses nesting deeper than the limit without recursion, more values than a real file has, and a file over 10 MB', () => {
    const deep = `{"SensorProxyConfiguration": ${'['.repeat(1_000_000)}`;
    const e = errorOf(deep);
    assert.match(e.reason, /nested deeper than 64 levels/);
    assert.strictEqual(e.byte, 29 + MAX_JSON_DEPTH - 1);
    assert.ok(parseJson(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`).ok, 'exactly the limit is accepted');
    // Five million values in 10 MB: refused at the first one over the limit, not built (400 MB, a second).
    const many = `{"SensorProxyConfiguration": null, "x": [${'1,'.repeat(5_000_000)}1]}`;
    const e2 = errorOf(many);
    assert.match(e2.reason, /more than 100000 values/);
    assert.strictEqual(e2.byte, 41 + 2 * (MAX_JSON_VALUES - 3));
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    assert.match(errorOf(big).reason, /over the 10 MB limit/);
  });
});

describe('sensor configuration: addresses', () => {
  const settings = { instance: 'contoso-corp', cloud: 'commercial' };
  it('reads a host, host:port, a URL with or without port and path, and an IPv6 literal', () => {
    assert.deepStrictEqual(hostPortOf('Proxy.Contoso.com.', 80), { host: 'proxy.contoso.com', port: 80, portWritten: false });
    assert.deepStrictEqual(hostPortOf('proxy:8080', 80), { host: 'proxy', port: 8080, portWritten: true });
    assert.deepStrictEqual(hostPortOf('http://proxy.contoso.com:8080/', 443), { host: 'proxy.contoso.com', port: 8080, portWritten: true });
    assert.deepStrictEqual(hostPortOf('https://x.atp.azure.com/tri/sensor/api/ping', 80), { host: 'x.atp.azure.com', port: 443, portWritten: false });
    assert.deepStrictEqual(hostPortOf('http://[fd00::1]:3128', 80), { host: 'fd00::1', port: 3128, portWritten: true });
    assert.strictEqual(hostPortOf('proxy:http', 80), undefined);
    assert.strictEqual(hostPortOf('  ', 80), undefined);
  });

  it('compares the sensor API address with <instance>sensorapi.<cloud domain> on 443, whatever its form', () => {
    for (const address of [
      'contoso-corpsensorapi.atp.azure.com',
      'CONTOSO-CORPsensorapi.atp.azure.com.',
      'contoso-corpsensorapi.atp.azure.com:443',
      'https://contoso-corpsensorapi.atp.azure.com/',
    ])
      assert.deepStrictEqual(compareApiAddress(address, 443, settings), { kind: 'same', expected: 'contoso-corpsensorapi.atp.azure.com:443' }, address);
    assert.deepStrictEqual(compareApiAddress('fabrikamsensorapi.atp.azure.com', 443, settings), {
      kind: 'differs',
      expected: 'contoso-corpsensorapi.atp.azure.com:443',
      found: 'fabrikamsensorapi.atp.azure.com:443',
    });
    assert.strictEqual(compareApiAddress('contoso-corpsensorapi.atp.azure.com', 8443, settings).kind, 'differs');
    assert.strictEqual(compareApiAddress('contoso-corpsensorapi.atp.azure.com:443', 8443, settings).kind, 'same', 'a port in the Address wins');
    assert.deepStrictEqual(compareApiAddress('contoso-corpsensorapi.atp.azure.us', undefined, { instance: 'contoso-corp', cloud: 'gcc-high' }), {
      kind: 'same',
      expected: 'contoso-corpsensorapi.atp.azure.us:443',
    });
    assert.strictEqual(compareApiAddress(undefined, undefined, settings).kind, 'missing');
    assert.strictEqual(compareApiAddress('x', 443, { cloud: 'commercial' }).kind, 'not-compared');
  });
});

describe('CLI: atp-proxy decode SensorConfiguration.json', () => {
  async function decode(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = new DiskIO();
    const code = await run(['decode', ...argv], io);
    return { code, out: io.out, err: io.err };
  }

  it('prints the JSON shape of SPEC section 6 for each fixture, never the encrypted bytes', async () => {
    const expected: Record<string, object> = {
      'setup-proxy-auth': {
        proxyUrl: 'http://proxy.contoso.com:8080',
        userName: 'CONTOSO\\svc-mdi-proxy',
        passwordPresent: true,
        sensorApiAddress: 'contoso-corpsensorapi.atp.azure.com',
      },
      'no-proxy': { proxyUrl: null, userName: null, passwordPresent: false, sensorApiAddress: 'contoso-corpsensorapi.atp.azure.com' },
      'module-ansi': {
        proxyUrl: 'http://oldproxy.fabrikam.com:3128',
        userName: 'FABRIKAM\\svc-josé',
        passwordPresent: true,
        sensorApiAddress: 'https://fabrikamsensorapi.atp.azure.com:443/',
      },
    };
    for (const [name, fields] of Object.entries(expected)) {
      const file = fixture(`${name}.SensorConfiguration.json`);
      const json = await decode('--format', 'json', file);
      assert.strictEqual(json.code, 0, json.err);
      assert.deepStrictEqual(JSON.parse(json.out), { path: file, value: 'SensorProxyConfiguration', ...fields });
      const text = await decode(file);
      assert.strictEqual(text.code, 0);
      for (const secret of SECRETS) assert.ok(![json.out, json.err, text.out, text.err].some((o) => o.includes(secret.slice(0, 12))), `${name}: no secret`);
    }
    const text = (await decode(fixture('setup-proxy-auth.SensorConfiguration.json'))).out;
    assert.match(text, /proxy URL +http:\/\/proxy\.contoso\.com:8080\n/);
    assert.match(text, /user +CONTOSO\\svc-mdi-proxy\n/);
    assert.match(text, /password +an encrypted password is stored \(not shown\)\n/);
    assert.match(text, /sensor API +contoso-corpsensorapi\.atp\.azure\.com \(port 443\)\n/);
    assert.match((await decode(fixture('no-proxy.SensorConfiguration.json'))).out, /proxy URL +\(none: the sensor uses no proxy of its own\)/);
  });

  it('exits 2 on a truncated file with FILE:LINE:COLUMN (byte N) and the reason, nothing on stdout, no secret', async () => {
    const file = fixture('truncated.SensorConfiguration.json');
    for (const format of ['text', 'json']) {
      const r = await decode('--format', format, file);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.out, '');
      assert.strictEqual(
        r.err,
        `atp-proxy decode: ${file}:10:25 (byte 404): not valid JSON: the string that starts here is not closed before the end of the file (the file is cut short)\n`,
      );
      assert.ok(!r.err.includes(SECRETS[0].slice(0, 12)));
    }
  });

  it('recognises the file by content under any name, and a .json name whatever the content', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-sensor-'));
    try {
      const copy = path.join(dir, 'dc01-config.txt');
      fs.copyFileSync(fixture('no-proxy.SensorConfiguration.json'), copy);
      assert.strictEqual(JSON.parse((await decode('--format', 'json', copy)).out).sensorApiAddress, 'contoso-corpsensorapi.atp.azure.com');
      const broken = path.join(dir, 'SensorConfiguration.json');
      fs.writeFileSync(broken, 'not json');
      const r = await decode(broken);
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /SensorConfiguration\.json:1:1 \(byte 0\): not valid JSON: expected a value/);
      assert.match((await decode(path.join(dir, 'missing.SensorConfiguration.json'))).err, /no such file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the SensorConfiguration.json form in --help', async () => {
    const io = new DiskIO();
    assert.strictEqual(await run(['decode', '--help'], io), 0);
    assert.match(io.out, /HEX\|FILE\.reg\|SensorConfiguration\.json/);
    assert.match(io.out, /never the password/);
  });
});
