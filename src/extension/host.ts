// Host adapters: the few editor services commands and views use, as plain interfaces, so that
// they can be unit-tested with fakes. The VS Code implementation is in vscodeHost.ts.

/** Anything that can be released. */
export interface Disposable {
  dispose(): unknown;
}

/** A listener registration function, shaped like `vscode.Event`. */
export type Event<T> = (listener: (e: T) => unknown) => Disposable;

/** A manifest file as the views and commands see it (the URI as a string keeps core and tests free of `vscode.Uri`). */
export interface ManifestFile {
  /** The document URI, `Uri.toString()`. */
  readonly uri: string;
  /** The file name, e.g. `contoso.atpproxy.jsonc`. */
  readonly name: string;
  /** The folder relative to the workspace ('' at the top), for display. */
  readonly relativeDir: string;
}

/** User-facing messages. */
export interface HostWindow {
  showErrorMessage(message: string): void;
  showInformationMessage(message: string): void;
}

/** The extension's log (a `LogOutputChannel` in VS Code). */
export interface HostLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
  /** Reveals the log in the panel. */
  show(preserveFocus?: boolean): void;
}

/** The workspace files the extension cares about. */
export interface HostWorkspace {
  /** Every `*.atpproxy.json` / `*.atpproxy.jsonc` in the open folders. */
  findManifests(): Promise<ManifestFile[]>;
  /** Fires when a manifest is created or deleted. */
  readonly onDidChangeManifests: Event<void>;
  /** The manifest in the active editor, if any. */
  activeManifest(): ManifestFile | undefined;
}

/** Command registration, shaped like `vscode.commands.registerCommand`. */
export interface HostCommands {
  registerCommand(id: string, callback: (...args: unknown[]) => unknown): Disposable;
}

/** Everything the extension needs from its host. */
export interface Host {
  readonly window: HostWindow;
  readonly log: HostLog;
  readonly workspace: HostWorkspace;
  readonly commands: HostCommands;
}
