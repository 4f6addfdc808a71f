// A SensorConfiguration.json written by real PowerShell the way the DefenderForIdentity module writes it
// (ConvertFrom-Json, the module's object shape, ConvertTo-Json, Set-Content in each encoding an administrator's
// PowerShell may use), read back by the shipped CLI bundle.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { ensureCliBundle, ROOT, runCli } from './support/cli-bundle';
import { pwshPath } from './support/powershell';

const run = promisify(execFile);
const WRITER = path.join(ROOT, 'test', 'integration', 'support', 'write-sensor-configuration.ps1');
const SOURCE = path.join(ROOT, 'test', 'fixtures', 'sensor', 'setup-proxy-auth.SensorConfiguration.json');
// Not a secret: a marker whose every output is searched.
const ENCRYPTED = Buffer.from('not-a-password-but-searched-for-in-every-output').toString('base64');

describe('SensorConfiguration.json written by PowerShell (as the DefenderForIdentity module does), read by the CLI', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    await ensureCliBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-sensor-pwsh-'));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function write(target: string, encoding: string, proxy: { url?: string; user?: string }): Promise<void> {
    const args = ['-NoProfile', '-NonInteractive', '-File', WRITER, '-Source', SOURCE, '-Target', target, '-Encoding', encoding];
    if (proxy.url) args.push('-ProxyUrl', proxy.url);
    if (proxy.user) args.push('-UserName', proxy.user, '-EncryptedBytes', ENCRYPTED);
    await run(pwshPath(), args, { env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  }

  // utf8NoBOM is PowerShell 7's default, unicode (UTF-16LE) what `Out-File` wrote in 5.1, latin1 stands for 5.1's
  // ANSI default (Windows-1252 agrees with it on é).
  for (const encoding of ['utf8NoBOM', 'utf8BOM', 'unicode', 'bigendianunicode', 'latin1']) {
    it(`Set-MDISensorProxyConfiguration with a credential, saved as ${encoding}: URL, user, password present, API address`, async () => {
      const file = path.join(dir, `${encoding}.SensorConfiguration.json`);
      await write(file, encoding, { url: 'http://proxy.contoso.com:8080', user: 'CONTOSO\\svc-josé' });
      const r = await runCli(['decode', '--format', 'json', file]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.deepStrictEqual(JSON.parse(r.stdout), {
        path: file,
        value: 'SensorProxyConfiguration',
        proxyUrl: 'http://proxy.contoso.com:8080',
        userName: 'CONTOSO\\svc-josé',
        passwordPresent: true,
        sensorApiAddress: 'contoso-corpsensorapi.atp.azure.com',
      });
      const text = await runCli(['decode', file]);
      for (const out of [r.stdout, r.stderr, text.stdout, text.stderr]) assert.ok(!out.includes(ENCRYPTED.slice(0, 12)), 'the encrypted bytes were printed');
    });
  }

  it('Set-MDISensorProxyConfiguration -ProxyUrl only, and Clear-MDISensorProxyConfiguration (null)', async () => {
    const urlOnly = path.join(dir, 'url-only.json');
    await write(urlOnly, 'utf8NoBOM', { url: 'http://proxy.contoso.com:3128' });
    const a = JSON.parse((await runCli(['decode', '--format', 'json', urlOnly])).stdout);
    assert.deepStrictEqual([a.proxyUrl, a.userName, a.passwordPresent], ['http://proxy.contoso.com:3128', null, false]);
    const cleared = path.join(dir, 'cleared.json');
    await write(cleared, 'utf8NoBOM', {});
    assert.match(fs.readFileSync(cleared, 'utf8'), /"SensorProxyConfiguration": null/);
    const b = JSON.parse((await runCli(['decode', '--format', 'json', cleared])).stdout);
    assert.deepStrictEqual([b.proxyUrl, b.userName, b.passwordPresent], [null, null, false]);
  });
});
