import * as assert from 'assert';
import { reportJson, reportText } from '../../src/cli/commands/test-report';
import { runConnectivityTest } from '../../src/core/connectivity/run';
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
