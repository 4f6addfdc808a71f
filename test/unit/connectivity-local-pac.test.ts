import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as sinon from 'sinon';
import { run } from '../../src/cli/main';
import { localAddressKind } from '../../src/core/connectivity/localAddress';
import { FETCH_LOCAL_PAC, TestConnectivityCommand } from '../../src/extension/commands/testConnectivity';
import { CaFileReader } from '../../src/extension/connectivity/caFiles';
import { ReportActions } from '../../src/extension/connectivity/reportActions';
import { ResultStore } from '../../src/extension/connectivity/resultStore';
import { fakeHost } from './support/fakeExtensionHost';
import { MemoryIO } from './support/memoryIO';

// A manifest (or a workspace setting) whose PAC URL points at this machine would make the test fetch from local
// services (an admin API on 127.0.0.1, a metadata service on 169.254.169.254). Only with consent: the CLI's own
// --pac-url, or a modal question in VS Code. A real server on 127.0.0.1 counts what it was asked.

function pacManifest(pacUrl: string): string {
  return JSON.stringify({
    version: 1,
    instance: 'contoso',
    region: 'europe',
    proxy: { mode: 'pac', pacUrl, method: 'wininet' },
    firewall: { port: 443, allow: ['*.atp.azure.com'] },
  });
}

describe('PAC URLs on loopback or link-local addresses need consent', function () {
  this.timeout(20_000);
  let server: http.Server;
  let hits = 0;
  let url = '';
  before(async () => {
    server = http.createServer((_request, response) => {
      hits++;
      response.end('function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:1"; }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/proxy.pac`;
  });
  beforeEach(() => {
    hits = 0;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('knows loopback, link-local and this-host addresses in every spelling a URL allows', () => {
    for (const [u, kind] of [
      ['http://127.0.0.1/p', 'loopback'],
      ['http://127.1/p', 'loopback'],
      ['http://0x7f000001/p', 'loopback'],
      ['http://2130706433/p', 'loopback'],
      ['http://[::1]/p', 'loopback'],
      ['http://[::ffff:127.0.0.1]/p', 'loopback'],
      ['http://LOCALHOST./p', 'loopback'],
      ['http://pac.localhost/p', 'loopback'],
      ['http://169.254.169.254/latest', 'link-local'],
      ['http://[fe80::1]/p', 'link-local'],
      ['http://[febf::1]/p', 'link-local'],
      ['http://[::ffff:169.254.1.1]/p', 'link-local'],
      ['http://0.0.0.0/p', 'this-host'],
      ['http://[::]/p', 'this-host'],
      ['http://10.0.0.1/p', undefined],
      ['http://[fec0::1]/p', undefined],
      ['http://proxy.contoso.com/proxy.pac', undefined],
      ['not a url', undefined],
    ] as const)
      assert.strictEqual(localAddressKind(u), kind, u);
  });

  it("CLI: a manifest's loopback PAC URL is refused before anything is fetched; --pac-url is consent", async () => {
    const refused = new MemoryIO({ 'm.atpproxy.json': pacManifest(url) });
    assert.strictEqual(await run(['test', '--timeout', '2000', 'm.atpproxy.json'], refused), 2);
    assert.match(refused.err, /points at this machine \(a loopback address\).*give it with --pac-url/);
    assert.strictEqual(hits, 0);
    const consented = new MemoryIO({ 'm.atpproxy.json': pacManifest(url) });
    assert.strictEqual(await run(['test', '--timeout', '2000', '--pac-url', url, 'm.atpproxy.json'], consented), 1);
    assert.strictEqual(hits, 1);
  });

  it('CLI: a link-local one (a cloud metadata service) too', async () => {
    const io = new MemoryIO({ 'm.atpproxy.json': pacManifest('http://169.254.169.254/latest/meta-data/') });
    assert.strictEqual(await run(['test', 'm.atpproxy.json'], io), 2);
    assert.match(io.err, /link-local/);
  });

  it('VS Code: a modal question first; dismissed, nothing is fetched; confirmed, the test runs', async () => {
    const file = { uri: 'file:///ws/lab.atpproxy.jsonc', name: 'lab.atpproxy.jsonc', relativeDir: '' };
    const host = fakeHost({ [file.uri]: pacManifest(url) });
    host.settings['connectivity.timeout'] = 2000;
    const results = new ResultStore();
    const deps = {
      ...host,
      manifests: { list: async () => [file] },
      results,
      reports: new ReportActions({ results, ui: host.ui, files: host.files }),
      caFiles: new CaFileReader(host.ui),
    };
    host.answers.push(undefined);
    await assert.rejects(new TestConnectivityCommand(deps).execute(file), { name: 'CancelledError' });
    const question = (host.ui.ask as sinon.SinonSpy).firstCall.args;
    assert.deepStrictEqual([question[0], question[2].modal, question[3]], ['warning', true, FETCH_LOCAL_PAC]);
    assert.match(question[1], /127\.0\.0\.1.*loopback/);
    assert.strictEqual(hits, 0);
    host.answers.push(FETCH_LOCAL_PAC, undefined);
    const report = await new TestConnectivityCommand(deps).execute(file);
    assert.strictEqual(hits, 1);
    assert.strictEqual(report.results[0].via, '127.0.0.1:1');
  });
});
