import type { ManifestFile } from '../host';

/**
 * What a command acts on: the tree row or explorer file it was invoked on, else the manifest in
 * the active editor, else nothing (palette with no manifest open).
 */
export type CommandTarget = ManifestFile | undefined;

/** One command: an id from package.json and what it does. Errors it throws are reported by the manager. */
export interface Command {
  readonly id: string;
  execute(target: CommandTarget, ...args: unknown[]): unknown;
}
