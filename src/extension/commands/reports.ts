import type { ReportActions } from '../connectivity/reportActions';
import type { HostUi } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { Command, CommandTarget } from './command';
import { manifestFor } from './manifestTarget';

type Deps = { reports: Pick<ReportActions, 'show' | 'save'>; manifests: Pick<ManifestList, 'list'>; ui: Pick<HostUi, 'pick'> };

/** `atpProxy.showReport`: the last connectivity report of a manifest, rendered. */
export class ShowReportCommand implements Command {
  readonly id = 'atpProxy.showReport';
  constructor(private readonly deps: Deps) {}

  async execute(target: CommandTarget): Promise<string> {
    const file = await manifestFor(target, this.deps.manifests, this.deps.ui, 'show the report of');
    return this.deps.reports.show(file.uri);
  }
}

/** `atpProxy.saveReport`: the last connectivity report saved as `<manifest>.connectivity.md` beside the manifest. */
export class SaveReportCommand implements Command {
  readonly id = 'atpProxy.saveReport';
  constructor(private readonly deps: Deps) {}

  async execute(target: CommandTarget): Promise<string> {
    const file = await manifestFor(target, this.deps.manifests, this.deps.ui, 'save the report of');
    return this.deps.reports.save(file.uri);
  }
}
