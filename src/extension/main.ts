import * as vscode from 'vscode';

/** Activates the extension: starts the language client. */
export async function activate(_context: vscode.ExtensionContext): Promise<void> {
  // Filled in by the client wiring.
}

export function deactivate(): void {
  // Nothing to release yet.
}
