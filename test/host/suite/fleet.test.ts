// The Fleet view's commands in a real extension host: a folder of results imported, the html report in a webview.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FakeableServices } from '../../../src/extension/api';
import { json, preflightDocument } from '../../unit/support/fleetDocuments';
import { testingApi, waitForEvent } from './support';

/** Resolves once the tab list says `predicate` (now or after a change): tabs are reported after the panel opens. */
async function tabsWhere(predicate: () => boolean, what: string): Promise<void> {
  const allTabs = (): string =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => `${t.label} ${t.input instanceof vscode.TabInputWebview ? t.input.viewType : ''}`)
      .join('; ');
  if (!predicate()) await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, predicate, `${what} (tabs: ${allTabs()})`);
}

function fleetTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('atpProxy.fleetReport'));
}

describe('Fleet view', () => {
  let dir: string;
  let restore: (() => void) | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-fleet-host-'));
    fs.writeFileSync(path.join(dir, 'DC01.json'), json(preflightDocument({ computer: 'DC01' })));
    fs.writeFileSync(path.join(dir, 'DC02.json'), json(preflightDocument({ computer: 'DC02', failing: { 'crl.microsoft.com': 'proxy-denied' } })));
    fs.writeFileSync(path.join(dir, 'DC03.json'), '{"schema": "atp-proxy-preflight/1", "computer": "DC03", "che');
  });
  after(() => {
    restore?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Import Preflight Results reads a folder; Open Fleet Report shows its html in a webview', async () => {
    const errors: string[] = [];
    const window: FakeableServices['window'] = { showErrorMessage: (m) => errors.push(m), showInformationMessage: (m) => errors.push(`info: ${m}`) };
    restore = testingApi().fake({ window });
    await vscode.commands.executeCommand('atpProxy.importFleet', undefined, vscode.Uri.file(dir).toString());
    assert.deepStrictEqual(errors, [
      'Fleet report (manifest contoso.atpproxy.jsonc): 2 machines: 1 pass, 0 warn, 1 fail; 1 of 3 files could not be used. See Files in the Fleet view.',
    ]);
    const html = await vscode.commands.executeCommand<string>('atpProxy.openFleetReport');
    assert.match(html, /<svg [^>]*class="matrix"/);
    assert.match(html, /DC03\.json<\/td><td>the JSON ends early/);
    await tabsWhere(() => fleetTabs().length === 1, 'one webview panel with the report');
    assert.strictEqual(fleetTabs()[0].label, `Fleet report: ${path.basename(dir)}`);
    await vscode.commands.executeCommand('atpProxy.openFleetReport');
    assert.strictEqual(fleetTabs().length, 1, 'the panel is reused');
  });
});
