// The Manifests view, the status bar and row clicks in a real extension host.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ManifestNode } from '../../../src/extension/views/manifestNodes';
import { testingApi, theExtension, waitForEvent, workspaceFile } from './support';

const SECTIONS = ['instance', 'endpoints', 'proxy', 'registry', 'firewall', 'findings'];

function examplesDir(): string {
  return path.join(theExtension().extensionPath, 'examples');
}

function rootRow(uri: vscode.Uri): ManifestNode {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri: uri.toString(), name, relativeDir: '', node: { id: 'manifest', kind: 'manifest', label: name, contextValue: 'atpProxy.manifest' } };
}

async function rows(element?: ManifestNode): Promise<ManifestNode[]> {
  return testingApi().manifestRows(element);
}

function find(nodes: ManifestNode[], id: string): ManifestNode {
  const node = nodes.find((n) => n.node.id === id);
  assert.ok(node, `no row ${id} among ${nodes.map((n) => n.node.id).join(', ')}`);
  return node;
}

describe('the Manifests view', () => {
  before(async () => {
    await theExtension().activate();
  });

  it('lists the workspace manifests with their findings', async () => {
    const roots = await rows();
    assert.deepStrictEqual(
      roots.map((r) => r.name),
      ['broken.atpproxy.jsonc', 'contoso.atpproxy.json'],
    );
    assert.match(roots[0].node.description ?? '', /error/);
    assert.match(roots[1].node.description ?? '', /^sites\/europe · no problems$/);
    const item = testingApi().treeItem(roots[1]);
    assert.strictEqual(item.contextValue, 'atpProxy.manifest');
    assert.strictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });

  for (const name of fs.readdirSync(path.join(__dirname, '../../../../examples')).filter((f) => /\.atpproxy\.jsonc?$/.test(f))) {
    it(`shows ${name}: instance, endpoints with verdict icons, proxy, registry, firewall, findings`, async () => {
      const root = rootRow(vscode.Uri.file(path.join(examplesDir(), name)));
      const sections = await rows(root);
      assert.deepStrictEqual(
        sections.map((s) => s.node.id),
        SECTIONS,
      );
      const endpoints = await rows(find(sections, 'endpoints'));
      assert.ok(endpoints.length >= 4);
      for (const e of endpoints) {
        const item = testingApi().treeItem(e);
        assert.strictEqual(item.contextValue, 'atpProxy.endpoint');
        assert.ok(item.iconPath instanceof vscode.ThemeIcon, `${e.node.label} has no theme icon`);
        assert.strictEqual(item.command?.command, 'atpProxy.reveal');
      }
      const proxy = await rows(find(sections, 'proxy'));
      assert.strictEqual(proxy[0].node.label, 'Mode');
      const findings = find(sections, 'findings');
      assert.ok(findings.node.description);
    });
  }

  it('reveals a row’s range when it is clicked', async () => {
    const uri = workspaceFile('sites', 'europe', 'contoso.atpproxy.json');
    const endpoints = await rows(find(await rows(rootRow(uri)), 'endpoints'));
    const row = find(endpoints, 'endpoint:triprd1wceuw1sensorapi.atp.azure.com');
    const item = testingApi().treeItem(row);
    assert.ok(item.command);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === uri.toString());
    assert.strictEqual(editor.document.getText(editor.selection), '"triprd1wceuw1sensorapi.atp.azure.com"');
  });

  it('follows edits: removing an allow entry marks the endpoint "not allowed" and counts the finding', async () => {
    const uri = workspaceFile('sites', 'europe', 'contoso.atpproxy.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.lineAt(
      doc
        .getText()
        .split('\n')
        .findIndex((l) => l.includes('"triprd1wceuw1sensorapi.atp.azure.com",')),
    );
    const changed = waitForEvent(testingApi().onDidChangeRows, (u) => u === uri.toString(), 'the rows of contoso.atpproxy.json to change');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(uri, line.rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await changed;
    const sections = await rows(rootRow(uri));
    const endpoint = find(await rows(find(sections, 'endpoints')), 'endpoint:triprd1wceuw1sensorapi.atp.azure.com');
    assert.strictEqual(endpoint.node.description, 'not allowed');
    assert.match(find(sections, 'findings').node.description ?? '', /1 error/);
    assert.match((await testingApi().statusText()) ?? '', /^\$\(shield\) ATP \$\(error\) 1 · not tested$/);
    const reverted = waitForEvent(testingApi().onDidChangeRows, (u) => u === uri.toString(), 'the rows to change back after the revert');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.strictEqual(doc.isDirty, false);
    await reverted;
    const after = await rows(rootRow(uri));
    assert.strictEqual(find(await rows(find(after, 'endpoints')), 'endpoint:triprd1wceuw1sensorapi.atp.azure.com').node.description, 'not tested');
    assert.match((await rows()).find((r) => r.name === 'contoso.atpproxy.json')?.node.description ?? '', /no problems/);
  });

  it('shows the status bar item only for manifests', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('notes.json')));
    assert.strictEqual(await testingApi().statusText(), undefined);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('sites', 'europe', 'contoso.atpproxy.json')));
    assert.match((await testingApi().statusText()) ?? '', /\$\(check\) 0/);
  });
});

// Issue 18: the extension host reads manifests with the CLI's checks. A FIFO used to block the read forever; a
// manifest over 10 MB was validated in the extension host (200,000 allow entries: 17 s).
describe('manifests the extension host refuses to read', () => {
  let dir: string;
  before(async () => {
    await theExtension().activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-input-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a FIFO: refused at once with the reason, not a read that never ends', async () => {
    const fifo = path.join(dir, 'pipe.atpproxy.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await assert.rejects(
      rows(rootRow(vscode.Uri.file(fifo))),
      /pipe\.atpproxy\.json: it is not a regular file \(a FIFO, socket or device would block or never end\)/,
    );
    assert.ok(Date.now() - started < 2000);
  });

  it('a file over 10 MB: refused before it is read', async () => {
    const big = path.join(dir, 'big.atpproxy.json');
    fs.writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
    await assert.rejects(rows(rootRow(vscode.Uri.file(big))), /big\.atpproxy\.json is 10\.0 MB, over the 10 MB manifest limit/);
  });
});
