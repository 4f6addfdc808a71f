import type { HostLog } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { Command } from './command';

/** `atpProxy.refresh`: searches the workspace for manifests again and redraws both views (the Machine view reads again). */
export class RefreshCommand implements Command {
  readonly id = 'atpProxy.refresh';
  constructor(
    private readonly manifests: Pick<ManifestList, 'refresh' | 'list'>,
    private readonly log: Pick<HostLog, 'info'>,
    private readonly others: readonly { refresh(): void }[] = [],
  ) {}

  async execute(): Promise<number> {
    this.manifests.refresh();
    for (const other of this.others) other.refresh();
    const files = await this.manifests.list();
    this.log.info(`found ${files.length} manifest(s)`);
    return files.length;
  }
}
