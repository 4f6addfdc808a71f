import type * as vscode from 'vscode';
import type { Event, ExtensionHost, ManifestFile } from './host';
import type { MachineNode } from './machine/machineNodes';
import type { ManifestNode } from './views/manifestNodes';

/** The host services a test may replace (those that would ask the user or touch the machine). */
export type FakeableServices = Pick<ExtensionHost, 'window' | 'ui' | 'progress' | 'environment' | 'registry' | 'secrets'>;

/** Hooks for the host tests: what the views show, and fakes for services that would block or touch the machine. */
export interface TestingApi {
  /** Replaces services until the returned function is called. */
  fake(services: Partial<FakeableServices>): () => void;
  /** The Manifests view's rows (roots, or an element's children), as the view gets them. */
  manifestRows(element?: ManifestNode): Promise<ManifestNode[]>;
  /** The Machine view's rows (roots, or a row's children). */
  machineRows(element?: MachineNode): Promise<MachineNode[]>;
  /** The Manifests and Machine tree views, to check what the user sees of them. */
  treeView(id: 'manifests' | 'machine'): Pick<vscode.TreeView<unknown>, 'visible' | 'onDidChangeVisibility'>;
  /** The tree item VS Code gets for a row. */
  treeItem(element: ManifestNode): vscode.TreeItem;
  /** Fires with a manifest URI when its rows change (text edited, file changed, results arrived). */
  readonly onDidChangeRows: Event<string>;
  /** The status bar item's text for the active editor (undefined when hidden), once it is up to date. */
  statusText(): Promise<string | undefined>;
  /** How long `activate` took, in milliseconds. */
  readonly activationMs: number;
  /** Milliseconds spent evaluating dist/extension.js's modules before `activate` (code loading, less reading the file). */
  readonly moduleLoadMs: number;
  /** Milliseconds to load the language client's chunk, which starts after `activate` returned (NaN if it failed). */
  readonly clientLoadMs: Promise<number>;
}

/** What `activate` returns (`vscode.extensions.getExtension(...).exports`). */
export interface ExtensionApi {
  /** Resolves true once the language server answered `initialize`, false if it could not start. */
  readonly languageServerReady: Promise<boolean>;
  /** The ids the command manager registered. */
  readonly commandIds: readonly string[];
  /** The manifests the view shows. */
  listManifests(): Promise<ManifestFile[]>;
  /**
   * Test seams: present only when VS Code runs the extension in Test or Development mode. An installed copy
   * exposes nothing another extension could use to swap the registry backend, the secrets or the trust check.
   */
  readonly testing?: TestingApi;
}

/** VS Code's ExtensionMode, as a plain value (core of the decision below, testable without VS Code). */
export type Mode = 'production' | 'development' | 'test';

/** The API `activate` returns: the test seams only outside production. */
export function exposedApi(mode: Mode, api: Omit<ExtensionApi, 'testing'>, testing: () => TestingApi): ExtensionApi {
  return mode === 'production' ? api : { ...api, testing: testing() };
}
