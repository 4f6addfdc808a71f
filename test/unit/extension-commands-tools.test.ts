// The editor's tool commands against a fake host: what they ask, what they open, what they refuse.
import type * as sinon from 'sinon';
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { CLOUDS, REGIONS } from '../../src/core/catalog/catalog';
import { PROXY_MODES } from '../../src/core/manifest/model';
import { newManifestText } from '../../src/core/manifest/template';
import { validate } from '../../src/core/rules/validate';
import { DecodeCommand } from '../../src/extension/commands/decode';
import { ExportAllowlistCommand } from '../../src/extension/commands/exportAllowlist';
import { GenerateScriptCommand } from '../../src/extension/commands/generateScript';
import { instanceProblem, NewManifestCommand, serverProblem } from '../../src/extension/commands/newManifest';
import { RevealCommand } from '../../src/extension/commands/reveal';
import { CancelledError } from '../../src/extension/commands/manifestTarget';
import { SetProxyCredentialsCommand } from '../../src/extension/commands/setProxyCredentials';
import { TestConnectivityCommand, TestEndpointCommand } from '../../src/extension/commands/testConnectivity';
import { CaFileReader } from '../../src/extension/connectivity/caFiles';
import { ReportActions } from '../../src/extension/connectivity/reportActions';
import { ResultStore } from '../../src/extension/connectivity/resultStore';
import { credentialsSecret, LEGACY_CREDENTIALS_SECRET } from '../../src/extension/connectivity/credentialStore';
import { fakeHost, manifestFile } from './support/fakeExtensionHost';

const ROOT = path.resolve(__dirname, '../../..');
const example = (name: string): string => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
const REVIEW = manifestFile('contoso-review.atpproxy.jsonc');
const STATIC = manifestFile('contoso-2018.atpproxy.jsonc');

function hostWithExamples() {
  return fakeHost({ [REVIEW.uri]: example('contoso-review.atpproxy.jsonc'), [STATIC.uri]: example('contoso-2018.atpproxy.jsonc') });
}
const list = (...files: ReturnType<typeof manifestFile>[]) => ({ list: async () => files });

