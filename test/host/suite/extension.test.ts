import * as assert from 'assert';
import * as vscode from 'vscode';
import { recordActivation } from './activationRecord';
import { codeOf, hasCode, testingApi, theExtension, waitForDiagnostics, waitForEvent, workspaceFile } from './support';

// Order matters for the first test only: it proves activation happens on opening a manifest.
describe('ATP Sensor Proxy in a real VS Code extension host', () => {
  it('stays inactive until a manifest is opened, then activates with the manifest language', async () => {
    const ext = theExtension();
    assert.strictEqual(ext.isActive, false, 'activated before any manifest was opened (is there a `*` activation event?)');

    const doc = await vscode.workspace.openTextDocument(workspaceFile('broken.atpproxy.jsonc'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'atp-proxy-manifest');

    // Diagnostics arrive only once the extension is active and its server runs.
    await waitForDiagnostics(doc.uri, (ds) => hasCode(ds, 'ATP100'), 'ATP100 on broken.atpproxy.jsonc');
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(await ext.exports.languageServerReady, true, 'the language server did not start');
  });

  it('gives *.atpproxy.json files the manifest language too, and leaves other JSON alone', async () => {
    const manifest = await vscode.workspace.openTextDocument(workspaceFile('sites', 'europe', 'contoso.atpproxy.json'));
    assert.strictEqual(manifest.languageId, 'atp-proxy-manifest');
    const plain = await vscode.workspace.openTextDocument(workspaceFile('notes.json'));
    assert.strictEqual(plain.languageId, 'json');
  });

  it('publishes ATP100 as an error at the syntax error', async () => {
    const uri = workspaceFile('broken.atpproxy.jsonc');
    const diagnostics = await waitForDiagnostics(uri, (ds) => hasCode(ds, 'ATP100'), 'ATP100');
    const syntax = diagnostics.filter((d) => codeOf(d) === 'ATP100');
    assert.ok(syntax.length >= 1);
    const first = syntax[0];
    assert.strictEqual(first.severity, vscode.DiagnosticSeverity.Error);
    // The comma is missing at the end of line 6 (0-based 5); parsers report it there or at the next token.
    assert.ok(first.range.start.line === 5 || first.range.start.line === 6, `ATP100 at line ${first.range.start.line}`);
    assert.ok(first.message.length > 0);
  });

  it('re-validates as the user types: fixing the syntax error clears ATP100', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('broken.atpproxy.jsonc'));
    await waitForDiagnostics(doc.uri, (ds) => hasCode(ds, 'ATP100'), 'ATP100 before the edit');
    const line = doc.lineAt(5);
    assert.match(line.text, /"region": "europe"$/);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, line.range.end, ',');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(doc.uri, (ds) => !hasCode(ds, 'ATP100'), 'ATP100 to disappear after adding the comma');

    const undo = new vscode.WorkspaceEdit();
    undo.delete(doc.uri, new vscode.Range(line.range.end, line.range.end.translate(0, 1)));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await waitForDiagnostics(doc.uri, (ds) => hasCode(ds, 'ATP100'), 'ATP100 to come back after removing the comma');
  });

  it('has a TextMate grammar for the manifest language', async () => {
    // The workbench's own colorization probe throws when no tokenizer exists for the document's language.
    const result = await vscode.commands.executeCommand<{ tokenizeTime: number }>(
      '_workbench.colorizeTextMateTokens',
      workspaceFile('sites', 'europe', 'contoso.atpproxy.json'),
    );
    assert.strictEqual(typeof result.tokenizeTime, 'number');
  });

  it('registers every command it contributes, and contributes every command it registers', async () => {
    const ext = theExtension();
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command).sort();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(all.has(id), `${id} is contributed but not registered`);
    assert.deepStrictEqual([...ext.exports.commandIds].sort(), contributed);
  });

  it('runs the commands: showOutput reveals the log, refresh finds the workspace manifests', async () => {
    // VS Code opens the channel as a document of the output scheme when the Output panel shows it.
    const isLog = (d: vscode.TextDocument): boolean => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('ATP Sensor Proxy');
    const shown = vscode.workspace.textDocuments.some(isLog)
      ? Promise.resolve()
      : waitForEvent(vscode.workspace.onDidOpenTextDocument, isLog, 'the ATP Sensor Proxy log to open');
    await vscode.commands.executeCommand('atpProxy.showOutput');
    await shown;
    const count = await vscode.commands.executeCommand<number>('atpProxy.refresh');
    assert.strictEqual(count, 2);
    const names = (await theExtension().exports.listManifests()).map((m) => `${m.relativeDir}/${m.name}`);
    assert.deepStrictEqual(names, ['/broken.atpproxy.jsonc', 'sites/europe/contoso.atpproxy.json']);
  });

  it('opens the ATP Sensor Proxy view', async () => {
    const view = testingApi().treeView('manifests');
    const visible = view.visible ? Promise.resolve() : waitForEvent(view.onDidChangeVisibility, (e) => e.visible, 'the Manifests view to become visible');
    await vscode.commands.executeCommand('atpProxy.manifests.focus');
    await visible;
    assert.strictEqual(view.visible, true);
  });

  it('contributes the atpProxy settings with their defaults', () => {
    const config = vscode.workspace.getConfiguration('atpProxy');
    assert.strictEqual(config.get('validation.delay'), 200);
    assert.strictEqual(config.get('trace.server'), 'off');
  });

  it('activates in well under a second, and records the figures for npm run bench', async () => {
    const ext = theExtension();
    const ms = testingApi().activationMs;
    const clientLoadMs = await testingApi().clientLoadMs;
    const moduleLoadMs = testingApi().moduleLoadMs;
    console.log(
      `[mocha]       (activate() took ${ms.toFixed(1)} ms; modules ${moduleLoadMs.toFixed(1)} ms before it, language client chunk ${clientLoadMs.toFixed(1)} ms after it)`,
    );
    assert.ok(ms < 500, `activate took ${ms.toFixed(1)} ms`);
    assert.ok(Number.isFinite(clientLoadMs), 'the language client chunk did not load');
    try {
      recordActivation(ext.extensionPath, { activationMs: ms, moduleLoadMs, clientLoadMs });
    } catch (e) {
      console.log(`[mocha]       (figures not recorded: ${e instanceof Error ? e.message : String(e)})`);
    }
  });
});
