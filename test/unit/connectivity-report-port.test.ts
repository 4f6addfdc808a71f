import * as assert from 'assert';
import { reportJson, reportText } from '../../src/cli/commands/test-report';
import { runConnectivityTest, type ConnectivityOptions } from '../../src/core/connectivity/run';
import { buildTestPlan, TestPlan } from '../../src/core/connectivity/testPlan';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { summarize } from '../../src/core/usecases/connectivitySummary';
import { markdownReport } from '../../src/extension/connectivity/markdownReport';

function plan(): TestPlan {
  const text = JSON.stringify({ version: 1, instance: 'contoso', proxy: { mode: 'direct' }, firewall: { port: 443, allow: [] } });
  const result = buildTestPlan(settingsOf(parseManifest(text).manifest));
  if ('problem' in result) assert.fail(result.problem);
  return result;
}

describe('connectivity reports: the port of each result', () => {
  // The probe is replaced (run's scheduling seam): the formats are under test, fed every endpoint the plan has.
  async function report(): ReturnType<typeof runConnectivityTest> {
    return runConnectivityTest(plan(), {
      probe: (endpoint) =>
        Promise.resolve({
          host: endpoint.host,
          port: endpoint.port,
          kind: endpoint.kind,
          ...(endpoint.entry ? { entry: endpoint.entry } : {}),
          ...(endpoint.probeUrl ? { url: endpoint.probeUrl } : {}),
          status: 'ok' as const,
          ms: 3,
          via: 'DIRECT',
          issuer: endpoint.probeUrl ? '' : 'Microsoft Azure TLS Issuing CA 01',
          detail: 'fine',
        }),
    });
  }

  it('Markdown (Show/Save Connectivity Report): 443 for the service, 80 for each revocation entry, no issuer for them', async () => {
    const markdown = markdownReport(await report(), 'c.atpproxy.json', new Date(0), 'direct');
    const rows = markdown.split('\n').filter((l) => l.startsWith('| ✅'));
    assert.deepStrictEqual(rows, [
      '| ✅ ok | contososensorapi\\.atp\\.azure\\.com | 443 | 3 | DIRECT | Microsoft Azure TLS Issuing CA 01 |',
      '| ✅ ok | crl\\.microsoft\\.com | 80 | 3 | DIRECT | – |',
      '| ✅ ok | ctldl\\.windowsupdate\\.com | 80 | 3 | DIRECT | – |',
      '| ✅ ok | www\\.microsoft\\.com\\/pkiops\\/\\* | 80 | 3 | DIRECT | – |',
      '| ✅ ok | www\\.microsoft\\.com\\/pki\\/\\* | 80 | 3 | DIRECT | – |',
    ]);
    assert.match(markdown, /^- \*\*www\\\.microsoft\\\.com\\\/pki\\\/\\\*\*\* \(port 80, ok\): fine$/m);
  });

  it('text and JSON (atp-proxy test): the PORT column, and port 80 with the URL in JSON', async () => {
    const r = await report();
    const text = reportText(r, 'c.atpproxy.json', summarize(r));
    assert.match(text, /^ok\s+www\.microsoft\.com\/pkiops\/\*\s+80\s+3\s+DIRECT\s+-$/m);
    assert.match(text, /^ok\s+contososensorapi\.atp\.azure\.com\s+443\s+3\s+DIRECT\s+Microsoft Azure TLS Issuing CA 01$/m);
    const json = JSON.parse(reportJson(r, 'c.atpproxy.json', summarize(r))) as { results: Record<string, unknown>[] };
    assert.deepStrictEqual(
      json.results.map((x) => [x.port, 'issuer' in x, typeof x.url]),
      [[443, true, 'undefined'], ...Array(4).fill([80, false, 'string'])],
    );
  });
});

describe('connectivity reports: sensor v3', () => {
  function v3Plan(cloud: string): TestPlan {
    const text = JSON.stringify({
      version: 1,
      sensor: 'v3',
      instance: 'contoso',
      cloud,
      proxy: { mode: 'static', method: 'policy', server: 'proxy:8080' },
      firewall: { port: 443, allow: [] },
    });
    const result = buildTestPlan(settingsOf(parseManifest(text).manifest));
    if ('problem' in result) assert.fail(result.problem);
    return result;
  }
  const probe: ConnectivityOptions['probe'] = (endpoint) =>
    Promise.resolve({
      host: endpoint.host,
      port: endpoint.port,
      kind: endpoint.kind,
      ...(endpoint.entry ? { entry: endpoint.entry } : {}),
      status: 'ok' as const,
      ms: 3,
      via: 'proxy:8080',
      issuer: '',
      detail: 'fine',
    });

  it('names the host tested beside its wildcard', async () => {
    const r = await runConnectivityTest(v3Plan('commercial'), { probe });
    const text = reportText(r, 'v3.atpproxy.json', summarize(r));
    assert.match(text, /^ok\s+mdav\.us\.endpoint\.security\.microsoft\.com \(\*\.endpoint\.security\.microsoft\.com\)\s+443\s+3\s+proxy:8080/m);
    assert.match(markdownReport(r, 'v3.atpproxy.json', new Date(0), 'proxy'), /\| mdav\\\.us\\\.endpoint\\\.security\\\.microsoft\\\.com \\\(\\\*\\\.endpoint/);
  });

  it('gcc: the untested entry in every format, aligned in the table, not counted as a failure', async () => {
    const r = await runConnectivityTest(v3Plan('gcc'), { probe });
    const summary = summarize(r);
    assert.strictEqual(summary.passed, true);
    const text = reportText(r, 'v3.atpproxy.json', summary);
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('STATUS'));
    const untested = lines.find((l) => l.startsWith('untested'));
    assert.ok(header && untested);
    assert.strictEqual(untested.indexOf(' 443 '), header.indexOf('PORT') - 1, text);
    assert.match(text, /names no concrete host under \*\.endpoint\.security\.microsoft\.us for the gcc cloud/);
    assert.match(text, /4 of 4 endpoints ok, 1 not testable \(\*\.endpoint\.security\.microsoft\.us\); \d+ ms\./);
    const json = JSON.parse(reportJson(r, 'v3.atpproxy.json', summary)) as { untested: { entry: string; port: number; detail: string }[] };
    assert.deepStrictEqual(
      json.untested.map((u) => [u.entry, u.port]),
      [['*.endpoint.security.microsoft.us', 443]],
    );
    assert.match(
      markdownReport(r, 'v3.atpproxy.json', new Date(0), 'proxy'),
      /^\| ➖ not testable \| \\\*\\\.endpoint\\\.security\\\.microsoft\\\.us \| 443 \|/m,
    );
  });
});
