import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ExtensionApi } from './api';
import { CommandManager } from './commands/commandManager';
import { createCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { ManifestList } from './views/manifestList';
import { ManifestTreeProvider } from './views/manifestTreeProvider';
import { createVsCodeHost } from './vscodeHost';

let client: LanguageClient | undefined;

/** Activates the extension: log, commands, the manifests view, and the language client (started, not awaited). */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('ATP Sensor Proxy', { log: true });
  const host = createVsCodeHost(log);
  const manifests = new ManifestList(host.workspace);
  const tree = new ManifestTreeProvider(manifests);
  const view = vscode.window.createTreeView('atpProxy.manifests', { treeDataProvider: tree });
  const commands = new CommandManager(host);
  commands.registerAll(createCommands({ log, manifests }));

  client = createLanguageClient(context, log);
  const languageServerReady = client.start().then(
    () => true,
    (e: unknown) => {
      log.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    },
  );
  context.subscriptions.push(log, host, manifests, tree, view, commands);

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  return { languageServerReady, commandIds: commands.ids, listManifests: () => manifests.list(), activationMs };
}

/** Stops the language server. */
export function deactivate(): Promise<void> | undefined {
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
