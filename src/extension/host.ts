// Host adapters: the few editor services commands and views use, as plain interfaces, so that
// they can be unit-tested with fakes. The VS Code implementation is in vscodeHost.ts.
import type { RegistryBackend } from '../core/apply/backend';

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

/** One entry of a quick pick; `value` is what the command gets back. */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/** Questions and documents: what the commands show besides messages. */
export interface HostUi {
  /** A message with buttons; resolves to the button chosen (undefined when dismissed). `modal` blocks until answered. */
  ask(
    severity: 'info' | 'warning' | 'error',
    message: string,
    options: { modal?: boolean; detail?: string },
    ...buttons: string[]
  ): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined>;
  input(options: {
    title: string;
    prompt: string;
    value?: string;
    placeHolder?: string;
    password?: boolean;
    validate?: (value: string) => string | undefined;
  }): Promise<string | undefined>;
  /** Asks for one existing file; resolves to its URI string. */
  pickFile(options: { title: string; filters: Record<string, string[]> }): Promise<string | undefined>;
  /** Opens text in a new untitled editor with a language. */
  openUntitled(content: string, language: string): Promise<void>;
  /** Opens text in a read-only editor titled `title` (a virtual document); markdown is also previewed. */
  openReadOnly(title: string, content: string, language: string): Promise<void>;
  /** A diff editor of two read-only texts. */
  openDiff(title: string, left: { title: string; content: string }, right: { title: string; content: string }): Promise<void>;
  /** Opens a workspace file, selecting the range between two offsets (converted to positions here, at the edge). */
  reveal(uri: string, offset?: number, length?: number): Promise<void>;
}

/** Long work with a cancel button: the task gets a progress reporter and a signal aborted on cancel. */
interface HostProgress {
  withProgress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** The `atpProxy.*` settings, read at use time so changes apply without a reload. */
export interface HostConfiguration {
  /** The effective value of `atpProxy.<key>` (user, workspace, folder). */
  get<T>(key: string, fallback: T): T;
  /** Only the user's (or machine's) value: for settings a workspace must never choose, such as a command to run. */
  userValue<T>(key: string): T | undefined;
}

/** Secrets kept by the editor (SecretStorage). */
export interface HostSecrets {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What is at a URI, without following a symbolic link. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** Files, by URI string. */
export interface HostFiles {
  /** The text of a document: the open editor's (unsaved edits included) or the file's. */
  readText(uri: string): Promise<string>;
  readBytes(uri: string): Promise<Uint8Array>;
  /**
   * Writes `text` to `uri`. `create` (the default) fails when anything is there, decided by the file system in
   * the same step as creating; `replace` overwrites a regular file only. Neither follows a symbolic link.
   */
  writeText(uri: string, text: string, mode?: 'create' | 'replace'): Promise<void>;
  exists(uri: string): Promise<boolean>;
  /** What is at `uri`, without following a symbolic link; undefined when nothing is there. */
  kind(uri: string): Promise<EntryKind | undefined>;
  /** The URI of the file `name` (one path segment, checked by the caller) in the folder that holds `uri`. */
  sibling(uri: string, name: string): string;
}

/** The machine the extension host runs on, and the workspace's trust. */
export interface HostEnvironment {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  isTrusted(): boolean;
  /** A folder the extension may write to (backups when no setting says otherwise). */
  readonly storagePath: string;
  /** True in Test and Development mode only: lab overrides (ATP_PROXY_RESOLVE) are honoured. */
  readonly labOverrides: boolean;
}

/** Makes registry backends: reg.exe, or the user's replacement command (loaded on first use). */
type RegistryFactory = (command: string[]) => Promise<RegistryBackend>;

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

/** Manifest documents as they change, and where new files go. */
export interface HostDocuments {
  /** Fires with a manifest's URI when its text changes (editor edits, or the file on disk). */
  readonly onDidChangeManifestText: Event<string>;
  /** Fires when the active editor changes. */
  readonly onDidChangeActiveEditor: Event<void>;
  /** The first workspace folder's URI, if a folder is open. */
  workspaceFolder(): string | undefined;
}

/** Command registration, shaped like `vscode.commands.registerCommand`. */
export interface HostCommands {
  registerCommand(id: string, callback: (...args: unknown[]) => unknown): Disposable;
}

/** Everything the extension needs from its host. */
interface Host {
  readonly window: HostWindow;
  readonly log: HostLog;
  readonly workspace: HostWorkspace;
  readonly commands: HostCommands;
}

/** Everything the commands and views use: {@link Host} plus the services that touch the user, files, secrets or the machine. */
export interface ExtensionHost extends Host {
  readonly ui: HostUi;
  readonly progress: HostProgress;
  readonly configuration: HostConfiguration;
  readonly secrets: HostSecrets;
  readonly files: HostFiles;
  readonly environment: HostEnvironment;
  readonly documents: HostDocuments;
  readonly registry: RegistryFactory;
}
