import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ensureCliBundle, runCli } from './support/cli-bundle';
import { allTo, CONTOSO_HOSTS, contosoManifest, Lab, startLab } from './support/lab';
import { freePort } from './support/ports';
import { Squid, startSquid } from './support/squid';

const DELAY_MS = 800;

interface JsonReport {
  results: { host: string; port: number; url?: string; status: string; ms: number; via: string; issuer?: string; detail: string }[];
}

describe('atp-proxy test end to end (node bin/atp-proxy.js through a real Squid)', function () {
  this.timeout(60000);
  let lab: Lab;
  let squid: Squid;
  let manifest: string;
  const proxyName = 'corp-proxy.lab.invalid';

  before(async function () {
    this.timeout(300000);
    await ensureCliBundle();
    // Every connection to the service waits DELAY_MS before its handshake: sequential probes would take 7 × DELAY_MS.
    lab = await startLab({ delayMs: DELAY_MS });
    squid = await startSquid(lab.dir, { hosts: allTo(lab.service.host), connectPorts: [lab.service.port] });
    manifest = path.join(lab.dir, 'contoso.atpproxy.json');
    await fs.writeFile(manifest, contosoManifest({ mode: 'static', server: `${proxyName}:${squid.port}`, bypass: ['<local>'] }, lab.service.port));
  });

  after(async () => {
    await squid?.stop();
    await lab?.close();
  });

  it('exit 0, the JSON of SPEC section 6 with ok for every endpoint, all tested concurrently', async () => {
    const run = await runCli(['test', '--format', 'json', '--ca', lab.pki.rootPem, '--resolve', `${proxyName}:${squid.port}:127.0.0.1`, manifest]);
    assert.strictEqual(run.code, 0, run.stderr + run.stdout);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepStrictEqual(
      report.results.map((r) => r.host),
      CONTOSO_HOSTS,
    );
    const service = report.results.filter((r) => r.url === undefined);
    assert.strictEqual(service.length, 4);
    for (const result of service) {
      assert.deepStrictEqual(Object.keys(result), ['host', 'port', 'status', 'ms', 'via', 'issuer', 'detail']);
      assert.deepStrictEqual(
        [result.status, result.port, result.via, result.issuer],
        ['ok', lab.service.port, `${proxyName}:${squid.port}`, 'Microsoft Azure TLS Issuing CA 01'],
        result.detail,
      );
      assert.ok(result.ms >= DELAY_MS - 50, `${result.host} took ${result.ms} ms: the delay applied`);
    }
    // The revocation lists: a plain GET on 80 through the same proxy, their URL instead of an issuer.
    for (const result of report.results.filter((r) => r.url !== undefined)) {
      assert.deepStrictEqual(Object.keys(result), ['host', 'port', 'url', 'status', 'ms', 'via', 'detail']);
      assert.deepStrictEqual([result.status, result.port, result.via], ['ok', 80, `${proxyName}:${squid.port}`], result.detail);
    }
    const sum = service.reduce((total, r) => total + r.ms, 0);
    assert.ok(run.ms < service.length * DELAY_MS * 0.75, `wall time ${run.ms} ms (sum of service endpoint times ${sum} ms): the endpoints ran in parallel`);
  });

  it('exit 1 with a readable table when the proxy is down', async () => {
    const dead = await freePort();
    const file = path.join(lab.dir, 'dead.atpproxy.json');
    await fs.writeFile(file, contosoManifest({ mode: 'static', server: `127.0.0.1:${dead}` }, lab.service.port));
    const run = await runCli(['test', '--timeout', '5000', file]);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.match(run.stdout, /STATUS\s+HOST/);
    for (const host of CONTOSO_HOSTS) assert.match(run.stdout, new RegExp(`refused\\s+${host.replace(/\./g, '\\.')}`));
    assert.match(run.stdout, /0 of 7 endpoints ok, 7 failed \(7 refused\)/);
  });

  it('exit 2 with the reason for a missing file or a manifest that cannot be planned', async () => {
    const missing = await runCli(['test', path.join(lab.dir, 'nope.json')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
    const file = path.join(lab.dir, 'noinstance.atpproxy.json');
    await fs.writeFile(file, JSON.stringify({ version: 1, region: 'europe', proxy: { mode: 'direct' }, firewall: { port: 443 } }));
    const planless = await runCli(['test', '--format', 'json', file]);
    assert.strictEqual(planless.code, 2);
    assert.match(planless.stderr, /no "instance"/);
    assert.strictEqual(planless.stdout, '');
  });
});
