import * as assert from 'assert';
import { runConnectivityTest } from '../../src/core/connectivity/run';
import { ProbeResult } from '../../src/core/connectivity/result';
import { reportSummary } from '../../src/core/usecases/connectivitySummary';
import { Lab, planOf, startLab } from './support/lab';
import { Squid, startSquids } from './support/squid';

const ISSUER = 'Microsoft Azure TLS Issuing CA 01';
const STREAMLINED = 'mdav.us.endpoint.security.microsoft.com';
const REVOCATION = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];

/** A sensor v3 manifest (Defender for Endpoint's channel) with the given proxy section and cloud. */
function v3Manifest(proxy: object, cloud = 'commercial'): string {
  return JSON.stringify({
    version: 1,
    sensor: 'v3',
    instance: 'contoso',
    cloud,
    proxy,
    firewall: { port: 443, allow: ['*.endpoint.security.microsoft.com'], sslInspection: 'none' },
  });
}

function byHost(results: ProbeResult[]): Record<string, ProbeResult> {
  return Object.fromEntries(results.map((r) => [r.host, r]));
}

describe('sensor v3 connectivity through a real Squid (streamlined domain)', function () {
  this.timeout(60000);
  let lab: Lab;
  let rogueLab: Lab;
  let good: Squid;
  let inspecting: Squid;
  let denying: Squid;

  before(async () => {
    lab = await startLab();
    // The same stand-in presenting a certificate its own root signed for the streamlined host: what SSL inspection shows.
    rogueLab = await startLab({ rogue: [STREAMLINED] });
    const names = (address: string): Record<string, string> => Object.fromEntries([STREAMLINED, ...REVOCATION].map((h) => [h, address]));
    [good, inspecting, denying] = await startSquids(lab.dir, [
      { hosts: names(lab.service.host), connectPorts: [lab.service.port] },
      { hosts: names(rogueLab.service.host), connectPorts: [rogueLab.service.port] },
      { hosts: names(lab.service.host), connectPorts: [lab.service.port], deny: [STREAMLINED] },
    ]);
  });

  after(async () => {
    await Promise.all([good?.stop(), inspecting?.stop(), denying?.stop()]);
    await Promise.all([lab?.close(), rogueLab?.close()]);
  });

  it('method policy: the streamlined host through TelemetryProxyServer, genuine issuer, bypass ignored (the policy has none)', async () => {
    const proxy = `127.0.0.1:${good.port}`;
    const plan = planOf(v3Manifest({ mode: 'static', method: 'policy', server: proxy, bypass: ['*.endpoint.security.microsoft.com'] }));
    const report = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
    assert.deepStrictEqual(
      report.results.map((r) => r.host),
      [STREAMLINED, ...REVOCATION, 'www.microsoft.com'],
    );
    for (const r of report.results) {
      assert.strictEqual(r.status, 'ok', `${r.host}: ${r.detail}`);
      assert.strictEqual(r.via, proxy);
    }
    const streamlined = byHost(report.results)[STREAMLINED];
    assert.strictEqual(streamlined.entry, '*.endpoint.security.microsoft.com');
    assert.strictEqual(streamlined.issuer, ISSUER);
    assert.strictEqual(streamlined.port, 443);
    // The proxy resolved the name and the service saw it as SNI: CONNECT, then TLS to the host itself.
    assert.ok(lab.service.seen.includes(STREAMLINED));
    assert.match(reportSummary(report), /^5 of 5 endpoints ok; \d+ ms$/);
  });

  it('method winhttp: the WinHttpSettings proxy, and its bypass list sends the streamlined host direct', async () => {
    const proxy = `127.0.0.1:${good.port}`;
    const through = await runConnectivityTest(planOf(v3Manifest({ mode: 'static', method: 'winhttp', server: proxy, bypass: ['<local>'] })), {
      extraCa: [lab.rootPem],
    });
    assert.strictEqual(byHost(through.results)[STREAMLINED].status, 'ok');
    assert.strictEqual(byHost(through.results)[STREAMLINED].via, proxy);
    const bypassed = await runConnectivityTest(
      planOf(v3Manifest({ mode: 'static', method: 'winhttp', server: proxy, bypass: ['*.endpoint.security.microsoft.com'] })),
      { extraCa: [lab.rootPem], resolve: [{ host: STREAMLINED, port: 443, address: lab.service.host }], timeoutMs: 5000 },
    );
    const direct = byHost(bypassed.results)[STREAMLINED];
    assert.strictEqual(direct.via, 'DIRECT');
    assert.match(direct.detail, /bypass entry "\*\.endpoint\.security\.microsoft\.com" sends/);
  });

  it('intercepted when the proxy path shows another issuer; the detail names it and the streamlined domain', async () => {
    const proxy = `127.0.0.1:${inspecting.port}`;
    const report = await runConnectivityTest(planOf(v3Manifest({ mode: 'static', method: 'policy', server: proxy })), {
      extraCa: [rogueLab.rootPem],
    });
    const r = byHost(report.results)[STREAMLINED];
    assert.strictEqual(r.status, 'intercepted', r.detail);
    assert.strictEqual(r.issuer, 'ATP Test Root CA');
    assert.match(r.detail, /issued by "ATP Test Root CA".*SSL inspection by the proxy .*exclude the streamlined domain from SSL inspection/);
    assert.match(r.detail, /Microsoft names no chain for the streamlined domain/);
  });

  it('proxy-denied when the proxy refuses CONNECT to the streamlined host', async () => {
    const proxy = `127.0.0.1:${denying.port}`;
    const report = await runConnectivityTest(planOf(v3Manifest({ mode: 'static', method: 'policy', server: proxy })), { extraCa: [lab.rootPem] });
    const r = byHost(report.results)[STREAMLINED];
    assert.match(`${r.status}: ${r.detail}`, /^proxy-denied: .*403 Forbidden/);
    assert.strictEqual(byHost(report.results)['crl.microsoft.com'].status, 'ok');
  });

  it('gcc: no documented host under *.endpoint.security.microsoft.us: reported not testable, the rest tested', async () => {
    const proxy = `127.0.0.1:${good.port}`;
    const report = await runConnectivityTest(planOf(v3Manifest({ mode: 'static', method: 'policy', server: proxy }, 'gcc')), {
      extraCa: [lab.rootPem],
    });
    assert.deepStrictEqual(
      report.results.map((r) => [r.host, r.status]),
      [...REVOCATION, 'www.microsoft.com'].map((h) => [h, 'ok']),
    );
    assert.deepStrictEqual(
      report.untested?.map((u) => u.entry),
      ['*.endpoint.security.microsoft.us'],
    );
    assert.match(reportSummary(report), /4 of 4 endpoints ok, 1 not testable \(\*\.endpoint\.security\.microsoft\.us\)/);
  });
});
