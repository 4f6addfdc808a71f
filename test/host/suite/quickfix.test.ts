// Issue 3 in a real editor: the missing endpoint of examples/contoso-review.atpproxy.jsonc is
// reported as ATP111, and its quick fix (through VS Code's code action API) makes it go away.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, hasCode, theExtension, waitForDiagnostics } from './support';

describe('quick fix of a missing endpoint (examples/contoso-review.atpproxy.jsonc)', () => {
  it('shows ATP111, offers its fix, and the fix clears it', async () => {
    const uri = vscode.Uri.file(path.join(theExtension().extensionPath, 'examples', 'contoso-review.atpproxy.jsonc'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    try {
      const diagnostics = await waitForDiagnostics(uri, (ds) => hasCode(ds, 'ATP111'), 'ATP111 on contoso-review');
      const atp111 = diagnostics.find((d) => codeOf(d) === 'ATP111');
      assert.ok(atp111);
      assert.match(atp111.message, /contoso-corpsensorapi\.atp\.azure\.com/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        atp111.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === 'Add "contoso-corpsensorapi.atp.azure.com" to the allow list');
      assert.ok(fix, `no ATP111 quick fix among: ${actions.map((a) => a.title).join('; ')}`);
      assert.ok(fix.edit, `the fix has no edit: ${JSON.stringify(fix)}`);
      assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /"contoso-corpsensorapi\.atp\.azure\.com"/);
      await waitForDiagnostics(uri, (ds) => !hasCode(ds, 'ATP111'), 'ATP111 to disappear after the fix');
    } finally {
      // The example stays as it is in the repository.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
