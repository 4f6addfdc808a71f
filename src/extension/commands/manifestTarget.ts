import type { HostUi, ManifestFile } from '../host';
import type { ManifestList } from '../views/manifestList';
import { UserError, type CommandTarget } from './command';

/**
 * The manifest a command acts on: its target, else the only manifest of the workspace, else the one
 * the user picks. Rejects with what to do when there is none.
 */
export async function manifestFor(
  target: CommandTarget,
  manifests: Pick<ManifestList, 'list'>,
  ui: Pick<HostUi, 'pick'>,
  action: string,
): Promise<ManifestFile> {
  if (target && /\.atpproxy\.jsonc?$/i.test(target.name)) return target;
  const files = await manifests.list();
  if (files.length === 0) throw new UserError(`No manifest to ${action}: create one with "ATP Proxy: New Manifest" or open a *.atpproxy.jsonc file.`);
  if (files.length === 1) return files[0];
  const chosen = await ui.pick(
    files.map((f) => ({ label: f.name, description: f.relativeDir, value: f })),
    { title: `Which manifest to ${action}?` },
  );
  if (!chosen) throw new CancelledError();
  return chosen;
}

/** The user dismissed a question: the command stops without an error message. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** A manifest's name without `.atpproxy.json(c)`. */
export function baseName(name: string): string {
  return name.replace(/\.atpproxy\.jsonc?$/i, '');
}
