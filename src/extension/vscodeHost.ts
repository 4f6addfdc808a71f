import * as vscode from 'vscode';
import { decodeFile } from '../core/text/fileEncoding';
import { Emitter } from './emitter';
import type { Disposable, EntryKind, ExtensionHost, ManifestFile } from './host';
import { localKind, writeLocalFile } from './localFiles';
import { EXCLUDE_GLOB, LANGUAGE_ID, MANIFEST_GLOB } from './manifestGlob';
import { VirtualDocuments } from './virtualDocuments';
import { UserError } from './commands/command';
import { inputFileProblem, inputKindOf, oversizedBytes, tooLargeMessage, type FileKind, type InputKind } from '../core/manifest/limits';

const SEVERITY_SHOW = {
  info: vscode.window.showInformationMessage,
  warning: vscode.window.showWarningMessage,
  error: vscode.window.showErrorMessage,
} as const;

/** What is at a URI without following a symbolic link: lstat for local files, the file system's stat elsewhere. */
async function entryKind(uri: vscode.Uri): Promise<EntryKind | undefined> {
  if (uri.scheme === 'file') return localKind(uri.fsPath);
  let type: vscode.FileType;
  try {
    type = (await vscode.workspace.fs.stat(uri)).type;
  } catch {
    return undefined;
  }
  if (type & vscode.FileType.SymbolicLink) return 'symlink';
  return type === vscode.FileType.File ? 'file' : type === vscode.FileType.Directory ? 'directory' : 'other';
}

function openDocument(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}

/** The {@link ExtensionHost} backed by the VS Code API. Dispose it to stop watching files. */

/**
 * A file's bytes after the checks the CLI makes too: a regular file (a FIFO or device would block the extension
 * host's read, or never end) of at most the manifest limit, both known from a stat before anything is read.
 */
async function readInputFile(uri: string, input: InputKind = 'manifest'): Promise<Uint8Array> {
  const target = vscode.Uri.parse(uri);
  const stat = await vscode.workspace.fs.stat(target);
  const kind: FileKind = stat.type & vscode.FileType.File ? 'file' : stat.type & vscode.FileType.Directory ? 'directory' : 'other';
  const problem = inputFileProblem(target.scheme === 'file' ? target.fsPath : uri, kind, stat.size, input);
  if (problem) throw new UserError(problem);
  return vscode.workspace.fs.readFile(target);
}

