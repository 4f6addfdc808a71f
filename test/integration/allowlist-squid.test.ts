import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as http from 'http';
import { runConnectivityTest } from '../../src/core/connectivity/run';
import { allowlistOf, formatAllowlist } from '../../src/core/export/allowlist';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { CONTOSO_CURRENT, contosoManifest, Lab, planOf, startLab } from './support/lab';
import { Squid, startSquid } from './support/squid';

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
      [
        'http_port 127.0.0.1:3999',
        'acl atp_sensor_connect method',
        'acl atp_sensor_get method',
        'acl atp_sensor_endpoints dstdomain',
        'acl atp_sensor_port port',
        'acl atp_revocation_urls url_regex',
        'acl atp_revocation_port port',
        'http_access allow atp_sensor_connect',
        'http_access allow atp_sensor_get',
        'http_access deny all',
      ],
      log,
    );
    assert.ok(!directives.includes('http_access allow all'), log);
  });
});

/** What Squid answered a request: the status, and X-Squid-Error when the answer is its own. */
interface Answer {
  status: number;
  squidError: string;
}

/** Sends CONNECT host:port, or a plain request in absolute form, to the proxy and reads its answer. */
function ask(proxyPort: number, method: string, target: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = method === 'CONNECT' ? target : new URL(target).host;
    const request = http.request({ host: '127.0.0.1', port: proxyPort, method, path: target, headers: { Host: host }, agent: false });
    const done = (response: http.IncomingMessage, socket?: { destroy(): void }): void => {
      response.resume();
      socket?.destroy();
      resolve({ status: response.statusCode ?? 0, squidError: String(response.headers['x-squid-error'] ?? '') });
    };
    request.once('connect', (response, socket) => done(response, socket));
    request.once('response', (response) => done(response));
    request.once('error', reject);
    request.end();
  });
}

describe('allowlist export in a real Squid: CONNECT 443 to the service, GET on 80 to the revocation paths, nothing else', function () {
  this.timeout(60_000);
  let lab: Lab;
  let squid: Squid;
  let manifest: string;

  before(async () => {
    lab = await startLab();
    manifest = contosoManifest({ mode: 'static', server: 'proxy.contoso.com:8080' }, 443, 'current');
    // The manifest allows only *.atp.azure.com: the sensor API and the four revocation entries come from "added".
    const fragment = formatAllowlist(allowlistOf(settingsOf(parseManifest(manifest).manifest)), 'squid', 'contoso.atpproxy.json');
    const hosts = Object.fromEntries(
      ['contososensorapi.atp.azure.com', 'other.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'].map((h) => [
        h,
        lab.service.host,
      ]),
    );
    // No lab rules: the included fragment and the final deny are the whole access policy.
    squid = await startSquid(lab.dir, { hosts, connectPorts: [443], include: fragment });
  });

  after(async () => {
    await squid?.stop();
    await lab?.close();
  });

  it('lets CONNECT through on 443 to the service endpoints only', async () => {
    assert.strictEqual((await ask(squid.port, 'CONNECT', 'contososensorapi.atp.azure.com:443')).status, 200);
    assert.strictEqual((await ask(squid.port, 'CONNECT', 'other.atp.azure.com:443')).status, 200, 'the *.atp.azure.com entry');
    for (const target of ['crl.microsoft.com:80', 'www.microsoft.com:80', 'crl.microsoft.com:443', 'contososensorapi.atp.azure.com:80']) {
      assert.deepStrictEqual(await ask(squid.port, 'CONNECT', target), { status: 403, squidError: 'ERR_ACCESS_DENIED 0' }, target);
    }
  });

  it('lets a plain GET through on 80 to the revocation paths only, paths kept', async () => {
    const plan = planOf(manifest);
    const urls = plan.endpoints.flatMap((e) => e.probeUrl ?? []);
    assert.strictEqual(urls.length, 4);
    for (const url of urls) assert.deepStrictEqual(await ask(squid.port, 'GET', url), { status: 200, squidError: '' }, url);
    // A bare host entry (crl.microsoft.com) covers every path: the origin answers, here 404.
    assert.deepStrictEqual(await ask(squid.port, 'GET', 'http://crl.microsoft.com/any/other.crl'), { status: 404, squidError: '' });
    for (const [method, url] of [
      ['GET', 'http://www.microsoft.com/other/x.crl'],
      ['GET', 'http://www.microsoft.com/'],
      ['GET', 'http://contososensorapi.atp.azure.com/tri/sensor/api/ping'],
      ['GET', 'http://crl.microsoft.com:8080/pki/crl/x.crl'],
      ['POST', urls[2]],
    ]) {
      assert.deepStrictEqual(await ask(squid.port, method, url), { status: 403, squidError: 'ERR_ACCESS_DENIED 0' }, `${method} ${url}`);
    }
  });

  it("atp-proxy's own test through that Squid: ok for every endpoint", async () => {
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${squid.port}` }, 443, 'current'));
    const report = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
    assert.deepStrictEqual(
      report.results.map((r) => [r.entry ?? r.host, r.status]),
      CONTOSO_CURRENT.map((entry) => [entry, 'ok']),
      JSON.stringify(report.results, null, 1),
    );
  });
});
