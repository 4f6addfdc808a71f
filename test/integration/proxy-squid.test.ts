import * as assert from 'assert';
import { runConnectivityTest } from '../../src/core/connectivity/run';
import { ProbeResult } from '../../src/core/connectivity/result';
import { allTo, CONTOSO_HOSTS, contosoManifest, Lab, planOf, REVOCATION_PORT, startLab } from './support/lab';
import { startBlackHole } from './support/local-servers';
import { freePort } from './support/ports';
import { Squid, startSquids } from './support/squid';
import { FakeDns, startNxdomainDns } from './support/fake-dns';

const ISSUER = 'Microsoft Azure TLS Issuing CA 01';

function byHost(results: ProbeResult[]): Record<string, ProbeResult> {
  return Object.fromEntries(results.map((r) => [r.host, r]));
}

describe('connectivity through a real Squid', function () {
  this.timeout(60000);
  let lab: Lab;
  let good: Squid;
  let faulty: Squid;
  let auth: Squid;
  let blackHole: { close(): Promise<void> };
  let blackHoleHttp: { close(): Promise<void> };
  let dns: FakeDns | undefined;

  before(async () => {
    lab = await startLab({ pingStatus: { 'triprd1wceun1sensorapi.atp.azure.com': 404 } });
    const port = lab.service.port;
    // 127.0.0.2 on the service's port accepts and never answers; nothing listens on 127.0.0.3.
    blackHole = await startBlackHole('127.0.0.2', port);
    blackHoleHttp = await startBlackHole('127.0.0.2', REVOCATION_PORT);
    // A real NXDOMAIN when this may bind port 53; otherwise Squid's queries to 127.0.0.9 go unanswered: the same verdict.
    dns = await startNxdomainDns('127.0.0.9').catch(() => undefined);
    [good, faulty, auth] = await startSquids(lab.dir, [
      { hosts: allTo(lab.service.host), connectPorts: [port] },
      {
        hosts: {
          'contososensorapi.atp.azure.com': lab.service.host,
          'contoso.atp.azure.com': lab.service.host,
          'triprd1wceun1sensorapi.atp.azure.com': lab.service.host,
          'triprd1wceuw1sensorapi.atp.azure.com': lab.service.host,
          'crl.microsoft.com': '127.0.0.3',
          'www.microsoft.com': '127.0.0.2',
          // ctldl.windowsupdate.com is left out: Squid cannot resolve it.
        },
        connectPorts: [port],
        deny: ['triprd1wceuw1sensorapi.atp.azure.com'],
        dnsServer: '127.0.0.9',
      },
      { hosts: allTo(lab.service.host), connectPorts: [port], basicAuth: { user: 'sensor', password: 's3cret:pw' } },
    ]);
  });

  after(async () => {
    await Promise.all([good?.stop(), faulty?.stop(), auth?.stop(), blackHole?.close(), blackHoleHttp?.close(), dns?.close()]);
    await lab?.close();
  });

  it('ok for every endpoint through the proxy, with the genuine issuer and the ping (revocation lists: a GET, no issuer)', async () => {
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${good.port}` }, lab.service.port));
    const report = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
    const results = byHost(report.results);
    assert.deepStrictEqual(
      report.results.map((r) => r.host),
      CONTOSO_HOSTS,
    );
    for (const host of CONTOSO_HOSTS.filter((h) => h !== 'triprd1wceun1sensorapi.atp.azure.com')) {
      assert.strictEqual(results[host].status, 'ok', `${host}: ${results[host].detail}`);
      assert.strictEqual(results[host].via, `127.0.0.1:${good.port}`);
      assert.strictEqual(results[host].issuer, results[host].kind === 'revocation' ? '' : ISSUER);
      assert.strictEqual(results[host].port, results[host].kind === 'revocation' ? 80 : 443);
    }
    assert.strictEqual(results['triprd1wceun1sensorapi.atp.azure.com'].status, 'http');
    assert.match(results['triprd1wceun1sensorapi.atp.azure.com'].detail, /404 Not Found/);
    assert.match(results['contososensorapi.atp.azure.com'].detail, /200 OK/);
    // The proxy resolved the ATP names: the service saw them as SNI.
    assert.ok(lab.service.seen.includes('contososensorapi.atp.azure.com'));
  });

  it('proxy-denied, refused, dns and timeout, each from what the proxy saw', async () => {
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${faulty.port}` }, lab.service.port));
    const started = Date.now();
    const report = await runConnectivityTest(plan, { extraCa: [lab.rootPem], timeoutMs: 4000 });
    const elapsed = Date.now() - started;
    const results = byHost(report.results);
    const status = (host: string): string => `${results[host].status}: ${results[host].detail}`;
    assert.match(status('contososensorapi.atp.azure.com'), /^ok/);
    assert.match(status('triprd1wceuw1sensorapi.atp.azure.com'), /^proxy-denied: .*"HTTP\/1\.1 403 Forbidden".*licensing/);
    assert.match(status('crl.microsoft.com'), /^refused: .*ERR_CONNECT_FAIL/);
    assert.match(status('ctldl.windowsupdate.com'), /^dns: .*(cannot resolve|found no address)/);
    assert.match(status('www.microsoft.com'), /^timeout: No answer within 4000 ms waiting for the answer to the HTTP GET \(proxy /);
    assert.ok(elapsed < 6000, `the deadline holds (${elapsed} ms)`);
    for (const result of report.results) assert.strictEqual(result.via, `127.0.0.1:${faulty.port}`);
  });

  it('proxy-auth without credentials, ok with the right ones from the provider', async () => {
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${auth.port}` }, lab.service.port));
    const without = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
    for (const result of without.results) {
      assert.strictEqual(result.status, 'proxy-auth', result.detail);
      assert.match(result.detail, /407/);
      assert.match(result.detail, /Only the sensor's own proxy configuration can answer a proxy login/);
    }
    const wrong = await runConnectivityTest(plan, { extraCa: [lab.rootPem], credentials: async () => ({ user: 'sensor', password: 'nope' }) });
    assert.match(wrong.results[0].detail, /rejected too/);
    const right = await runConnectivityTest(plan, { extraCa: [lab.rootPem], credentials: async () => ({ user: 'sensor', password: 's3cret:pw' }) });
    // triprd1wceun1 answers the ping with 404 in this lab: past the proxy, so authentication worked.
    assert.deepStrictEqual(
      right.results.map((r) => r.status),
      ['ok', 'ok', 'http', 'ok', 'ok', 'ok', 'ok'],
    );
    for (const result of [...without.results, ...right.results]) assert.ok(!result.detail.includes('s3cret'));
  });

  it('refused when nothing listens on the proxy port', async () => {
    const dead = await freePort();
    const report = await runConnectivityTest(planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${dead}` }, lab.service.port)));
    for (const result of report.results) {
      assert.strictEqual(result.status, 'refused');
      assert.strictEqual(result.via, `127.0.0.1:${dead}`);
      assert.match(result.detail, /proxy 127\.0\.0\.1:\d+ refused the connection/);
    }
  });

  it('dns when the proxy name does not resolve; --resolve maps the proxy name', async () => {
    const unknown = await runConnectivityTest(planOf(contosoManifest({ mode: 'static', server: 'proxy.atp-lab.invalid:3128' }, lab.service.port)));
    for (const result of unknown.results) assert.strictEqual(result.status, 'dns', result.detail);
    const mapped = await runConnectivityTest(planOf(contosoManifest({ mode: 'static', server: `proxy.atp-lab.invalid:${good.port}` }, lab.service.port)), {
      extraCa: [lab.rootPem],
      resolve: [{ host: 'proxy.atp-lab.invalid', port: good.port, address: '127.0.0.1' }],
    });
    assert.strictEqual(mapped.results[0].status, 'ok', mapped.results[0].detail);
    assert.strictEqual(mapped.results[0].via, `proxy.atp-lab.invalid:${good.port}`);
  });

  it('tls when the genuine-looking chain is not trusted (no --ca); the revocation lists need no trust', async () => {
    const report = await runConnectivityTest(planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${good.port}` }, lab.service.port)));
    for (const result of report.results.filter((r) => r.kind === 'revocation')) assert.strictEqual(result.status, 'ok', result.detail);
    for (const result of report.results.filter((r) => r.kind !== 'revocation')) {
      assert.strictEqual(result.status, 'tls', result.detail);
      assert.strictEqual(result.issuer, ISSUER);
      assert.match(result.detail, /--ca/);
    }
  });

  it('uses the https= entry of a per-protocol server list (http= for the revocation lists) and honours the bypass list', async () => {
    const dead = await freePort();
    const plan = planOf(
      contosoManifest(
        { mode: 'static', server: `http=127.0.0.1:${dead};https=127.0.0.1:${good.port}`, bypass: ['<local>', '*.microsoft.com'] },
        lab.service.port,
      ),
    );
    const report = await runConnectivityTest(plan, {
      extraCa: [lab.rootPem],
      resolve: ['crl.microsoft.com', 'www.microsoft.com'].map((host) => ({ host, port: REVOCATION_PORT, address: lab.service.host })),
    });
    const results = byHost(report.results);
    assert.strictEqual(results['contososensorapi.atp.azure.com'].via, `127.0.0.1:${good.port}`);
    assert.strictEqual(results['contososensorapi.atp.azure.com'].status, 'ok');
    assert.strictEqual(results['crl.microsoft.com'].via, 'DIRECT');
    assert.strictEqual(results['crl.microsoft.com'].status, 'ok');
    assert.match(results['crl.microsoft.com'].detail, /bypass entry "\*\.microsoft\.com"/);
    // WinINET fetches http:// URLs through the http= entry: here a proxy that is down.
    assert.strictEqual(results['ctldl.windowsupdate.com'].via, `127.0.0.1:${dead}`);
    assert.strictEqual(results['ctldl.windowsupdate.com'].status, 'refused');
  });
});
