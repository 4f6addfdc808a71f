import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { generatePowerShell } from '../../src/core/wininet/generatePowerShell';
import { toHex } from '../../src/core/wininet/hex';
import { pwshPath } from './support/powershell';

const RUNNER = path.resolve(__dirname, '../../../test/integration/support/run-script-functions.ps1');

// Issue 19 item 1: with registry.source currentUser the generated .ps1 copies HKCU's value only when it carries the
// manifest's proxy. Its own decoder and comparison run here in PowerShell 7.6.9 on values our encoder writes.
describe("the .ps1 copies HKCU only when it carries the manifest's proxy (run in PowerShell)", function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-ps-hkcu-'));
    const manifest = JSON.stringify({
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] },
      registry: { source: 'currentUser', targets: ['LocalSystem', 'LocalService'] },
      firewall: { port: 443 },
    });
    const encoded = encodeManifestText(manifest);
    assert.ok(encoded.ok);
    script = path.join(dir, 'deploy.ps1');
    fs.writeFileSync(
      script,
      generatePowerShell(
        encoded.settings,
        { targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings'], source: 'currentUser', backup: true },
        { manifestName: 'm', mode: 'static' },
      ),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function check(value: Uint8Array): string {
    const call = `Assert-ManifestProxy -Name 'DefaultConnectionSettings' -Bytes (ConvertFrom-Hex '${toHex(value)}')`;
    return execFileSync(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', RUNNER, '-Script', script, '-Call', call], { encoding: 'utf8' }).trim();
  }

  it("accepts the manifest's proxy, whatever the counter and the trailer", () => {
    const same = newConnectionSettings({ flags: 3, counter: 77, proxyServer: 'proxy.contoso.com:8080', bypass: '<local>;*.contoso.com' });
    assert.strictEqual(check(encodeConnectionSettings(same)), 'OK');
  });

  it('refuses another proxy, bypass, mode or PAC URL, naming each difference', () => {
    const northwind = newConnectionSettings({ flags: 3, proxyServer: 'proxy.northwind.com:3128', bypass: '<local>;*.contoso.com' });
    assert.match(
      check(encodeConnectionSettings(northwind)),
      /^REFUSED: HKEY_CURRENT_USER's DefaultConnectionSettings is not the manifest's proxy: proxy 'proxy\.northwind\.com:3128' instead of 'proxy\.contoso\.com:8080'\. Nothing was written/,
    );
    const pac = newConnectionSettings({ flags: 5, proxyServer: 'proxy.contoso.com:8080', bypass: '', autoConfigUrl: 'http://wpad/proxy.pac' });
    assert.match(
      check(encodeConnectionSettings(pac)),
      /flags 0x5 instead of 0x3, bypass '' instead of '<local>;\*\.contoso\.com', PAC URL 'http:\/\/wpad\/proxy\.pac' instead of ''/,
    );
  });

  it('refuses a truncated value with where it ends, never reading past it', () => {
    const whole = encodeConnectionSettings(newConnectionSettings({ flags: 3, proxyServer: 'proxy.contoso.com:8080' }));
    assert.match(check(whole.slice(0, 20)), /^REFUSED: the value is truncated at byte 16 \(a string of 22 bytes\)/);
    assert.match(check(whole.slice(0, 8)), /^REFUSED: the value is 8 bytes long: too short/);
  });
});
