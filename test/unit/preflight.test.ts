import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { cloudRoot } from '../../src/core/catalog/catalog';
import { buildTestPlan } from '../../src/core/connectivity/testPlan';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { validate } from '../../src/core/rules/validate';
import { preflightScript } from '../../src/core/usecases/preflightScript';
import { DiskIO } from './support/diskIO';
import { MemoryIO } from './support/memoryIO';
import { PS_STRING, psStringValue } from './support/psString';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => n.includes('.atpproxy.'));
const example = (name: string): string => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');

/** The text of a top-level `$Name = <psQuote expression>` line of the data section. */
function dataString(script: string, name: string): string {
  const line = script.split('\r\n').find((l) => l.startsWith(`$${name} = `));
  assert.ok(line, `$${name} is set`);
  return psStringValue(line.slice(name.length + 4));
}

/** Every psQuote expression of a line, decoded. */
function dataStrings(script: string, name: string): string[] {
  const line = script.split('\r\n').find((l) => l.startsWith(`$${name} = `)) ?? assert.fail(`$${name} is set`);
  return [...line.matchAll(PS_STRING)].map((m) => psStringValue(m[0]));
}

function generated(text: string, name = 'm.atpproxy.json'): string {
  const script = preflightScript(text, name, { force: true });
  assert.ok(script.ok, script.ok ? '' : script.reason);
  return script.content;
}