describe('extension: New Manifest', () => {
  it('writes a manifest without findings for every guidance, sensor, cloud, region and mode', () => {
    for (const [guidance, sensor] of [
      ['current', 'v2'],
      ['current', 'v3'],
      ['2018', 'v2'],
    ] as const)
      for (const cloud of CLOUDS)
        for (const region of REGIONS)
          for (const mode of PROXY_MODES.filter((m) => sensor === 'v2' || m !== 'pac')) {
            const text = newManifestText({
              guidance,
              sensor,
              instance: 'contoso-corp',
              cloud,
              region,
              mode,
              server: 'proxy.contoso.com:8080',
              pacUrl: 'http://proxy.contoso.com/proxy.pac',
            });
            assert.deepStrictEqual(
              validate(text).map((f) => `${f.code} ${f.message}`),
              [],
              `${guidance}/${sensor}/${cloud}/${region}/${mode}:\n${text}`,
            );
          }
  });

  it('asks sensor, instance, cloud, mode, server and proxy account, then writes a current-guidance manifest without overwriting', async () => {
    const host = fakeHost({ 'file:///ws/fabrikam.atpproxy.jsonc': '{}' });
    host.inputs.push('fabrikam', 'proxy.fabrikam.com:3128', 'FABRIKAM\\svc-mdi');
    host.picks.push('v2', 'commercial', 'static');
    const uri = await new NewManifestCommand(host).execute(undefined);
    assert.strictEqual(uri, 'file:///ws/fabrikam-2.atpproxy.jsonc');
    const text = host.files.map.get(uri) as string;
    assert.deepStrictEqual(validate(text), []);
    const manifest = JSON.parse(text.replace(/^\/\/.*\n/, '')) as { proxy: Record<string, string>; firewall: { allow: string[] } };
    assert.deepStrictEqual(manifest.proxy, {
      mode: 'static',
      method: 'sensor',
      server: 'proxy.fabrikam.com:3128',
      user: 'FABRIKAM\\svc-mdi',
      bypass: ['<local>'],
    });
    assert.deepStrictEqual(manifest.firewall.allow, [
      'fabrikamsensorapi.atp.azure.com',
      'crl.microsoft.com',
      'ctldl.windowsupdate.com',
      'www.microsoft.com/pkiops/*',
      'www.microsoft.com/pki/*',
    ]);
    assert.doesNotMatch(text, /triprd1wc|"region"|"registry"/);
    assert.strictEqual(host.files.map.get('file:///ws/fabrikam.atpproxy.jsonc'), '{}');
  });

  it('v3: the Defender for Endpoint policy and the streamlined domain, no PAC mode offered', async () => {
    const host = fakeHost();
    host.inputs.push('adatum', 'proxy.adatum.us:8080');
    host.picks.push('v3', 'dod', 'static');
    const uri = await new NewManifestCommand(host).execute(undefined);
    const text = host.files.map.get(uri) as string;
    assert.deepStrictEqual(validate(text), []);
    assert.match(text, /"sensor": "v3"/);
    assert.match(text, /"method": "policy"/);
    assert.match(text, /\*\.endpoint\.security\.microsoft\.us/);
    assert.doesNotMatch(text, /sensorapi/);
  });

  it('the 2018 guidance on request: region asked, regional endpoints, WinINET', async () => {
    const host = fakeHost();
    host.inputs.push('fabrikam', 'proxy.fabrikam.com:3128');
    host.picks.push('commercial', 'us', 'static');
    const uri = await new NewManifestCommand(host).execute(undefined, { guidance: '2018' });
    const text = host.files.map.get(uri) as string;
    assert.deepStrictEqual(validate(text), []);
    assert.match(text, /"guidance": "2018"/);
    assert.match(text, /triprd1wcuse1sensorapi\.atp\.azure\.com/);
    assert.match(text, /"registry"/);
  });

  it('asks no region for gcc-high and a PAC URL for mode pac', async () => {
    const host = fakeHost();
    host.inputs.push('tailspin', 'http://wpad.tailspin.us/proxy.pac');
    host.picks.push('v2', 'gcc-high', 'pac');
    const uri = await new NewManifestCommand(host).execute(undefined);
    const text = host.files.map.get(uri) as string;
    assert.match(text, /tailspinsensorapi\.atp\.azure\.us/);
    assert.doesNotMatch(text, /region/);
    assert.deepStrictEqual(validate(text), []);
  });

  it('validates the instance as a DNS label and the server as WinINET syntax', () => {
    assert.strictEqual(instanceProblem('contoso-corp'), undefined);
    for (const bad of ['', 'Contoso', '-x', 'x-', 'a_b', 'a'.repeat(55)]) assert.ok(instanceProblem(bad), bad);
    assert.strictEqual(serverProblem('proxy:8080'), undefined);
    assert.ok(serverProblem('user:pw@proxy:8080'));
    assert.ok(serverProblem('proxy:99999'));
  });
});

