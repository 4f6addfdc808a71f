import type { HostLog } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { Command } from './command';
import { RefreshCommand } from './refresh';
import { ShowOutputCommand } from './showOutput';

/** What the commands are built from. */
export interface CommandDeps {
  readonly log: HostLog;
  readonly manifests: Pick<ManifestList, 'refresh' | 'list'>;
}

/** Every command the extension registers (package.json `contributes.commands` must list exactly these). */
export function createCommands(deps: CommandDeps): Command[] {
  return [new ShowOutputCommand(deps.log), new RefreshCommand(deps.manifests, deps.log)];
}
