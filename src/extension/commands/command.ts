import type { ManifestFile } from '../host';
import type { NodeInfo } from '../views/manifestNodes';

/**
 * What a command acts on: the tree row or explorer file it was invoked on (with the row's node when
 * it came from the Manifests view), else the manifest in the active editor, else nothing (palette
 * with no manifest open).
 */
export type CommandTarget = (ManifestFile & { readonly node?: NodeInfo }) | undefined;

/** One command: an id from package.json and what it does. Errors it throws are reported by the manager. */
export interface Command {
  readonly id: string;
  execute(target: CommandTarget, ...args: unknown[]): unknown;
}

/** An error the user can fix: reported as its message alone, without a stack in the log. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
