import * as assert from 'assert';
import { promises as fs } from 'fs';
import { runConnectivityTest } from '../../src/core/connectivity/run';
import { allTo, CONTOSO_HOSTS, contosoManifest, Lab, planOf, REVOCATION_PORT, startLab } from './support/lab';
import { serveFile } from './support/local-servers';
import { Mitmproxy, startMitmproxy } from './support/mitmproxy';
import { freePort } from './support/ports';
import { Squid, startSquid } from './support/squid';

describe('connectivity with SSL inspection (real mitmproxy) and a PAC file', function () {
  this.timeout(60000);
  let lab: Lab;
  let squid: Squid;
  let mitm: Mitmproxy;

  before(async () => {
    lab = await startLab();
    squid = await startSquid(lab.dir, { hosts: allTo(lab.service.host), connectPorts: [lab.service.port] });
    // mitmproxy in front of Squid: it inspects TLS and sends its CONNECTs on to Squid, which resolves the ATP names.
    mitm = await startMitmproxy(lab.dir, squid.port);
  });

  after(async () => {
    await Promise.all([mitm?.stop(), squid?.stop()]);
    await lab?.close();
  });

  it('intercepted, naming mitmproxy as the issuer, whether its CA is trusted or not; plain HTTP to the revocation lists passes', async () => {
    const plan = planOf(contosoManifest({ mode: 'static', server: `127.0.0.1:${mitm.port}` }, lab.service.port));
    const untrusted = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
    const trusted = await runConnectivityTest(plan, { extraCa: [lab.rootPem, await fs.readFile(mitm.caPem, 'utf8')] });
    for (const [report, trust] of [
      [untrusted, /does not trust it either/],
      [trusted, /This machine trusts it/],
    ] as const) {
      assert.deepStrictEqual(
        report.results.map((r) => r.host),
        CONTOSO_HOSTS,
      );
      // mitmproxy hands plain HTTP on to Squid: the lists are fetched, with no certificate to inspect.
      for (const result of report.results.filter((r) => r.kind === 'revocation')) {
        assert.deepStrictEqual([result.status, result.port, result.issuer, result.via], ['ok', 80, '', `127.0.0.1:${mitm.port}`], result.detail);
      }
      assert.ok(
        lab.revocation.seen.some((s) => /squid/i.test(s.via)),
        'the lists went on through Squid',
      );
      for (const result of report.results.filter((r) => r.kind !== 'revocation')) {
        assert.strictEqual(result.status, 'intercepted', `${result.host}: ${result.detail}`);
        assert.strictEqual(result.issuer, 'mitmproxy');
        assert.strictEqual(result.via, `127.0.0.1:${mitm.port}`);
        assert.match(result.detail, /issued by "mitmproxy"/);
        assert.match(result.detail, trust);
        assert.match(result.detail, /sslInspection/);
      }
    }
  });

  it('follows a PAC file: one host DIRECT, the others through Squid after a dead first choice', async () => {
    const dead = await freePort();
    const pac = await serveFile(
      [
        'function FindProxyForURL(url, host) {',
        '  if (host == "crl.microsoft.com") return "DIRECT";',
        `  return "PROXY 127.0.0.1:${dead}; PROXY 127.0.0.1:${squid.port}; DIRECT";`,
        '}',
      ].join('\n'),
    );
    try {
      const plan = planOf(contosoManifest({ mode: 'pac', pacUrl: `http://127.0.0.1:${pac.port}/proxy.pac` }, lab.service.port));
      const report = await runConnectivityTest(plan, {
        extraCa: [lab.rootPem],
        resolve: [{ host: 'crl.microsoft.com', port: REVOCATION_PORT, address: lab.service.host }],
      });
      for (const result of report.results) {
        assert.strictEqual(result.status, 'ok', `${result.host}: ${result.detail}`);
        if (result.host === 'crl.microsoft.com') {
          assert.strictEqual(result.via, 'DIRECT');
          assert.match(result.detail, /answered "DIRECT"/);
        } else {
          assert.strictEqual(result.via, `127.0.0.1:${squid.port}`);
          assert.match(result.detail, new RegExp(`Tried first: 127\\.0\\.0\\.1:${dead} \\(refused\\)`));
        }
      }
    } finally {
      await pac.close();
    }
  });

  it('wpad: the PAC URL given for discovery is used the same way', async () => {
    const pac = await serveFile(`function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${squid.port}"; }`);
    try {
      const plan = planOf(contosoManifest({ mode: 'wpad' }, lab.service.port), `http://127.0.0.1:${pac.port}/wpad.dat`);
      const report = await runConnectivityTest(plan, { extraCa: [lab.rootPem] });
      assert.deepStrictEqual(
        report.results.map((r) => `${r.status} ${r.via}`),
        CONTOSO_HOSTS.map(() => `ok 127.0.0.1:${squid.port}`),
      );
    } finally {
      await pac.close();
    }
  });

  it('a PAC file that cannot be fetched: WinINET connects directly, and the detail says why', async () => {
    const dead = await freePort();
    const plan = planOf(contosoManifest({ mode: 'pac', pacUrl: `http://127.0.0.1:${dead}/proxy.pac` }, lab.service.port));
    const report = await runConnectivityTest(plan, {
      extraCa: [lab.rootPem],
      resolve: CONTOSO_HOSTS.flatMap((host) => [lab.service.port, REVOCATION_PORT].map((port) => ({ host, port, address: lab.service.host }))),
    });
    for (const result of report.results) {
      assert.strictEqual(result.via, 'DIRECT');
      assert.match(result.detail, /cannot be used \(cannot fetch it: ECONNREFUSED\)/);
    }
  });
});
