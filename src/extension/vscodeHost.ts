import * as vscode from 'vscode';
import { Emitter } from './emitter';
import type { Disposable, Host, ManifestFile } from './host';
import { EXCLUDE_GLOB, LANGUAGE_ID, MANIFEST_GLOB } from './manifestGlob';

/** The {@link Host} backed by the VS Code API. Dispose it to stop watching files. */
export function createVsCodeHost(log: vscode.LogOutputChannel): Host & Disposable {
  const changed = new Emitter<void>();
  let watcher: vscode.FileSystemWatcher | undefined;

  const toManifestFile = (uri: vscode.Uri): ManifestFile => {
    const relative = vscode.workspace.asRelativePath(uri, false);
    const slash = relative.lastIndexOf('/');
    return { uri: uri.toString(), name: uri.path.slice(uri.path.lastIndexOf('/') + 1), relativeDir: slash < 0 ? '' : relative.slice(0, slash) };
  };

  return {
    window: {
      showErrorMessage: (message) => void vscode.window.showErrorMessage(message),
      showInformationMessage: (message) => void vscode.window.showInformationMessage(message),
    },
    log,
    workspace: {
      async findManifests() {
        // The watcher starts with the first search, not at activation.
        if (!watcher) {
          watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB, false, true, false);
          watcher.onDidCreate(() => changed.fire());
          watcher.onDidDelete(() => changed.fire());
        }
        const uris = await vscode.workspace.findFiles(MANIFEST_GLOB, EXCLUDE_GLOB);
        return uris.map(toManifestFile);
      },
      onDidChangeManifests: changed.event,
      activeManifest() {
        const doc = vscode.window.activeTextEditor?.document;
        return doc && doc.languageId === LANGUAGE_ID ? toManifestFile(doc.uri) : undefined;
      },
    },
    commands: {
      registerCommand: (id, callback) => vscode.commands.registerCommand(id, callback),
    },
    dispose() {
      watcher?.dispose();
      changed.dispose();
    },
  };
}
