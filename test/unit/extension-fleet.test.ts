import type * as sinon from 'sinon';
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FleetFilterCommand, ImportFleetCommand, OpenFleetReportCommand } from '../../src/extension/commands/fleet';
import { FleetModel } from '../../src/extension/fleet/fleetModel';
import { fleetNodes, type FleetNode } from '../../src/extension/fleet/fleetNodes';
import { fakeHost } from './support/fakeExtensionHost';
import { fakeFleetHost } from './support/fakeFleetHost';
import { json, preflightDocument } from './support/fleetDocuments';

function row(node: FleetNode): string {
  return `${node.icon} ${node.label}${node.description ? ` (${node.description})` : ''}`;
}

describe('Fleet view and commands', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-fleet-view-'));
    fs.writeFileSync(path.join(dir, 'DC01.json'), json(preflightDocument({ computer: 'DC01' })));
    fs.writeFileSync(path.join(dir, 'DC02.json'), json(preflightDocument({ computer: 'DC02', failing: { 'europe-cus-1.atp.azure.com': 'intercepted' } })));
    fs.writeFileSync(
      path.join(dir, 'DC03.json'),
      json(
        preflightDocument({
          computer: 'DC03',
          proxyConfig: { status: 'fail', detail: 'LocalSystem has no proxy' },
          failing: { 'crl.microsoft.com': 'proxy-denied' },
        }),
      ),
    );
    fs.writeFileSync(path.join(dir, 'DC04.json'), '{"schema": "atp-proxy-preflight/1", "computer": "DC04", "checks": [');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function setup() {
    const host = fakeHost();
    const fleetHost = fakeFleetHost();
    const model = new FleetModel(fleetHost);
    const deps = { model, host: fleetHost };
    return { host, fleetHost, model, deps };
  }

  it('Import Preflight Results… reads the folder picked into the view: failing machines first, a Files row for the unusable one', async () => {
    const { host, fleetHost, model, deps } = setup();
    fleetHost.folders.push(dir);
    let changes = 0;
    model.onDidChange(() => changes++);
    await new ImportFleetCommand(deps, host).execute(undefined);
    assert.strictEqual(changes, 1);
    assert.strictEqual(fleetHost.context.get('atpProxy.fleetImported'), true);
    const nodes = fleetNodes(model.imported!.report, model.failuresOnly);
    assert.deepStrictEqual(nodes.map(row), ['error DC03 (fail: 2 failing)', 'error DC02 (fail: 1 failing)', 'pass DC01 (pass)', 'warning Files (1 problem)']);
    assert.match(nodes[3].children![0].description!, /the JSON ends early/);
    const dc02 = nodes[1].children!;
    assert.deepStrictEqual(dc02.map(row).slice(0, 4), [
      'pass proxy-config (pass)',
      'pass mixed-methods (pass)',
      'pass root-certificate (pass)',
      'circle-slash localhost-444 (skip)',
    ]);
    assert.strictEqual(row(dc02[5]), 'shield europe-cus-1.atp.azure.com:443 (intercepted via proxy.contoso.com:8080)');
    assert.strictEqual(dc02[5].iconColor, 'problemsErrorIcon.foreground');
    // An unusable file is an error message that says where to look.
    const shown = (host.window.showErrorMessage as sinon.SinonSpy).firstCall.args[0] as string;
    assert.match(shown, /3 machines: 1 pass, 0 warn, 2 fail; 1 of 4 files could not be used\. See Files in the Fleet view\./);
  });

  it('Show Failures Only keeps failing machines and, under them, only what failed; Show All Machines brings the rest back', async () => {
    const { fleetHost, model } = setup();
    await model.import(dir);
    new FleetFilterCommand('atpProxy.fleetFailuresOnly', model).execute();
    assert.strictEqual(fleetHost.context.get('atpProxy.fleetFailuresOnly'), true);
    const nodes = fleetNodes(model.imported!.report, model.failuresOnly);
    assert.deepStrictEqual(
      nodes.map((n) => n.label),
      ['DC03', 'DC02', 'Files'],
    );
    assert.deepStrictEqual(nodes[0].children!.map(row), ['error proxy-config (fail)', 'error crl.microsoft.com:80 (proxy-denied via proxy.contoso.com:8080)']);
    new FleetFilterCommand('atpProxy.fleetShowAll', model).execute();
    assert.strictEqual(fleetHost.context.get('atpProxy.fleetFailuresOnly'), false);
    assert.strictEqual(fleetNodes(model.imported!.report, model.failuresOnly).length, 4);
  });

  it('Open Fleet Report shows the html page, with its own strict policy and no script, in the webview', async () => {
    const { host, fleetHost, deps } = setup();
    fleetHost.folders.push(dir);
    const html = await new OpenFleetReportCommand(deps, host).execute();
    assert.strictEqual(fleetHost.shown.length, 1, 'imports first when nothing was imported');
    assert.strictEqual(fleetHost.shown[0].title, `Fleet report: ${path.basename(dir)}`);
    assert.strictEqual(fleetHost.shown[0].html, html);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;; img-src data:">/,
    );
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<svg [^>]*class="matrix"/);
  });

  it('a dismissed folder dialog changes nothing', async () => {
    const { host, fleetHost, model, deps } = setup();
    fleetHost.folders.push(undefined);
    await assert.rejects(new ImportFleetCommand(deps, host).execute(undefined), { name: 'CancelledError' });
    assert.strictEqual(model.imported, undefined);
    assert.strictEqual(fleetHost.shown.length, 0);
  });
});
