import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allowlistOf, formatAllowlist } from '../../src/core/export/allowlist';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';

/** The directives real Squid reads from a configuration file (`squid -k parse` logs "Processing: <line>" for each). */
function squidDirectives(conf: string): Promise<{ code: number; directives: string[]; log: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-squid-parse-'));
  const file = path.join(dir, 'squid.conf');
  fs.writeFileSync(file, conf);
  return new Promise((resolve) => {
    execFile('squid', ['-k', 'parse', '-f', file], { timeout: 20_000 }, (error, stdout, stderr) => {
      fs.rmSync(dir, { recursive: true, force: true });
      const log = `${stdout}${stderr}`;
      const directives = [...log.matchAll(/Processing: (.*)$/gm)].map((m) => m[1].trim());
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, directives, log });
    });
  });
}

describe('allowlist export parsed by real Squid (issue 18 item 5)', function () {
  this.timeout(30_000);

  it('an allow entry with line breaks adds no directive to squid.conf', async () => {
    const attack = '*.atp.azure.com\nhttp_access allow all\n#';
    const text = JSON.stringify({
      version: 1,
      instance: 'contoso',
      proxy: { mode: 'static', server: 'proxy.contoso.com:8080' },
      firewall: { port: 443, allow: ['contososensorapi.atp.azure.com', 'crl.microsoft.com', attack] },
    });
    const source = 'contoso\nhttp_access allow all\u2028.atpproxy.json';
    const exported = formatAllowlist(allowlistOf(settingsOf(parseManifest(text).manifest)), 'squid', source);
    const { code, directives, log } = await squidDirectives(`http_port 127.0.0.1:3999\n${exported}http_access deny all\n`);
    assert.strictEqual(code, 0, log);
    assert.deepStrictEqual(
      directives.map((d) => d.split(/\s+/).slice(0, 3).join(' ')),
      ['http_port 127.0.0.1:3999', 'acl atp_sensor_endpoints dstdomain', 'acl atp_sensor_port port', 'http_access allow CONNECT', 'http_access deny all'],
      log,
    );
    assert.ok(!directives.includes('http_access allow all'), log);
  });
});
