import * as vscode from 'vscode';
import type { FleetHost } from './fleetHost';

function kindOf(type: vscode.FileType): 'file' | 'directory' | 'other' {
  // FileType is a bit set: a link to a file is File | SymbolicLink.
  if (type & vscode.FileType.Directory) return 'directory';
  return type & vscode.FileType.File ? 'file' : 'other';
}

/** The Fleet host over VS Code: the folder dialog, workspace.fs (local or remote), one webview panel reused. */
export function createVsCodeFleetHost(): FleetHost & vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  return {
    async pickFolder(title) {
      const picked = await vscode.window.showOpenDialog({ title, canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Import' });
      return picked?.[0]?.toString();
    },
    fileSystem: {
      kind: async (uri) => kindOf((await vscode.workspace.fs.stat(vscode.Uri.parse(uri))).type),
      size: async (uri) => (await vscode.workspace.fs.stat(vscode.Uri.parse(uri))).size,
      read: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
      list: async (uri) => (await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri))).map(([name]) => name),
      join: (folder, name) => vscode.Uri.joinPath(vscode.Uri.parse(folder), name).toString(),
    },
    showHtml(title, html) {
      // No scripts, no local resource roots: the page is static and its own CSP allows only its style sheet.
      if (!panel) {
        const created = vscode.window.createWebviewPanel('atpProxy.fleetReport', title, vscode.ViewColumn.Active, {
          enableScripts: false,
          localResourceRoots: [],
        });
        created.onDidDispose(() => (panel = undefined));
        panel = created;
      }
      panel.title = title;
      panel.webview.html = html;
      panel.reveal();
    },
    setContext(key, value) {
      void vscode.commands.executeCommand('setContext', key, value);
    },
    dispose() {
      panel?.dispose();
    },
  };
}
