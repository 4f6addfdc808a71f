// The Manifests view's rows, computed without VS Code from each example manifest and test results.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ProbeResult } from '../../src/core/connectivity';
import { ResultStore } from '../../src/extension/connectivity/resultStore';
import { statusText } from '../../src/extension/statusText';
import { buildManifestView, testSummaryOf, verdictIcon, type EndpointState, type NodeInfo } from '../../src/extension/views/manifestNodes';
import { ManifestViews } from '../../src/extension/views/manifestViews';
import { fakeHost, manifestFile } from './support/fakeExtensionHost';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(ROOT, 'examples');

function child(nodes: NodeInfo[], id: string): NodeInfo {
  const node = nodes.find((n) => n.id === id);
  assert.ok(node, `no row ${id} in ${nodes.map((n) => n.id).join(', ')}`);
  return node;
}

function result(host: string, status: ProbeResult['status'], ms = 12): ProbeResult {
  return {
    host,
    port: 443,
    status,
    ms,
    via: 'proxy.contoso.com:8080',
    issuer: 'Microsoft Azure TLS Issuing CA 01',
    detail: `${status} detail`,
    kind: 'sensorApi',
  };
}

describe('extension: Manifests view rows', () => {
  for (const name of fs.readdirSync(EXAMPLES).filter((f) => /\.atpproxy\.jsonc?$/.test(f))) {
    it(`${name}: instance, endpoints, proxy, registry, firewall and findings rows, each pointing into the text`, () => {
      const text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
      const view = buildManifestView(manifestFile(name), text);
      assert.deepStrictEqual(
        view.nodes.map((n) => n.id),
        ['instance', 'endpoints', 'proxy', 'registry', 'firewall', 'findings'],
      );
      const endpoints = child(view.nodes, 'endpoints').children ?? [];
      assert.ok(endpoints.length >= 4, `${endpoints.length} endpoints`);
      for (const e of endpoints) {
        assert.strictEqual(e.kind, 'endpoint');
        assert.strictEqual(e.contextValue, 'atpProxy.endpoint');
        // The row is the allow entry (a host, a wildcard or a URL pattern); `host` is what Test This Endpoint reaches.
        assert.ok(e.host && e.label.toLowerCase().startsWith(e.host.replace(/^\*\./, '*.')));
        assert.ok(e.offset !== undefined && e.offset >= 0 && e.offset < text.length, `${e.host} points nowhere`);
      }
      const walk = (nodes: NodeInfo[]): void => {
        for (const n of nodes) {
          if (n.offset !== undefined) assert.ok(n.offset + (n.length ?? 0) <= text.length, `${n.id} points past the end`);
          walk(n.children ?? []);
        }
      };
      walk(view.nodes);
      assert.strictEqual(child(view.nodes, 'findings').children?.length, view.findings.length);
    });
  }

  it('contoso-review: the missing sensor API endpoint is "not allowed", and the ATP111 finding points at allow', () => {
    const text = fs.readFileSync(path.join(EXAMPLES, 'contoso-review.atpproxy.jsonc'), 'utf8');
    const view = buildManifestView(manifestFile('contoso-review.atpproxy.jsonc'), text);
    const missing = child(child(view.nodes, 'endpoints').children ?? [], 'endpoint:contoso-corpsensorapi.atp.azure.com');
    assert.strictEqual(missing.description, 'not allowed');
    assert.match(missing.tooltip ?? '', /Not in firewall\.allow/);
    const allowed = child(child(view.nodes, 'endpoints').children ?? [], 'endpoint:www.microsoft.com/pkiops/*');
    assert.strictEqual(text.slice(allowed.offset, (allowed.offset ?? 0) + (allowed.length ?? 0)), '"www.microsoft.com/pkiops/*"');
    const findings = child(view.nodes, 'findings');
    assert.match(findings.description ?? '', /1 error/);
    assert.ok(findings.children?.some((f) => f.label.startsWith('ATP111')));
    assert.strictEqual(child(view.nodes, 'instance').description, 'commercial · sensor v2 · current guidance');
    assert.strictEqual(child(view.nodes, 'proxy').description, 'static proxy.contoso.com:8080 · method sensor');
    assert.match(child(view.nodes, 'firewall').description ?? '', /^port 443 · 4 allow entries · SSL inspection none$/);
  });

  it('the Instance row names the guidance and sensor; the Proxy row the method and the proxy account', () => {
    const sensor = buildManifestView(manifestFile('s.atpproxy.jsonc'), fs.readFileSync(path.join(EXAMPLES, 'contoso-sensor.atpproxy.jsonc'), 'utf8'));
    const proxyRows = child(sensor.nodes, 'proxy').children ?? [];
    assert.match(child(proxyRows, 'proxy.method').description ?? '', /^sensor: the sensor's own configuration/);
    assert.strictEqual(child(proxyRows, 'proxy.user').description, 'CONTOSO\\svc-mdi-proxy');
    const legacy = buildManifestView(manifestFile('l.atpproxy.jsonc'), fs.readFileSync(path.join(EXAMPLES, 'contoso-2018.atpproxy.jsonc'), 'utf8'));
    assert.match(child(legacy.nodes, 'instance').description ?? '', /· 2018 guidance$/);
    assert.match(child(legacy.nodes, 'instance').tooltip ?? '', /the 2018 Azure ATP article/);
    assert.match(child(child(legacy.nodes, 'proxy').children ?? [], 'proxy.method').description ?? '', /^wininet: .*\(legacy\)$/);
    const transparent = buildManifestView(manifestFile('t.atpproxy.json'), '{ "version": 1, "instance": "x", "proxy": { "mode": "transparent" } }');
    assert.ok(!(child(transparent.nodes, 'proxy').children ?? []).some((r) => r.id === 'proxy.method'), 'no method row where none is in effect');
  });

  it('a manifest with a syntax error still gets rows, with ATP100 among the findings', () => {
    const view = buildManifestView(manifestFile('b.atpproxy.jsonc'), '{ "version": 1, "instance": "x" "region": "us" }');
    assert.ok(view.findings.some((f) => f.code === 'ATP100'));
    assert.strictEqual(child(view.nodes, 'instance').label, 'Instance: x');
  });

  it('shows each verdict with its icon, color, time and detail; a summary per manifest', () => {
    const text = fs.readFileSync(path.join(EXAMPLES, 'contoso-2018.atpproxy.jsonc'), 'utf8');
    const results = new Map<string, EndpointState>([
      ['contoso-corpsensorapi.atp.azure.com', result('contoso-corpsensorapi.atp.azure.com', 'ok', 31)],
      ['contoso-corp.atp.azure.com', result('contoso-corp.atp.azure.com', 'proxy-denied', 7)],
      ['crl.microsoft.com', 'running' as const],
    ]);
    const view = buildManifestView(manifestFile('contoso-2018.atpproxy.jsonc'), text, results);
    const rows = child(view.nodes, 'endpoints').children ?? [];
    const ok = child(rows, 'endpoint:contoso-corpsensorapi.atp.azure.com');
    assert.deepStrictEqual([ok.icon, ok.iconColor, ok.description], ['pass', 'testing.iconPassed', 'ok · 31 ms · port 443']);
    assert.match(ok.tooltip ?? '', /ok in 31 ms via proxy\.contoso\.com:8080 \(port 443\), certificate issued by Microsoft Azure TLS Issuing CA 01/);
    const denied = child(rows, 'endpoint:contoso-corp.atp.azure.com');
    assert.deepStrictEqual([denied.icon, denied.iconColor], ['circle-slash', 'testing.iconFailed']);
    assert.match(denied.tooltip ?? '', /proxy-denied detail/);
    assert.strictEqual(child(rows, 'endpoint:crl.microsoft.com').icon, 'loading~spin');
    assert.strictEqual(child(rows, 'endpoint:www.microsoft.com').icon, 'circle-large-outline');
    assert.strictEqual(view.testSummary, 'testing 2/7');
    for (const status of ['dns', 'refused', 'timeout', 'proxy-auth', 'tls', 'intercepted', 'http'] as const) {
      assert.notStrictEqual(verdictIcon(result('h', status)).icon, 'pass');
    }
  });

  it('revocation lists: one row per allow entry (two on www.microsoft.com), each with its own verdict, port 80 and URL', () => {
    const text = JSON.stringify({
      version: 1,
      instance: 'contoso',
      proxy: { mode: 'static', method: 'sensor', server: 'proxy.contoso.com:8080' },
      firewall: {
        port: 443,
        allow: ['contososensorapi.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'],
      },
    });
    const list = (entry: string, status: ProbeResult['status']): ProbeResult => ({
      host: 'www.microsoft.com',
      entry,
      url: `http://www.microsoft.com/${entry.split('/')[1]}/x.crl`,
      port: 80,
      status,
      ms: 5,
      via: 'proxy.contoso.com:8080',
      issuer: '',
      detail: `${status} detail`,
      kind: 'revocation',
    });
    const results = new Map<string, EndpointState>([
      ['www.microsoft.com/pkiops/*', list('www.microsoft.com/pkiops/*', 'ok')],
      ['www.microsoft.com/pki/*', list('www.microsoft.com/pki/*', 'proxy-denied')],
    ]);
    const rows = child(buildManifestView(manifestFile('c.atpproxy.json'), text, results).nodes, 'endpoints').children ?? [];
    const pkiops = child(rows, 'endpoint:www.microsoft.com/pkiops/*');
    const pki = child(rows, 'endpoint:www.microsoft.com/pki/*');
    assert.deepStrictEqual(
      [pkiops.label, pkiops.host, pkiops.icon, pkiops.description],
      ['www.microsoft.com/pkiops/*', 'www.microsoft.com/pkiops/*', 'pass', 'ok · 5 ms · port 80'],
    );
    assert.deepStrictEqual([pki.icon, pki.description], ['circle-slash', 'proxy-denied · 5 ms · port 80']);
    assert.match(pki.tooltip ?? '', /via proxy\.contoso\.com:8080 \(port 80, GET http:\/\/www\.microsoft\.com\/pki\/x\.crl\)\.\n/);
    assert.doesNotMatch(pki.tooltip ?? '', /certificate issued/);
    assert.strictEqual(child(rows, 'endpoint:crl.microsoft.com').description, 'not tested');
  });

  it('summarizes finished runs by status', () => {
    const hosts = ['a', 'b', 'c'];
    assert.strictEqual(testSummaryOf(hosts, new Map()), undefined);
    assert.strictEqual(
      testSummaryOf(
        hosts,
        new Map([
          ['a', result('a', 'ok')],
          ['b', result('b', 'tls')],
          ['c', result('c', 'tls')],
        ]),
      ),
      '1 of 3 ok, 2 tls',
    );
  });

  it('the status bar text counts findings and shows the last test', () => {
    const view = buildManifestView(manifestFile('r.atpproxy.jsonc'), fs.readFileSync(path.join(EXAMPLES, 'contoso-review.atpproxy.jsonc'), 'utf8'));
    assert.strictEqual(statusText(view).text, '$(shield) ATP $(error) 1 · not tested');
    const clean = buildManifestView(manifestFile('s.atpproxy.jsonc'), fs.readFileSync(path.join(EXAMPLES, 'contoso-2018.atpproxy.jsonc'), 'utf8'));
    assert.match(statusText({ ...clean, testSummary: '7 of 7 ok' }).text, /^\$\(shield\) ATP \$\(check\) 0 · 7 of 7 ok$/);
  });

  it('caches a manifest’s rows until its text or its results change', async () => {
    const file = manifestFile('a.atpproxy.json');
    const host = fakeHost({ [file.uri]: '{ "version": 1, "instance": "one" }' });
    const results = new ResultStore();
    const views = new ManifestViews(host.files, host.documents, results);
    const changes: string[] = [];
    views.onDidChange((uri) => changes.push(uri));
    assert.strictEqual(child((await views.get(file)).nodes, 'instance').label, 'Instance: one');
    host.files.map.set(file.uri, '{ "version": 1, "instance": "two" }');
    assert.strictEqual(child((await views.get(file)).nodes, 'instance').label, 'Instance: one', 'read again without a change event');
    host.textChanged.fire(file.uri);
    assert.strictEqual(child((await views.get(file)).nodes, 'instance').label, 'Instance: two');
    results.record(file.uri, result('twosensorapi.atp.azure.com', 'ok'));
    assert.deepStrictEqual(changes, [file.uri, file.uri]);
    views.dispose();
  });

  it('tells listeners again when the text changed while rows were being built', async () => {
    const file = manifestFile('a.atpproxy.json');
    const host = fakeHost({ [file.uri]: '{ "version": 1, "instance": "one" }' });
    const views = new ManifestViews(host.files, host.documents, new ResultStore());
    const changes: string[] = [];
    views.onDidChange((uri) => changes.push(uri));
    const stale = views.get(file);
    host.textChanged.fire(file.uri); // a revert lands before the read finishes
    await stale;
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(changes, [file.uri, file.uri]);
    const fresh = views.get(file);
    await fresh;
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.strictEqual(changes.length, 2, 'a current build must not fire again');
    views.dispose();
  });
});