describe('extension: Generate Script, Decode, Export Allowlist, Reveal', () => {
  it('generates .ps1, .reg, Group Policy XML and hex into untitled editors', async () => {
    const host = hostWithExamples();
    const command = new GenerateScriptCommand({ manifests: list(STATIC), ui: host.ui, files: host.files });
    const ps1 = await command.execute(STATIC, 'ps1');
    assert.match(ps1, /reg(\.exe)? export/i);
    assert.deepStrictEqual(host.opened.at(-1)?.language, 'powershell');
    host.picks.push('Registry file (.reg)');
    const reg = await command.execute(STATIC);
    assert.match(reg, /^Windows Registry Editor Version 5\.00\r\n/);
    assert.match(reg, /\[HKEY_USERS\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\]/);
    assert.match(await command.execute(STATIC, 'gpp'), /<RegistrySettings/);
    assert.strictEqual(host.opened.at(-1)?.language, 'xml');
    assert.match(await command.execute(STATIC, 'hex'), /^46000000/);
  });

  it('refuses a manifest with error findings unless the user insists, then says so in the header; says why one cannot be encoded', async () => {
    const broken = manifestFile('broken.atpproxy.jsonc');
    const host = fakeHost({ [broken.uri]: '{ "version": 1, "proxy": { "mode": "static" } }' });
    const command = new GenerateScriptCommand({ manifests: list(broken), ui: host.ui, files: host.files });
    host.answers.push(undefined);
    await assert.rejects(command.execute(broken, 'reg'), CancelledError);
    const [severity, message, options] = (host.ui.ask as sinon.SinonSpy).lastCall.args as [string, string, { modal: boolean; detail: string }];
    assert.strictEqual(severity, 'warning');
    assert.match(message, /Cannot generate a script for broken\.atpproxy\.jsonc/);
    assert.strictEqual(options.modal, true);
    assert.match(options.detail, /error finding\(s\) \(ATP101.*ATP151.*choose "Generate Anyway"/);
    assert.strictEqual(host.opened.length, 0);
    host.answers.push('Generate Anyway');
    await assert.rejects(
      command.execute(broken, 'reg'),
      /Cannot generate a script for broken\.atpproxy\.jsonc: proxy\.mode is static but proxy\.server is missing/,
    );
  });

  it('picks the manifest when the palette gives none and the workspace has several; a forced script says so', async () => {
    const host = hostWithExamples();
    // contoso-review uses method sensor: its formats are ps1, cmd and module.
    host.picks.push(REVIEW.name, 'cmd');
    host.answers.push('Generate Anyway');
    const content = await new GenerateScriptCommand({ manifests: list(STATIC, REVIEW), ui: host.ui, files: host.files }).execute(undefined);
    assert.strictEqual(host.opened.length, 1);
    assert.match(content.split('\r\n')[1] ?? '', /^REM FORCED: generated from a manifest with 1 error finding\(s\) \(ATP111\)/);
  });

  it('decodes hex given, pasted, or a .reg export', async () => {
    const regBytes = new Uint8Array(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'reg', 'wine-hkcu-static.reg')));
    const regFile = manifestFile('export.reg');
    const host = fakeHost({ [regFile.uri]: regBytes });
    const command = new DecodeCommand(host);
    const hex = '4600000002000000030000001000000070726f78792e636f6e746f736f3a38300700000003c6c6f63616c3e00000000' + '00'.repeat(32);
    const given = await command.execute(undefined, '46000000020000000300000005000000703a3830300700000000000000000000' + '00'.repeat(32));
    assert.match(given, /change counter +2/);
    assert.match(given, /proxy server +p:800/);
    await assert.rejects(command.execute(undefined, hex.slice(0, 30)), /Cannot decode: malformed value/);
    const fromFile = await command.execute(regFile);
    assert.match(fromFile, /\[HKEY_CURRENT_USER\\.*\] DefaultConnectionSettings/);
    host.picks.push('hex');
    host.inputs.push('46,00,00,00,01,00,00,00,01,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00' + ',00'.repeat(32));
    assert.match(await command.execute(undefined), /flags +0x1 \(direct\)/);
    assert.strictEqual(host.opened.at(-1)?.language, 'plaintext');
  });

  it('decodes a sensor’s SensorConfiguration.json, given or picked, and names the place of a broken one', async () => {
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'sensor');
    const good = manifestFile('SensorConfiguration.json');
    const host = fakeHost({
      [good.uri]: new Uint8Array(fs.readFileSync(path.join(fixtures, 'setup-proxy-auth.SensorConfiguration.json'))),
      'file:///ws/cut.json': new Uint8Array(fs.readFileSync(path.join(fixtures, 'truncated.SensorConfiguration.json'))),
    });
    const command = new DecodeCommand(host);
    const given = await command.execute(good);
    assert.match(given, /^SensorConfiguration\.json: SensorProxyConfiguration/);
    assert.match(
      given,
      /proxy URL +http:\/\/proxy\.contoso\.com:8080\n +user +CONTOSO\\svc-mdi-proxy\n +password +an encrypted password is stored \(not shown\)\n/,
    );
    assert.ok(!given.includes('EncryptedBytes'));
    host.picks.push('sensor');
    host.inputs.push('file:///ws/cut.json');
    await assert.rejects(command.execute(undefined), /Cannot decode: cut\.json:10:25 \(byte 404\): not valid JSON/);
  });

  it('decodes the good values of a .reg export with a bad one and names the bad one; none good is an error', async () => {
    const source = fs
      .readFileSync(path.join(ROOT, 'test', 'fixtures', 'reg', 'wine-hkcu-static.reg'))
      .subarray(2)
      .toString('utf16le');
    const utf16 = (text: string): Uint8Array => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const oneBad = manifestFile('one-bad.reg');
    const allBad = manifestFile('all-bad.reg');
    const host = fakeHost({
      [oneBad.uri]: utf16(source.replace('"SavedLegacySettings"=hex:46,00', '"SavedLegacySettings"=hex:46,zz')),
      [allBad.uri]: utf16(source.replace(/=hex:46,00/g, '=hex:46,zz')),
    });
    const command = new DecodeCommand(host);
    const shown = await command.execute(oneBad);
    assert.match(shown, /\] DefaultConnectionSettings\n/);
    assert.match(shown, /\nNot decoded: one-bad\.reg:\d+: the data of "SavedLegacySettings": "zz" is not a hex byte\n$/);
    await assert.rejects(command.execute(allBad), /Cannot decode: all-bad\.reg:\d+: .*zz.*; all-bad\.reg:\d+: /);
  });

  it('exports the allowlist as a plain list, a Squid ACL and a PAC file, adding what the manifest misses', async () => {
    const host = hostWithExamples();
    const command = new ExportAllowlistCommand({ manifests: list(REVIEW), ui: host.ui, files: host.files });
    const plain = await command.execute(REVIEW, 'plain');
    assert.match(plain, /Added because the manifest does not allow them yet: contoso-corpsensorapi\.atp\.azure\.com/);
    assert.strictEqual(plain.split('\n').filter((l) => l && !l.startsWith('#')).length, 5);
    const squid = await command.execute(REVIEW, 'squid');
    assert.match(squid, /^acl atp_sensor_endpoints dstdomain .*contoso-corpsensorapi\.atp\.azure\.com/m);
    assert.match(squid, /^http_access allow atp_sensor_connect atp_sensor_endpoints atp_sensor_port$/m);
    assert.match(squid, /^http_access allow atp_sensor_get atp_revocation_port atp_revocation_urls$/m);
    const pac = await command.execute(REVIEW, 'pac');
    assert.match(pac, /return "PROXY proxy\.contoso\.com:8080";/);
    assert.strictEqual(host.opened.at(-1)?.language, 'javascript');
    // The PAC file works: evaluate it.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluates the exported PAC text, as a browser does
    const find = new Function('dnsDomainIs', `${pac}; return FindProxyForURL;`)((h: string, d: string) => h.endsWith(d)) as (u: string, h: string) => string;
    assert.strictEqual(find('http://crl.microsoft.com/pki/crl/x.crl', 'crl.microsoft.com'), 'PROXY proxy.contoso.com:8080');
    assert.strictEqual(find('https://contoso-corpsensorapi.atp.azure.com/', 'contoso-corpsensorapi.atp.azure.com'), 'PROXY proxy.contoso.com:8080');
    assert.strictEqual(find('http://www.microsoft.com/other', 'www.microsoft.com'), 'DIRECT');
    assert.strictEqual(find('https://example.com/', 'example.com'), 'DIRECT');
  });

  it('reveals a row’s range (offsets handed to the edge as they are)', async () => {
    const host = fakeHost();
    await new RevealCommand(host.ui).execute({ ...REVIEW, node: { id: 'x', kind: 'field', label: 'x', contextValue: 'c', offset: 40, length: 7 } });
    assert.deepStrictEqual((host.ui.reveal as sinon.SinonSpy).lastCall.args, [REVIEW.uri, 40, 7]);
  });
});

