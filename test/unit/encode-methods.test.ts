// encode per proxy.method (issue 13 item 3): every format fits the method, a format the method has no use for is a
// usage error naming the ones it has, and the sensor's three artefacts carry the manifest's proxy and nothing secret.
import { v3Manifest } from './support/v3Manifest';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { formatsForManifest, generateDeploymentScript } from '../../src/core/usecases/deploymentScript';
import { MemoryIO } from './support/memoryIO';
import { sensorManifest } from './support/fakeSensor';

const ROOT = path.resolve(__dirname, '../../..');
const example = (name: string): string => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
const SENSOR = sensorManifest({ server: 'proxy.contoso.com:8080', user: 'CONTOSO\\svc-mdi' });
const SENSOR_NO_USER = sensorManifest({ server: 'proxy.contoso.com:8080' });

async function encode(manifest: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new MemoryIO({ m: manifest });
  const code = await run(['encode', ...args, 'm'], io);
  return { code, out: io.out, err: io.err };
}

/** A manifest whose method is `method` (with no error finding that blocks it before the format is looked at). */
function withMethod(method: string): string {
  return sensorManifest({ server: 'proxy.contoso.com:8080', method });
}

const v3 = v3Manifest;

describe('encode: the formats of each method', () => {
  it('offers each method its formats, in order', () => {
    assert.deepStrictEqual(formatsForManifest(SENSOR), { method: 'sensor', formats: ['ps1', 'cmd', 'module', 'ansible'] });
    assert.deepStrictEqual(formatsForManifest(example('contoso-2018.atpproxy.jsonc')), {
      method: 'wininet',
      formats: ['hex', 'reg', 'ps1', 'gpp', 'ansible', 'dsc'],
    });
    assert.deepStrictEqual(formatsForManifest(v3('policy')), { method: 'policy', formats: ['reg', 'ps1', 'gpp', 'ansible', 'dsc'] });
    assert.deepStrictEqual(formatsForManifest(v3('winhttp')), { method: 'winhttp', formats: ['reg', 'ps1', 'ansible', 'dsc'] });
  });

  it('a format the method has no use for is a usage error (exit 2) naming the ones it has; nothing on stdout', async () => {
    for (const format of ['hex', 'reg', 'gpp']) {
      const r = await encode(SENSOR, '--format', format);
      assert.strictEqual(r.code, 2, format);
      assert.strictEqual(r.out, '');
      assert.match(r.err, new RegExp(`--format ${format} does not fit method sensor: its formats are ps1, cmd, module, ansible`));
    }
    for (const format of ['cmd', 'module']) {
      const r = await encode(example('contoso-2018.atpproxy.jsonc'), '--format', format);
      assert.strictEqual(r.code, 2, format);
      assert.match(r.err, new RegExp(`--format ${format} does not fit method wininet: its formats are hex, reg, ps1, gpp`));
    }
    // Even forced: --force overrides findings, not the choice of format.
    assert.strictEqual((await encode(SENSOR, '--force', '--format', 'hex')).code, 2);
  });

  it('policy and winhttp generate each of their formats; a v2 manifest naming them is refused (ATP147)', async () => {
    for (const method of ['policy', 'winhttp'] as const) {
      for (const format of formatsForManifest(v3(method)).formats) {
        const r = await encode(v3(method), '--format', format);
        assert.strictEqual(r.code, 0, `${method} ${format}: ${r.err}`);
        assert.match(r.out, method === 'policy' ? /TelemetryProxyServer/ : /WinHttpSettings|winhttp/i, `${method} ${format}`);
      }
      const refused = await encode(withMethod(method));
      assert.strictEqual(refused.code, 1);
      assert.match(refused.err, /ATP147/);
    }
    const gpp = await encode(v3('winhttp'), '--format', 'gpp');
    assert.strictEqual(gpp.code, 2);
    assert.match(gpp.err, /--format gpp does not fit method winhttp: its formats are reg, ps1, ansible, dsc/);
  });

  it('encode --help names every method with its formats', async () => {
    const io = new MemoryIO({});
    assert.strictEqual(await run(['encode', '--help'], io), 0);
    const manifests = { wininet: example('contoso-2018.atpproxy.jsonc'), sensor: SENSOR, policy: v3('policy'), winhttp: v3('winhttp') };
    for (const [method, manifest] of Object.entries(manifests)) {
      // The method's part: from "METHOD" at the start of a line to the next ";" or "." at the end of one.
      const part = new RegExp(`^${method}\\b[\\s\\S]*?[;.]$`, 'm').exec(io.out)?.[0] ?? '';
      for (const format of formatsForManifest(manifest).formats) assert.match(part, new RegExp(`\\b${format}\\b`), `${method}: ${format}`);
    }
  });

  it("the DSC configuration and the playbook say what makes the values take effect, as the method's .ps1 does", async () => {
    for (const method of ['policy', 'winhttp'] as const) {
      const ps1 = (await encode(v3(method), '--format', 'ps1')).out;
      assert.match(ps1, /restart of the Sense service|restart the Sense service/);
      for (const format of ['dsc', 'ansible']) {
        const out = (await encode(v3(method), '--format', format)).out;
        assert.match(out, /^# Then: .*Sense service/m, `${method} ${format}`);
        assert.doesNotMatch(out, /AATPSensor/, `${method} ${format}`);
      }
    }
    for (const format of ['dsc', 'ansible']) {
      const out = (await encode(example('contoso-2018.atpproxy.jsonc'), '--format', format)).out;
      assert.match(out, /^# Then: restart the sensor services \(Restart-Service AATPSensor, AATPSensorUpdater\)\.\r?$/m, format);
    }
  });

  it('without --format: ps1 for method sensor, hex for WinINET (as before)', async () => {
    const sensor = await encode(SENSOR);
    assert.strictEqual(sensor.code, 0, sensor.err);
    assert.match(sensor.out, /^#Requires -RunAsAdministrator\r\n/);
    assert.match(sensor.out, /Microsoft\.Tri\.Sensor\.Deployment\.Deployer\.exe/);
    const wininet = await encode(example('contoso-2018.atpproxy.jsonc'));
    assert.match(wininet.out, /^46000000[0-9a-f]+\n$/);
  });

  it('method unset with mode static or pac (ATP144) is refused like an error finding; forced, it gets the WinINET artefacts', async () => {
    const unset = JSON.stringify({
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', server: 'proxy.contoso.com:8080' },
      firewall: { port: 443 },
    });
    const refused = await encode(unset, '--format', 'reg');
    assert.strictEqual(refused.code, 1);
    assert.strictEqual(refused.out, '');
    assert.match(refused.err, /ATP14[34]/);
    const forced = await encode(unset, '--force', '--format', 'hex');
    assert.strictEqual(forced.code, 0, forced.err);
    assert.match(forced.out, /^46000000/);
  });

  it('method unset with mode direct, transparent or wpad keeps the WinINET artefacts', async () => {
    const r = await encode(example('tailspin-transparent.atpproxy.json'), '--format', 'reg');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^Windows Registry Editor Version 5\.00/);
  });
});

describe('encode: method sensor', () => {
  it('cmd: the Setup.exe switches for a new installation, access key and password as placeholders', async () => {
    const r = await encode(SENSOR, '--format', 'cmd');
    assert.strictEqual(r.code, 0, r.err);
    const lines = r.out.split('\r\n');
    assert.strictEqual(lines[0], '@echo off');
    assert.ok(lines.slice(1, -2).every((l) => l.startsWith('REM ')));
    assert.strictEqual(
      lines.at(-2),
      '"Azure ATP sensor Setup.exe" /quiet NetFrameworkCommandLineArguments="/q" AccessKey="<access key>" ProxyUrl="http://proxy.contoso.com:8080" ProxyUserName="CONTOSO\\svc-mdi" ProxyUserPassword="<proxy password>"',
    );
    const noUser = (await encode(SENSOR_NO_USER, '--format', 'cmd')).out.split('\r\n').at(-2);
    assert.strictEqual(
      noUser,
      '"Azure ATP sensor Setup.exe" /quiet NetFrameworkCommandLineArguments="/q" AccessKey="<access key>" ProxyUrl="http://proxy.contoso.com:8080"',
    );
  });

  it('cmd refuses a user name cmd.exe cannot carry as data (", %, !, control characters, non-ASCII), naming ps1 and module', async () => {
    for (const user of ['CONTOSO\\a"b', 'CONTOSO\\%USERNAME%', 'CONTOSO\\a!b', 'CONTOSO\\a\nb', 'CONTOSO\\j\u00f6rg']) {
      const r = await encode(sensorManifest({ server: 'proxy.contoso.com:8080', user }), '--format', 'cmd');
      assert.strictEqual(r.code, 2, JSON.stringify(user));
      assert.match(r.err, /proxy\.user contains .* use --format ps1 or --format module/);
      assert.strictEqual(r.out, '');
    }
    // What stays literal inside cmd.exe's double quotes is kept as is.
    const ok = await encode(sensorManifest({ server: 'proxy.contoso.com:8080', user: 'CONTOSO\\a&b|c<d>e^f' }), '--format', 'cmd');
    assert.strictEqual(ok.code, 0, ok.err);
    assert.match(ok.out, /ProxyUserName="CONTOSO\\a&b\|c<d>e\^f"/);
  });

  it('cmd: a hostile manifest file name stays in its REM line', () => {
    const script = generateDeploymentScript(SENSOR, 'cmd', 'x\r\ncalc.exe & %COMSPEC% "!.atpproxy.json');
    assert.ok(script.ok);
    assert.match(script.content, /^REM Generated by atp-proxy from x__calc\.exe _ _COMSPEC_ __\.atpproxy\.json\.\r$/m);
    assert.strictEqual(script.content.split('\r\n').filter((l) => !l.startsWith('REM ') && l !== '').length, 2);
  });

  it('module: Set-MDISensorProxyConfiguration with Get-Credential, then Get-MDISensorProxyConfiguration to verify', async () => {
    const r = await encode(SENSOR, '--format', 'module');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^\$ProxyUrl = 'http:\/\/proxy\.contoso\.com:8080'\r$/m);
    assert.match(r.out, /^\$ProxyUser = 'CONTOSO\\svc-mdi'\r$/m);
    assert.match(r.out, /^Set-MDISensorProxyConfiguration -ProxyUrl \$ProxyUrl -ProxyCredential \(Get-Credential -UserName \$ProxyUser /m);
    assert.match(r.out, /^\$applied = Get-MDISensorProxyConfiguration\r$/m);
    const noUser = (await encode(SENSOR_NO_USER, '--format', 'module')).out;
    assert.match(noUser, /^Set-MDISensorProxyConfiguration -ProxyUrl \$ProxyUrl\r$/m);
    assert.doesNotMatch(noUser, /Get-Credential/);
  });

  it('mode transparent with method sensor clears the sensor proxy: ClearProxyConfiguration, Clear-MDISensorProxyConfiguration, no proxy switches', async () => {
    const direct = sensorManifest({ mode: 'transparent' });
    const ps1 = await encode(direct, '--format', 'ps1');
    assert.strictEqual(ps1.code, 0, ps1.err);
    assert.match(ps1.out, /^\$ProxyUrl = ''\r$/m);
    assert.match(ps1.err, /this clears it/);
    assert.match((await encode(direct, '--format', 'module')).out, /^Clear-MDISensorProxyConfiguration\r$/m);
    assert.doesNotMatch((await encode(direct, '--format', 'cmd')).out, /Proxy(Url|UserName|UserPassword)=/);
  });

  it('the proxy URL comes from proxy.server: the https= entry of a list, IPv6 in brackets; credentials or a PAC file are refused', async () => {
    const url = async (server: string): Promise<string> =>
      /^\$ProxyUrl = '(.*)'\r$/m.exec((await encode(sensorManifest({ server }), '--force', '--format', 'ps1')).out)?.[1] ?? '';
    assert.strictEqual(await url('http=p1.contoso.com:80;https=P2.Contoso.com:8443'), 'http://p2.contoso.com:8443');
    assert.strictEqual(await url('[2001:db8::1]:3128'), 'http://[2001:db8::1]:3128');
    const creds = await encode(sensorManifest({ server: 'user:secret@proxy.contoso.com:8080' }), '--force', '--format', 'ps1');
    assert.strictEqual(creds.code, 2);
    assert.match(creds.err, /credentials/);
    assert.doesNotMatch(creds.out + creds.err, /secret/);
    const pac = await encode(sensorManifest({ mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' }), '--force', '--format', 'ps1');
    assert.strictEqual(pac.code, 2);
    assert.match(pac.err, /method sensor takes one proxy URL, not a PAC file/);
  });

  it('a forced artefact says so in its header, in each format', () => {
    const broken = sensorManifest({ server: 'proxy.contoso.com:8080', user: 'CONTOSO\\svc' }, { instance: '-bad-' });
    for (const [format, prefix] of [
      ['ps1', '# FORCED'],
      ['cmd', 'REM FORCED'],
      ['module', '# FORCED'],
    ] as const) {
      assert.strictEqual(generateDeploymentScript(broken, format, 'm').ok, false);
      const forced = generateDeploymentScript(broken, format, 'm', { force: true });
      assert.ok(forced.ok);
      assert.ok(
        forced.content
          .split('\r\n')
          .slice(0, 2)
          .some((l) => l.startsWith(prefix)),
        format,
      );
    }
  });

  it('the password is never in an artefact: Get-Credential at run time (ps1, module), a placeholder (cmd)', async () => {
    const ps1 = (await encode(SENSOR, '--format', 'ps1')).out;
    assert.match(ps1, /Get-Credential -UserName \$ProxyUser/);
    assert.doesNotMatch(ps1, /ConvertTo-SecureString|-AsPlainText/);
    for (const format of ['ps1', 'cmd', 'module']) assert.match((await encode(SENSOR, '--format', format)).out, /^[\x20-\x7e\r\n]*$/);
  });
});
