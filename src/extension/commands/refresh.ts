import type { HostLog } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { Command } from './command';

/** `atpProxy.refresh`: searches the workspace for manifests again and redraws the view. */
export class RefreshCommand implements Command {
  readonly id = 'atpProxy.refresh';
  constructor(
    private readonly manifests: Pick<ManifestList, 'refresh' | 'list'>,
    private readonly log: Pick<HostLog, 'info'>,
  ) {}

  async execute(): Promise<number> {
    this.manifests.refresh();
    const files = await this.manifests.list();
    this.log.info(`found ${files.length} manifest(s)`);
    return files.length;
  }
}