describe('extension: Test Connectivity and credentials', () => {
  function connectivity(host: ReturnType<typeof fakeHost>, files = list(STATIC)) {
    const results = new ResultStore();
    const reports = new ReportActions({ results, ui: host.ui, files: host.files });
    return { results, reports, deps: { ...host, manifests: files, results, reports, caFiles: new CaFileReader(host.ui) } };
  }

  it('is refused in Restricted Mode with an explanation, before reading anything', async () => {
    const host = hostWithExamples();
    host.trusted = false;
    const { deps } = connectivity(host);
    await assert.rejects(new TestConnectivityCommand(deps).execute(STATIC), /disabled in Restricted Mode.*trust/i);
    assert.strictEqual((host.progress.withProgress as sinon.SinonSpy).callCount, 0);
  });

  it('says to set atpProxy.connectivity.pacUrl for a wpad manifest', async () => {
    const wpad = manifestFile('woodgrove-wpad.atpproxy.jsonc');
    const host = fakeHost({ [wpad.uri]: example('woodgrove-wpad.atpproxy.jsonc') });
    const { deps } = connectivity(host, list(wpad));
    await assert.rejects(new TestConnectivityCommand(deps).execute(wpad), /atpProxy\.connectivity\.pacUrl/);
  });

  it('tests through the proxy with the stored credentials, records verdicts, logs them without the secret, and reports', async () => {
    // A proxy on 127.0.0.1 that asks for Basic credentials, then refuses the tunnel once it has them.
    const seen: string[] = [];
    const proxy = net.createServer((socket) => {
      socket.once('data', (chunk) => {
        const head = chunk.toString('latin1');
        seen.push(head);
        socket.end(
          /Proxy-Authorization:/i.test(head)
            ? 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'
            : 'HTTP/1.1 407 Auth\r\nProxy-Authenticate: Basic realm="lab"\r\nContent-Length: 0\r\n\r\n',
        );
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    try {
      const lab = manifestFile('lab.atpproxy.jsonc');
      const host = fakeHost({
        [lab.uri]: JSON.stringify({
          version: 1,
          guidance: '2018',
          instance: 'contoso',
          region: 'europe',
          proxy: { mode: 'static', server: `127.0.0.1:${port}` },
          firewall: { port: 443, allow: ['*.atp.azure.com'] },
        }),
      });
      host.secretMap.set(credentialsSecret({ host: '127.0.0.1', port }), JSON.stringify({ user: 'lab', password: 'S3cret!pw' }));
      // Credentials of an earlier version (for every proxy) and for another proxy are never sent.
      host.secretMap.set(LEGACY_CREDENTIALS_SECRET, JSON.stringify({ user: 'old', password: 'Legacy!pw' }));
      host.secretMap.set(credentialsSecret({ host: '127.0.0.1', port: port + 1 }), JSON.stringify({ user: 'other', password: 'Other!pw' }));
      host.answers.push(undefined);
      host.settings['connectivity.timeout'] = 5000;
      const { deps, results } = connectivity(host, list(lab));
      const report = await new TestEndpointCommand(deps).execute({
        ...lab,
        node: { id: 'e', kind: 'endpoint', label: 'contososensorapi.atp.azure.com', host: 'contososensorapi.atp.azure.com', contextValue: 'atpProxy.endpoint' },
      });
      assert.deepStrictEqual(
        report.results.map((r) => [r.host, r.status]),
        [['contososensorapi.atp.azure.com', 'proxy-denied']],
      );
      assert.strictEqual((results.resultsOf(lab.uri).get('contososensorapi.atp.azure.com') as { status: string }).status, 'proxy-denied');
      // The first CONNECT goes without credentials; after the 407 the one retry carries this proxy's, and nothing logs them.
      assert.strictEqual(seen.length, 2);
      assert.match(seen[0], /^CONNECT contososensorapi\.atp\.azure\.com:443 HTTP\/1\.1/);
      assert.doesNotMatch(seen[0], /Proxy-Authorization/i);
      assert.match(seen[1], new RegExp(`Proxy-Authorization: Basic ${Buffer.from('lab:S3cret!pw').toString('base64')}\r\n`));
      assert.match((host.log.warn as sinon.SinonSpy).args.flat().join('\n'), /earlier version .*no longer used/);
      const logged = [...(host.log.info as sinon.SinonSpy).args, ...(host.log.warn as sinon.SinonSpy).args].flat().join('\n');
      assert.match(logged, /proxy-denied +contososensorapi\.atp\.azure\.com:443/);
      assert.doesNotMatch(logged, /S3cret|bGFiOlMzY3JldCFwdw/);
      assert.match((host.ui.ask as sinon.SinonSpy).lastCall.args[1], /0 of 1 endpoints ok, 1 failed \(1 proxy-denied\)/);
      const { reports } = deps;
      const markdown = await reports.show(lab.uri);
      // Names from the manifest and the network are escaped Markdown text (see markdown.test.ts).
      assert.match(markdown, /^# Connectivity test of lab\\\.atpproxy\\\.jsonc/);
      assert.match(markdown, /\| ❌ proxy-denied \| contososensorapi\\\.atp\\\.azure\\\.com \| 443 \|/);
      assert.strictEqual(await reports.save(lab.uri), 'file:///ws/lab.connectivity.md');
      assert.strictEqual(host.files.map.get('file:///ws/lab.connectivity.md'), markdown);
    } finally {
      proxy.close();
    }
  });

  it('stops when the progress notification is cancelled: the report says so and no row keeps a spinner', async () => {
    const host = hostWithExamples();
    const controller = new AbortController();
    controller.abort();
    host.progress.withProgress = <T>(_title: string, task: (report: (m: string) => void, signal: AbortSignal) => Promise<T>) =>
      task(() => undefined, controller.signal);
    host.answers.push(undefined);
    const { deps, results } = connectivity(host);
    const report = await new TestConnectivityCommand(deps).execute(STATIC);
    assert.strictEqual(report.cancelled, true);
    assert.ok(
      report.results.every((r) => r.status === 'timeout' && /cancel/i.test(r.detail)),
      JSON.stringify(report.results.map((r) => r.detail)),
    );
    assert.ok([...results.resultsOf(STATIC.uri).values()].every((s) => s !== 'running'));
    assert.match((host.ui.ask as sinon.SinonSpy).lastCall.args[1], /, cancelled;/);
  });

  it("stores proxy credentials in secret storage for one proxy (the manifest's by default) and removes them with an empty user", async () => {
    const lab = manifestFile('lab.atpproxy.jsonc');
    const host = fakeHost({
      [lab.uri]: JSON.stringify({
        version: 1,
        guidance: '2018',
        instance: 'contoso',
        proxy: { mode: 'static', server: 'http=a:1;https=Proxy.Contoso.com:8080' },
      }),
    });
    host.secretMap.set(LEGACY_CREDENTIALS_SECRET, '{"user":"old","password":"x"}');
    host.inputs.push('proxy.contoso.com:8080', 'CONTOSO\\svc-test', 'pa:ss word');
    assert.strictEqual(await new SetProxyCredentialsCommand(host).execute(lab), 'stored');
    const asked = (host.ui.input as sinon.SinonSpy).firstCall.args[0] as { value: string; validate: (v: string) => string | undefined };
    assert.strictEqual(asked.value, 'Proxy.Contoso.com:8080');
    assert.match(asked.validate('proxy.contoso.com') ?? '', /host:port/);
    assert.strictEqual(asked.validate('proxy.contoso.com:8080'), undefined);
    assert.deepStrictEqual(JSON.parse(host.secretMap.get('atpProxy.proxyCredentials/proxy.contoso.com:8080') ?? ''), {
      user: 'CONTOSO\\svc-test',
      password: 'pa:ss word',
    });
    assert.strictEqual(host.secretMap.has(LEGACY_CREDENTIALS_SECRET), false);
    assert.doesNotMatch(JSON.stringify((host.window.showInformationMessage as sinon.SinonSpy).args), /pa:ss/);
    host.inputs.push('PROXY.contoso.com.:8080', '');
    assert.strictEqual(await new SetProxyCredentialsCommand(host).execute(undefined), 'removed');
    assert.strictEqual(host.secretMap.has('atpProxy.proxyCredentials/proxy.contoso.com:8080'), false);
  });
});
