import type { ManifestFile } from './host';

/** What `activate` returns (`vscode.extensions.getExtension(...).exports`): used by the host tests. */
export interface ExtensionApi {
  /** Resolves true once the language server answered `initialize`, false if it could not start. */
  readonly languageServerReady: Promise<boolean>;
  /** The ids the command manager registered. */
  readonly commandIds: readonly string[];
  /** The manifests the view shows. */
  listManifests(): Promise<ManifestFile[]>;
  /** How long `activate` took, in milliseconds. */
  readonly activationMs: number;
}
