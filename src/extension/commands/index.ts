import { CaFileReader } from '../connectivity/caFiles';
import type { ReportActions } from '../connectivity/reportActions';
import type { ResultStore } from '../connectivity/resultStore';
import type { ExtensionHost } from '../host';
import type { MachineModel } from '../machine/machineModel';
import type { ManifestList } from '../views/manifestList';
import { ApplyCommand, PreviewApplyCommand } from './apply';
import type { Command } from './command';
import { DecodeCommand } from './decode';
import { ExportAllowlistCommand } from './exportAllowlist';
import { FLEET_COMMAND_IDS, LazyCommand, type FleetCommandLoader } from './lazyFleet';
import { GeneratePreflightCommand } from './generatePreflight';
import { GenerateScriptCommand } from './generateScript';
import { CompareMachineCommand, ImportRegExportCommand, ImportSensorConfigurationCommand, ReadMachineCommand } from './machine';
import { NewManifestCommand } from './newManifest';
import { RefreshCommand } from './refresh';
import { SaveReportCommand, ShowReportCommand } from './reports';
import { RevealCommand } from './reveal';
import { SetProxyCredentialsCommand } from './setProxyCredentials';
import { ShowOutputCommand } from './showOutput';
import { TestConnectivityCommand, TestEndpointCommand } from './testConnectivity';

/** What the commands are built from. */
export interface CommandDeps {
  readonly host: Omit<ExtensionHost, 'commands' | 'workspace'>;
  readonly manifests: Pick<ManifestList, 'refresh' | 'list'>;
  readonly results: ResultStore;
  readonly reports: Pick<ReportActions, 'show' | 'save'>;
  readonly machine: MachineModel;
  /** The Fleet view's commands, loaded on first need. */
  readonly fleet: FleetCommandLoader;
  /** Caches the Refresh command clears besides the manifest list. */
  readonly refreshable?: readonly { refresh(): void }[];
}

/** Every command the extension registers (package.json `contributes.commands` must list exactly these). */
export function createCommands(deps: CommandDeps): Command[] {
  const { host, manifests, results, reports, machine } = deps;
  // One reader for both test commands: a CA file the user trusted is trusted for the session.
  const connectivity = { ...host, manifests, results, reports, caFiles: new CaFileReader(host.ui) };
  const machineDeps = { machine, ui: host.ui, files: host.files, manifests };
  const applyDeps = { ...host, manifests, machine };
  return [
    new ShowOutputCommand(host.log),
    new RefreshCommand(manifests, host.log, [machine, ...(deps.refreshable ?? [])]),
    new RevealCommand(host.ui),
    new NewManifestCommand({ ui: host.ui, files: host.files, documents: host.documents }),
    new GenerateScriptCommand({ manifests, ui: host.ui, files: host.files }),
    new GeneratePreflightCommand({ manifests, ui: host.ui, files: host.files }),
    new DecodeCommand({ ui: host.ui, files: host.files }),
    new ExportAllowlistCommand({ manifests, ui: host.ui, files: host.files }),
    new TestConnectivityCommand(connectivity),
    new TestEndpointCommand(connectivity),
    new ShowReportCommand({ reports, manifests, ui: host.ui }),
    new SaveReportCommand({ reports, manifests, ui: host.ui }),
    new SetProxyCredentialsCommand({ ui: host.ui, secrets: host.secrets, window: host.window, files: host.files }),
    new ImportRegExportCommand(machineDeps),
    new ImportSensorConfigurationCommand(machineDeps),
    new ReadMachineCommand(machine),
    new CompareMachineCommand(machineDeps),
    new PreviewApplyCommand(applyDeps),
    new ApplyCommand(applyDeps),
    ...FLEET_COMMAND_IDS.map((id) => new LazyCommand(id, deps.fleet)),
  ];
}