export function createVsCodeHost(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ExtensionHost & Disposable {
  const changed = new Emitter<void>();
  const textChanged = new Emitter<string>();
  const activeChanged = new Emitter<void>();
  const virtual = new VirtualDocuments();
  let watcher: vscode.FileSystemWatcher | undefined;
  const isManifest = (doc: vscode.TextDocument): boolean => doc.languageId === LANGUAGE_ID;
  const subscriptions: vscode.Disposable[] = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isManifest(e.document) && e.contentChanges.length > 0) textChanged.fire(e.document.uri.toString());
    }),
    // Closing without saving puts the file's text back in charge.
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (isManifest(doc)) textChanged.fire(doc.uri.toString());
    }),
    vscode.window.onDidChangeActiveTextEditor(() => activeChanged.fire()),
  ];

  const toManifestFile = (uri: vscode.Uri): ManifestFile => {
    const relative = vscode.workspace.asRelativePath(uri, false);
    const slash = relative.lastIndexOf('/');
    return { uri: uri.toString(), name: uri.path.slice(uri.path.lastIndexOf('/') + 1), relativeDir: slash < 0 ? '' : relative.slice(0, slash) };
  };
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('atpProxy');

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
          watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
          watcher.onDidCreate(() => changed.fire());
          watcher.onDidDelete(() => changed.fire());
          watcher.onDidChange((uri) => textChanged.fire(uri.toString()));
        }
        const uris = await vscode.workspace.findFiles(MANIFEST_GLOB, EXCLUDE_GLOB);
        return uris.map(toManifestFile);
      },
      onDidChangeManifests: changed.event,
      activeManifest() {
        const doc = vscode.window.activeTextEditor?.document;
        return doc && isManifest(doc) ? toManifestFile(doc.uri) : undefined;
      },
    },
    commands: {
      registerCommand: (id, callback) => vscode.commands.registerCommand(id, callback),
    },
    ui: {
      ask: (severity, message, options, ...buttons) =>
        Promise.resolve(SEVERITY_SHOW[severity](message, { modal: options.modal, detail: options.detail }, ...buttons)),
      async pick(items, options) {
        const chosen = await vscode.window.showQuickPick(
          items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, item: i })),
          { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true },
        );
        return chosen?.item.value;
      },
      input: (options) =>
        Promise.resolve(
          vscode.window.showInputBox({
            title: options.title,
            prompt: options.prompt,
            value: options.value,
            placeHolder: options.placeHolder,
            password: options.password,
            ignoreFocusOut: true,
            validateInput: options.validate ? (v) => options.validate?.(v) ?? null : undefined,
          }),
        ),
      async pickFile(options) {
        const uris = await vscode.window.showOpenDialog({ title: options.title, filters: options.filters, canSelectMany: false, canSelectFolders: false });
        return uris?.[0]?.toString();
      },
      async openUntitled(content, language) {
        const doc = await vscode.workspace.openTextDocument({ content, language });
        await vscode.window.showTextDocument(doc, { preview: false });
      },
      async openReadOnly(title, content, language) {
        let doc = await vscode.workspace.openTextDocument(virtual.add(title, content));
        if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
        await vscode.window.showTextDocument(doc, { preview: false });
        if (language === 'markdown') {
          // The rendered view is what a reviewer reads; the source stays open beside it.
          await Promise.resolve(vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri)).catch(() => undefined);
        }
      },
      async openDiff(title, left, right) {
        await vscode.commands.executeCommand('vscode.diff', virtual.add(left.title, left.content), virtual.add(right.title, right.content), title);
      },
      async reveal(uri, offset, length = 0) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        const selection = offset === undefined ? undefined : new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
        const editor = await vscode.window.showTextDocument(doc, { selection, preview: true });
        if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      },
    },
    progress: {
      withProgress: <T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>) =>
        Promise.resolve(
          vscode.window.withProgress<T>({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
            const controller = new AbortController();
            const cancel = token.onCancellationRequested(() => controller.abort());
            return task((message) => progress.report({ message }), controller.signal).finally(() => {
              cancel.dispose();
            });
          }),
        ),
    },
    configuration: {
      get: (key, fallback) => config().get(key, fallback),
      userValue<T>(key: string): T | undefined {
        // Never the workspace's or a folder's value: a checked-out repository must not choose what runs.
        const inspected = config().inspect<T>(key);
        return inspected?.globalValue;
      },
    },
    secrets: {
      get: (key) => Promise.resolve(context.secrets.get(key)),
      store: (key, value) => Promise.resolve(context.secrets.store(key, value)),
      delete: (key) => Promise.resolve(context.secrets.delete(key)),
    },
    files: {
      async readText(uri) {
        const doc = openDocument(uri);
        if (doc) {
          const text = doc.getText();
          const bytes = oversizedBytes(text);
          if (bytes !== undefined) throw new UserError(`${vscode.Uri.parse(uri).fsPath}: ${tooLargeMessage(bytes)}`);
          return text;
        }
        // A closed manifest is decoded as the editor would open it: a BOM (UTF-8, UTF-16LE/BE) decides, else UTF-8.
        return decodeFile(await readInputFile(uri)).text;
      },
      // Bytes are read for decode and the imports: a .reg export, a SensorConfiguration.json or a file of hex.
      readBytes: (uri) => readInputFile(uri, inputKindOf(uri)),
      async writeText(uri, text, mode = 'create') {
        const target = vscode.Uri.parse(uri, true);
        const data = new TextEncoder().encode(text);
        if (target.scheme === 'file') return writeLocalFile(target.fsPath, data, mode);
        // Other file systems (remote, virtual) offer no exclusive create: checked just before writing.
        const kind = await entryKind(target);
        if (kind !== undefined && (mode === 'create' || kind !== 'file'))
          throw new Error(`${target.toString()} exists${kind === 'file' ? '' : ` and is a ${kind}`}: not written`);
        await vscode.workspace.fs.writeFile(target, data);
      },
      kind: (uri) => entryKind(vscode.Uri.parse(uri, true)),
      sibling(uri, name) {
        // joinPath with one segment, never Uri.parse of a built string: the name's %, # or ? stay part of the name.
        const of = vscode.Uri.parse(uri, true);
        return vscode.Uri.joinPath(of.with({ path: of.path.slice(0, of.path.lastIndexOf('/') + 1) || '/' }), name).toString();
      },
      async exists(uri) {
        try {
          await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
          return true;
        } catch {
          return false;
        }
      },
    },
    environment: {
      platform: process.platform,
      env: process.env,
      isTrusted: () => vscode.workspace.isTrusted,
      storagePath: context.globalStorageUri.fsPath,
      labOverrides: context.extensionMode !== vscode.ExtensionMode.Production,
    },
    documents: {
      onDidChangeManifestText: textChanged.event,
      onDidChangeActiveEditor: activeChanged.event,
      workspaceFolder: () => vscode.workspace.workspaceFolders?.[0]?.uri.toString(),
    },
    registry: async (command) => {
      const { RegExeBackend } = await import(/* webpackChunkName: "apply" */ '../core/apply/regExeBackend');
      return new RegExeBackend(command);
    },
    dispose() {
      watcher?.dispose();
      for (const s of subscriptions) s.dispose();
      virtual.dispose();
      changed.dispose();
      textChanged.dispose();
      activeChanged.dispose();
    },
  };
}
