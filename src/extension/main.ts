import { moduleLoadStarted } from './loadClock';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { exposedApi, type ExtensionApi, type FakeableServices, type Mode } from './api';
import { CommandManager } from './commands/commandManager';
import { createCommands } from './commands';
import { ReportActions } from './connectivity/reportActions';
import { ResultStore } from './connectivity/resultStore';
import { delegating } from './delegating';
import { MachineModel } from './machine/machineModel';
import { registryAvailable } from './machine/registryCommand';
import type { ExtensionHost } from './host';
import { ManifestStatusBar } from './statusBar';
import { MachineTreeProvider } from './views/machineTreeProvider';
import { ManifestList } from './views/manifestList';
import { ManifestTreeProvider } from './views/manifestTreeProvider';
import { ManifestViews } from './views/manifestViews';
import { createVsCodeHost } from './vscodeHost';

// Every module of dist/extension.js has been evaluated once the statement below runs (imports evaluate first).
const moduleLoadMs = performance.now() - moduleLoadStarted;

let client: LanguageClient | undefined;
/** Set by deactivate(), which may come before the deferred client start. */
let deactivated = false;

/** Activates the extension: log, commands, the views, the status bar, and the language client (started, not awaited). */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  deactivated = false;
  const log = vscode.window.createOutputChannel('ATP Sensor Proxy', { log: true });
  const real = createVsCodeHost(context, log);
  const mode: Mode =
    context.extensionMode === vscode.ExtensionMode.Test ? 'test' : context.extensionMode === vscode.ExtensionMode.Development ? 'development' : 'production';
  // Services the host tests may replace (Test/Development mode only); everything else is the real host.
  let fakes: Partial<FakeableServices> = {};
  const host: ExtensionHost =
    mode === 'production'
      ? real
      : {
          ...real,
          window: delegating(() => fakes.window ?? real.window),
          ui: delegating(() => fakes.ui ?? real.ui),
          progress: delegating(() => fakes.progress ?? real.progress),
          environment: delegating(() => fakes.environment ?? real.environment),
          secrets: delegating(() => fakes.secrets ?? real.secrets),
          registry: (command) => (fakes.registry ?? real.registry)(command),
        };
  const manifests = new ManifestList(host.workspace);
  const results = new ResultStore();
  const views = new ManifestViews(host.files, host.documents, results);
  const tree = new ManifestTreeProvider(manifests, views);
  const view = vscode.window.createTreeView('atpProxy.manifests', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ManifestStatusBar(host.workspace, host.documents, views);
  const reports = new ReportActions({ results, ui: host.ui, files: host.files });
  const machine = new MachineModel(host, manifests);
  const machineTree = new MachineTreeProvider(machine);
  const machineView = vscode.window.createTreeView('atpProxy.machine', { treeDataProvider: machineTree, showCollapseAll: true });
  // The Fleet view and its commands are a chunk of their own, loaded after activate() returns or on a Fleet command.
  let fleetLoading: ReturnType<typeof loadFleet> | undefined;
  const loadFleet = async () => {
    const { startFleet } = await import(/* webpackChunkName: "fleet" */ './fleet/fleetWiring');
    const started = startFleet(host);
    context.subscriptions.push(...started.disposables);
    return started.commands;
  };
  const fleet = () => (fleetLoading ??= loadFleet());
  setImmediate(() => {
    fleet().catch((e: unknown) => log.error(`the Fleet view did not start: ${e instanceof Error ? e.message : String(e)}`));
  });
  const commands = new CommandManager(host);
  commands.registerAll(createCommands({ host, manifests, results, reports, machine, fleet, refreshable: [{ refresh: () => views.invalidate() }] }));

  // `when` clauses offer Apply and the live registry only where reg.exe (or the user's replacement) can run.
  const updateRegistryContext = (): void =>
    void vscode.commands.executeCommand('setContext', 'atpProxy.registryAvailable', registryAvailable(host.configuration, host.environment));
  updateRegistryContext();
  const machineSubscriptions = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('atpProxy.registry.command')) return;
      updateRegistryContext();
      machine.refresh();
    }),
    // The registry is not read in Restricted Mode: read it once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => machine.refresh()),
    // The Machine view compares with the active manifest: redraw (without reading again) when it changes.
    host.documents.onDidChangeActiveEditor(() => machine.redraw()),
    views.onDidChange(() => machine.redraw()),
  ];

  // The language client is most of the extension's code (a 346 KB chunk). In Node, webpack's import() reads and
  // compiles a chunk synchronously: inside activate() that was 13 of its 19 ms (more on a busy machine). It starts on
  // the next turn of the event loop instead, so activate() returns (and the extension host moves on) first.
  let clientLoaded: (ms: number) => void = () => undefined;
  const clientLoadMs = new Promise<number>((resolve) => {
    clientLoaded = resolve;
  });
  const languageServerReady = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      const loading = performance.now();
      const { createLanguageClient } = await import(/* webpackChunkName: "client" */ './languageClient');
      clientLoaded(performance.now() - loading);
      if (deactivated) return false;
      client = createLanguageClient(context, log);
      await client.start();
      return true;
    })
    .catch((e: unknown) => {
      clientLoaded(NaN);
      log.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    });
  context.subscriptions.push(log, real, manifests, results, views, tree, view, statusBar, machine, machineTree, machineView, commands, ...machineSubscriptions);

  const activationMs = performance.now() - started;
  log.info(
    `activated in ${activationMs.toFixed(1)} ms, modules evaluated in ${moduleLoadMs.toFixed(1)} ms (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`,
  );
  const api = { languageServerReady, commandIds: commands.ids, listManifests: () => manifests.list() };
  return exposedApi(mode, api, () => ({
    activationMs,
    moduleLoadMs,
    clientLoadMs,
    fake(services) {
      fakes = { ...fakes, ...services };
      return () => {
        fakes = {};
      };
    },
    manifestRows: (element) => tree.getChildren(element),
    treeItem: (element) => tree.getTreeItem(element),
    treeView: (id) => (id === 'manifests' ? view : machineView),
    machineRows: (element) => machineTree.getChildren(element),
    onDidChangeRows: views.onDidChange,
    async statusText() {
      await statusBar.update();
      return statusBar.current;
    },
  }));
}

/** Stops the language server. */
export function deactivate(): Promise<void> | undefined {
  deactivated = true;
  const stopping = client?.stop();
  client = undefined;
  return stopping;
}
