import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { runConnectivityTest } from '../../src/core/connectivity/run';
import { ProbeResult } from '../../src/core/connectivity/result';
import { CONTOSO_CURRENT, contosoManifest, Lab, planOf, REVOCATION_PORT, startLab } from './support/lab';
import { startCaptivePortal } from './support/local-servers';
import { Squid, startSquids } from './support/squid';

const REVOCATION_HOSTS = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];
/** A loopback address of its own for the captive portal, which must answer on port 80 like Microsoft's hosts. */
const PORTAL_HOST = '127.0.0.9';

function byEntry(results: ProbeResult[]): Record<string, ProbeResult> {
  return Object.fromEntries(results.map((r) => [r.entry ?? r.host, r]));
}

/** The path and query a result's URL asks the origin for. */
function pathOf(result: ProbeResult): string {
  const url = new URL(result.url ?? assert.fail(`${result.host} has no URL`));
  return `${url.pathname}${url.search}`;
}

describe('revocation lists over plain HTTP on port 80, through a real Squid', function () {
  this.timeout(60000);
  let lab: Lab;
  let good: Squid;
  let faulty: Squid;

  before(async () => {
    lab = await startLab();
    const hosts = { 'contososensorapi.atp.azure.com': lab.service.host, ...Object.fromEntries(REVOCATION_HOSTS.map((h) => [h, lab.service.host])) };
    [good, faulty] = await startSquids(lab.dir, [
      // Plain requests only to port 80, CONNECT only to 443: a GET that went anywhere else would be refused.
      { hosts, connectPorts: [lab.service.port], httpPorts: [REVOCATION_PORT] },
      {
        hosts: { ...hosts, 'crl.microsoft.com': '127.0.0.3' },
        connectPorts: [lab.service.port],
        httpPorts: [REVOCATION_PORT],
        deny: ['www.microsoft.com'],
      },
    ]);
  });

  after(async () => {
    await Promise.all([good?.stop(), faulty?.stop()]);
    await lab?.close();
  });

  it('ok: each list fetched with a GET in absolute form that Squid forwarded, no CONNECT, no TLS, no issuer', async () => {
    lab.revocation.seen.length = 0;
    lab.service.seen.length = 0;
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${good.port}` }, lab.service.port, 'current'));
    const report = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
    assert.deepStrictEqual(
      report.results.map((r) => [r.entry ?? r.host, r.port, r.status]),
      CONTOSO_CURRENT.map((entry, i) => [entry, i === 0 ? 443 : 80, 'ok']),
      JSON.stringify(report.results, null, 1),
    );
    const revocation = report.results.filter((r) => r.kind === 'revocation');
    for (const result of revocation) {
      assert.strictEqual(result.issuer, '', result.host);
      assert.strictEqual(result.via, `127.0.0.1:${good.port}`);
      assert.match(result.detail, /^GET http:\/\/\S+ through the proxy 127\.0\.0\.1:\d+ answered "HTTP\/1\.1 200 OK"/);
    }
    // The stand-in got every list's path from Squid (its Via header), and no TLS connection for a revocation host.
    for (const result of revocation) {
      const request = lab.revocation.seen.find((s) => s.url === pathOf(result) && s.host === result.host);
      assert.ok(request, `${pathOf(result)} reached the stand-in: ${JSON.stringify(lab.revocation.seen)}`);
      assert.strictEqual(request.method, 'GET');
      assert.match(request.via, /squid/i);
    }
    assert.deepStrictEqual(lab.service.seen, ['contososensorapi.atp.azure.com']);
    // Squid logged absolute-form GETs on port 80 (no CONNECT to a revocation host).
    const log = await fs.readFile(path.join(good.dir, 'access.log'), 'utf8');
    for (const result of revocation) assert.ok(log.includes(`GET ${result.url}`), log);
    for (const host of REVOCATION_HOSTS) assert.ok(!log.includes(`CONNECT ${host}`), log);
  });

  it('proxy-denied for a list Squid refuses, refused when Squid cannot connect to the host', async () => {
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${faulty.port}` }, lab.service.port, 'current'));
    const results = byEntry((await runConnectivityTest(plan, { extraCa: [lab.rootPem], timeoutMs: 8000 })).results);
    const status = (entry: string): string => `${results[entry].status}: ${results[entry].detail}`;
    assert.match(status('ctldl.windowsupdate.com'), /^ok: /);
    for (const entry of ['www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*']) {
      assert.match(
        status(entry),
        /^proxy-denied: The proxy 127\.0\.0\.1:\d+ refused GET http:\/\/www\.microsoft\.com\/pki\S* with "HTTP\/1\.1 403 Forbidden" \(ERR_ACCESS_DENIED 0\): allow plain HTTP GET to www\.microsoft\.com\/pki(ops)?\/\* on port 80/,
      );
    }
    assert.match(status('crl.microsoft.com'), /^refused: The proxy 127\.0\.0\.1:\d+ could not connect to crl\.microsoft\.com:80 \(.*ERR_CONNECT_FAIL 111\)/);
    for (const result of Object.values(results)) assert.strictEqual(result.via, `127.0.0.1:${faulty.port}`);
  });

  it('direct: a GET to the host on port 80 (--resolve maps it), and http when the origin does not serve the list', async () => {
    lab.revocation.seen.length = 0;
    const plan = planOf(contosoManifest({ mode: 'direct' }, lab.service.port, 'current'));
    const revocationOnly = { ...plan, endpoints: plan.endpoints.filter((e) => e.kind === 'revocation') };
    const resolve = REVOCATION_HOSTS.map((host) => ({ host, port: REVOCATION_PORT, address: lab.service.host }));
    const report = await runConnectivityTest(revocationOnly, { resolve });
    for (const result of report.results) {
      assert.deepStrictEqual([result.status, result.port, result.via, result.issuer], ['ok', 80, 'DIRECT', ''], result.detail);
      assert.match(result.detail, / directly answered "HTTP\/1\.1 200 OK"/);
    }
    assert.deepStrictEqual(
      lab.revocation.seen.map((s) => [s.method, s.via]),
      report.results.map(() => ['GET', '']),
    );
    // A name that leads to a server without the published path: the origin's 404 is http, not ok.
    const moved = { ...revocationOnly, endpoints: revocationOnly.endpoints.slice(0, 1).map((e) => ({ ...e, probeUrl: 'http://crl.microsoft.com/moved.crl' })) };
    const [notFound] = (await runConnectivityTest(moved, { resolve })).results;
    assert.strictEqual(notFound.status, 'http', notFound.detail);
    assert.match(notFound.detail, /answered "HTTP\/1\.1 404 Not Found" instead of the list/);
  });

  it('a captive portal answering 200 with an HTML page for a list is http, not ok', async () => {
    const portal = await startCaptivePortal(PORTAL_HOST, REVOCATION_PORT);
    try {
      const plan = planOf(contosoManifest({ mode: 'direct' }, lab.service.port, 'current'));
      const revocationOnly = { ...plan, endpoints: plan.endpoints.filter((e) => e.kind === 'revocation') };
      const resolve = REVOCATION_HOSTS.map((host) => ({ host, port: REVOCATION_PORT, address: PORTAL_HOST }));
      const report = await runConnectivityTest(revocationOnly, { resolve });
      assert.strictEqual(report.results.length, 4);
      for (const result of report.results) {
        assert.strictEqual(result.status, 'http', result.detail);
        assert.match(result.detail, /directly answered "HTTP\/1\.1 200 OK" with an HTML page \(Content-Type text\/html; charset=utf-8\) instead of the list/);
      }
    } finally {
      await portal.close();
    }
  });
});