function endpointHosts(script: string): string[] {
  const start = script.indexOf('$Endpoints = @(\r\n');
  const block = script.slice(start, script.indexOf('\r\n)\r\n', start));
  return [...block.matchAll(/Host = ('[^']*')/g)].map((m) => psStringValue(m[1]));
}

describe('atp-proxy preflight: the generated script', () => {
  it('every example without errors: #Requires 5.1 first, pure ASCII CRLF, the manifest embedded (base64 + sha256), the test plan`s endpoints', () => {
    for (const name of EXAMPLES) {
      const text = example(name);
      if (validate(text).some((f) => f.severity === 'error')) continue;
      const script = preflightScript(text, name);
      assert.ok(script.ok, `${name}: ${script.ok ? '' : script.reason}`);
      const content = script.content;
      assert.ok(content.startsWith('#Requires -Version 5.1\r\n'), name);
      assert.match(content, /^[\x20-\x7e\r\n]*$/);
      assert.doesNotMatch(content.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF only');
      assert.strictEqual(dataString(content, 'ManifestName'), name);
      assert.strictEqual(dataString(content, 'ManifestSha256'), createHash('sha256').update(text, 'utf8').digest('hex'));
      const base64 = /\$ManifestBase64 = @'\r\n([A-Za-z0-9+/=\r\n]*)\r\n'@/.exec(content)?.[1] ?? assert.fail(`${name}: no base64`);
      assert.strictEqual(Buffer.from(base64.replace(/\r\n/g, ''), 'base64').toString('utf8'), text);
      const settings = settingsOf(parseManifest(text).manifest);
      const plan = buildTestPlan(settings, settings.proxy.mode === 'wpad' ? { pacUrl: 'http://wpad/wpad.dat' } : {});
      assert.ok(!('problem' in plan), name);
      assert.deepStrictEqual(
        endpointHosts(content),
        plan.endpoints.map((e) => e.host),
        name,
      );
      assert.strictEqual(dataString(content, 'ProxyMethod'), settings.proxy.method ?? '', name);
    }
  });

  it('per method: what is expected in force (WinINET value, TelemetryProxyServer, WinHttpSettings, the sensor proxy)', () => {
    const base = { version: 1, instance: 'contoso', firewall: { port: 443, allow: ['contososensorapi.atp.azure.com'], sslInspection: 'none' } };
    const wininet = generated(
      JSON.stringify({ ...base, proxy: { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] }, registry: {} }),
    );
    assert.match(
      wininet,
      /^\$ExpectedWinInet = @\{ Flags = 3; ProxyServer = 'proxy\.contoso\.com:8080'; Bypass = '<local>;\*\.contoso\.com'; AutoConfigUrl = ''; Sids = @\('S-1-5-18', 'S-1-5-19'\); Values = @\('DefaultConnectionSettings'\) \}\r$/m,
    );
    const pac = generated(
      JSON.stringify({
        ...base,
        proxy: { mode: 'pac', method: 'wininet', pacUrl: 'http://wpad.contoso.com/proxy.pac' },
        registry: { targets: ['LocalService'] },
      }),
    );
    assert.match(
      pac,
      /^\$ExpectedWinInet = @\{ Flags = 5; ProxyServer = ''; Bypass = ''; AutoConfigUrl = 'http:\/\/wpad\.contoso\.com\/proxy\.pac'; Sids = @\('S-1-5-19'\)/m,
    );
    const sensor = generated(
      JSON.stringify({ ...base, proxy: { mode: 'static', method: 'sensor', server: 'http=a:1;https=b.contoso.com:3128', user: 'CONTOSO\\svc' } }),
    );
    assert.deepStrictEqual(
      ['ManifestHttpsProxy', 'ManifestHttpProxy', 'ProxyUser'].map((n) => dataString(sensor, n)),
      ['b.contoso.com:3128', 'a:1', 'CONTOSO\\svc'],
    );
    assert.match(sensor, /^\$ExpectedWinInet = \$null\r$/m);
    const v3 = { ...base, sensor: 'v3', firewall: { ...base.firewall, allow: ['*.endpoint.security.microsoft.com'] } };
    const policy = generated(JSON.stringify({ ...v3, proxy: { mode: 'static', method: 'policy', server: 'proxy:8080' } }));
    assert.strictEqual(dataString(policy, 'ExpectedTelemetryProxyServer'), 'proxy:8080');
    // No proxy.winhttp: the machine has no other way out, so PreferStaticProxyForHttpRequest = 1 is expected too.
    assert.match(policy, /^\$ExpectedPreferStaticProxy = \$true\r$/m);
    const withWinHttp = generated(
      JSON.stringify({ ...v3, proxy: { mode: 'static', method: 'policy', server: 'proxy:8080', winhttp: { server: 'proxy:8080' } } }),
    );
    assert.match(withWinHttp, /^\$ExpectedPreferStaticProxy = \$false\r$/m);
    assert.strictEqual(dataString(policy, 'SensorVersion'), 'v3');
    // v3 reaches the streamlined wildcard through the host Microsoft documents under it, then the revocation lists.
    assert.deepStrictEqual(endpointHosts(policy), [
      'mdav.us.endpoint.security.microsoft.com',
      'crl.microsoft.com',
      'ctldl.windowsupdate.com',
      'www.microsoft.com',
      'www.microsoft.com',
    ]);
    assert.match(
      policy,
      /Host = 'mdav\.us\.endpoint\.security\.microsoft\.com'; Port = 443; Kind = 'streamlined'; Entry = '\*\.endpoint\.security\.microsoft\.com'; Url = ''; Ping = \$false/,
    );
    const winhttp = generated(JSON.stringify({ ...v3, proxy: { mode: 'static', method: 'winhttp', server: 'proxy:8080', bypass: ['<local>'] } }));
    assert.deepStrictEqual(
      ['ExpectedWinHttpProxy', 'ExpectedWinHttpBypass'].map((n) => dataString(winhttp, n)),
      ['proxy:8080', '<local>'],
    );
  });

  it('per cloud: the root thumbprint and the sensor API host of the catalog', () => {
    for (const cloud of ['commercial', 'gcc', 'gcc-high', 'dod'] as const) {
      const domain = cloud === 'commercial' ? 'atp.azure.com' : cloud === 'gcc' ? 'gcc.atp.azure.com' : 'atp.azure.us';
      const script = generated(
        JSON.stringify({
          version: 1,
          instance: 'adatum',
          cloud,
          proxy: { mode: 'direct' },
          firewall: { port: 443, allow: [`adatumsensorapi.${domain}`], sslInspection: 'none' },
        }),
      );
      assert.deepStrictEqual(dataStrings(script, 'CloudRoot'), [cloudRoot(cloud).name, cloudRoot(cloud).sha1], cloud);
      assert.strictEqual(dataString(script, 'SensorApiHost'), `adatumsensorapi.${domain}`);
      assert.strictEqual(endpointHosts(script)[0], `adatumsensorapi.${domain}`);
    }
  });

  it('hostile strings (bypass, user, the manifest text and file name) are data: psQuote literals that decode to the text, nowhere else', () => {
    const payloads = [
      "x'; New-Item pwned-single; '",
      'x\u2019; New-Item pwned-typographic; \u2018',
      '$(New-Item pwned-subexpression)',
      '`$(New-Item pwned-backtick)`',
      "'@\r\nNew-Item pwned-herestring\r\n@'",
      '#> New-Item pwned-comment <#',
    ];
    const name = `evil'$(New-Item pwned-name)#>.atpproxy.json`;
    const text = JSON.stringify({
      version: 1,
      instance: 'contoso',
      proxy: { mode: 'static', method: 'sensor', server: 'proxy:8080', user: payloads.join(' '), bypass: payloads },
      firewall: { port: 443, allow: ['contososensorapi.atp.azure.com'], sslInspection: 'none' },
      comment: payloads.join('\n'),
    });
    const script = generated(text, name);
    assert.match(script, /^[\x20-\x7e\r\n]*$/);
    assert.strictEqual(dataString(script, 'ManifestName'), name);
    assert.strictEqual(dataString(script, 'ProxyUser'), payloads.join(' '));
    assert.deepStrictEqual(dataStrings(script, 'ProxyBypass'), payloads);
    // Outside the data lines no payload appears; the help comment shows the name made safe.
    const outside = script
      .split('\r\n')
      .filter((l) => !/^\$(ManifestName|ProxyUser|ProxyBypass|ExpectedWinInet) = /.test(l) && !l.includes('ATP Sensor Proxy preflight for'))
      .join('\n');
    assert.doesNotMatch(outside, /pwned/);
    assert.ok(script.includes('\r\n    ATP Sensor Proxy preflight for evil___New-Item pwned-name___.atpproxy.json: is this'));
  });

  it('a manifest with error findings is refused unless forced (FORCED on the first line); one the test cannot plan is a problem', () => {
    const review = example('contoso-review.atpproxy.jsonc');
    const refused = preflightScript(review, 'contoso-review.atpproxy.jsonc');
    assert.ok(!refused.ok && refused.blocking && refused.blocking.length > 0);
    const forced = preflightScript(review, 'contoso-review.atpproxy.jsonc', { force: true });
    assert.ok(forced.ok);
    assert.match(forced.content, /^# FORCED: generated from a manifest with 1 error finding\(s\) \(ATP111\)/);
    const noInstance = preflightScript('{"version": 1, "proxy": {"mode": "direct"}, "firewall": {"port": 443, "allow": []}}', 'x.json', { force: true });
    assert.ok(!noInstance.ok && !noInstance.blocking);
    assert.match(noInstance.reason, /^x\.json: The manifest has no "instance"/);
  });
});

describe('atp-proxy preflight (CLI)', () => {
  const good = example('contoso-sensor.atpproxy.jsonc');

  it('prints the script on stdout, exit 0; --help describes it', async () => {
    const io = new MemoryIO({ 'm.atpproxy.jsonc': good });
    assert.strictEqual(await run(['preflight', 'm.atpproxy.jsonc'], io), 0);
    assert.ok(io.out.startsWith('#Requires -Version 5.1\r\n'));
    assert.strictEqual(io.err, '');
    const help = new MemoryIO();
    assert.strictEqual(await run(['preflight', '--help'], help), 0);
    assert.match(help.out, /^Usage: atp-proxy preflight \[--out FILE\] \[--force\] FILE\n[\s\S]*Exit 0 written/);
  });

  it('--out FILE writes the whole script (through FILE.partial), prints nothing on stdout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-preflight-'));
    try {
      const manifest = path.join(dir, 'm.atpproxy.jsonc');
      fs.writeFileSync(manifest, good);
      const out = path.join(dir, 'dc.ps1');
      fs.writeFileSync(out, 'old');
      const io = Object.assign(new DiskIO(), { rename: (a: string, b: string) => fs.renameSync(a, b) });
      assert.strictEqual(await run(['preflight', '--out', out, manifest], io), 0, io.err);
      assert.strictEqual(io.out, '');
      assert.match(io.err, /wrote .*dc\.ps1/);
      const expected = preflightScript(good, 'm.atpproxy.jsonc');
      assert.ok(expected.ok);
      assert.strictEqual(fs.readFileSync(out, 'utf8'), expected.content);
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['dc.ps1', 'm.atpproxy.jsonc']);
      const missing = new DiskIO();
      assert.strictEqual(await run(['preflight', '--out', path.join(dir, 'no', 'such', 'dir.ps1'), manifest], missing), 2);
      assert.match(missing.err, /cannot write .*: the folder does not exist/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('error findings: listed on stderr, nothing written, exit 2 (SPEC: 0, 2); --force writes it', async () => {
    const review = example('contoso-review.atpproxy.jsonc');
    const io = new MemoryIO({ 'r.jsonc': review });
    assert.strictEqual(await run(['preflight', '--out', 'dc.ps1', 'r.jsonc'], io), 2);
    assert.match(io.err, /^r\.jsonc:\d+:\d+: error ATP111 /);
    assert.match(io.err, /give --force/);
    assert.strictEqual(io.out, '');
    assert.strictEqual(io.written.size, 0);
    const forced = new MemoryIO({ 'r.jsonc': review });
    assert.strictEqual(await run(['preflight', '--force', 'r.jsonc'], forced), 0);
    assert.match(forced.err, /note: FORCED/);
    assert.match(forced.out, /^# FORCED/);
  });

  it('usage: no file, two files, a missing file, an unknown option, a manifest that cannot be planned: exit 2', async () => {
    for (const argv of [
      ['preflight'],
      ['preflight', 'a', 'b'],
      ['preflight', 'missing.json'],
      ['preflight', '--format', 'x', 'm'],
      ['preflight', 'no-instance.json'],
    ]) {
      const io = new MemoryIO({ m: good, 'no-instance.json': '{"version": 1, "proxy": {"mode": "direct"}, "firewall": {"port": 443, "allow": []}}' });
      const code = await run(argv, io);
      // A manifest without an instance has error findings: refused before it could be planned, exit 2 as well.
      assert.strictEqual(code, 2, `${argv.join(' ')}: ${io.err}`);
      assert.strictEqual(io.out, '');
    }
  });
});
