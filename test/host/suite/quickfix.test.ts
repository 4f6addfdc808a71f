// Issue 3 in a real editor: the missing endpoint of examples/contoso-review.atpproxy.jsonc is
// reported as ATP110, and its quick fix (through VS Code's code action API) makes it go away.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, hasCode, theExtension, waitForDiagnostics } from './support';

describe('quick fix of a missing endpoint (examples/contoso-review.atpproxy.jsonc)', () => {
  it('shows ATP110, offers its fix, and the fix clears it', async () => {
    const uri = vscode.Uri.file(path.join(theExtension().extensionPath, 'examples', 'contoso-review.atpproxy.jsonc'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    try {
      const diagnostics = await waitForDiagnostics(uri, (ds) => hasCode(ds, 'ATP110'), 'ATP110 on contoso-review');
      const atp110 = diagnostics.find((d) => codeOf(d) === 'ATP110');
      assert.ok(atp110);
      assert.match(atp110.message, /triprd1wceuw1sensorapi\.atp\.azure\.com/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        atp110.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === 'Add "triprd1wceuw1sensorapi.atp.azure.com" to the allow list');
      assert.ok(fix, `no ATP110 quick fix among: ${actions.map((a) => a.title).join('; ')}`);
      assert.ok(fix.edit, `the fix has no edit: ${JSON.stringify(fix)}`);
      assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /"triprd1wceuw1sensorapi\.atp\.azure\.com"/);
      await waitForDiagnostics(uri, (ds) => !hasCode(ds, 'ATP110'), 'ATP110 to disappear after the fix');
    } finally {
      // The example stays as it is in the repository.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
