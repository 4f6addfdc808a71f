import { fleetHtml } from '../../core/fleet/formatHtml';
import { summaryLine } from '../../core/fleet/summary';
import type { FleetHost } from '../fleet/fleetHost';
import type { FleetModel } from '../fleet/fleetModel';
import type { ExtensionHost } from '../host';
import type { Command } from './command';
import type { FleetCommandId } from './lazyFleet';
import { CancelledError } from './manifestTarget';

/** What the Fleet commands are built from. */
export interface FleetDeps {
  readonly model: FleetModel;
  readonly host: Pick<FleetHost, 'pickFolder' | 'showHtml'>;
}

type Common = Pick<ExtensionHost, 'window' | 'progress'>;

async function importFolder(deps: FleetDeps, common: Common, folder?: string): Promise<void> {
  const chosen = folder ?? (await deps.host.pickFolder('Import preflight results: a folder of preflight documents or atp-proxy test --format json outputs'));
  if (!chosen) throw new CancelledError();
  const report = await common.progress.withProgress('Reading preflight results…', (_report, signal) => deps.model.import(chosen, signal));
  const line = summaryLine(report);
  if (report.counts.unusable > 0 || report.counts.machines === 0) common.window.showErrorMessage(`${line} See Files in the Fleet view.`);
  else common.window.showInformationMessage(line);
}

/** `atpProxy.importFleet`: reads a folder of results into the Fleet view. A folder URI string may be passed as argument. */
export class ImportFleetCommand implements Command {
  readonly id = 'atpProxy.importFleet';
  constructor(
    private readonly deps: FleetDeps,
    private readonly common: Common,
  ) {}

  async execute(_target: unknown, folder?: unknown): Promise<void> {
    await importFolder(this.deps, this.common, typeof folder === 'string' ? folder : undefined);
  }
}

/** `atpProxy.openFleetReport`: the html fleet report of the imported folder in a webview (importing one first if none). */
export class OpenFleetReportCommand implements Command {
  readonly id = 'atpProxy.openFleetReport';
  constructor(
    private readonly deps: FleetDeps,
    private readonly common: Common,
  ) {}

  async execute(): Promise<string> {
    if (!this.deps.model.imported) await importFolder(this.deps, this.common);
    const imported = this.deps.model.imported!;
    const title = `Fleet report: ${imported.name}`;
    const html = fleetHtml(imported.report, title);
    this.deps.host.showHtml(title, html);
    return html;
  }
}

/** `atpProxy.fleetFailuresOnly` / `atpProxy.fleetShowAll`: the Fleet view's filter toggle (two commands, two icons). */
export class FleetFilterCommand implements Command {
  constructor(
    readonly id: 'atpProxy.fleetFailuresOnly' | 'atpProxy.fleetShowAll',
    private readonly model: Pick<FleetModel, 'setFailuresOnly'>,
  ) {}

  execute(): void {
    this.model.setFailuresOnly(this.id === 'atpProxy.fleetFailuresOnly');
  }
}

/** The Fleet commands by id (built when the Fleet chunk loads). */
export function createFleetCommands(deps: FleetDeps, common: Common): Record<FleetCommandId, Command> {
  return {
    'atpProxy.importFleet': new ImportFleetCommand(deps, common),
    'atpProxy.openFleetReport': new OpenFleetReportCommand(deps, common),
    'atpProxy.fleetFailuresOnly': new FleetFilterCommand('atpProxy.fleetFailuresOnly', deps.model),
    'atpProxy.fleetShowAll': new FleetFilterCommand('atpProxy.fleetShowAll', deps.model),
  };
}
