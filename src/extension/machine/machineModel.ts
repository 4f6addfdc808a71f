import { parseManifest, settingsOf } from '../../core/manifest/parse';
import { UserError } from '../commands/command';
import { Emitter } from '../emitter';
import type { Disposable, ExtensionHost, HostWorkspace, ManifestFile } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { MachineNode } from './machineNodes';
import { registryAvailable, registryCommand } from './registryCommand';
import type { MachineSnapshot } from '../../core/machine/snapshot';
import type { SensorConfigurationState } from '../../core/machine/sensorSource';

/** The Machine view's reading and comparing code, a chunk loaded on first use. */
export const machineEngine = async (): Promise<typeof import('./machineEngine')> => import(/* webpackChunkName: "machine" */ './machineEngine');

/** Why a .reg export shows no sensor configuration, and what to do. */
const NOT_IN_REG_EXPORT =
  'A .reg export holds no SensorConfiguration.json: import the sensor’s file too ("ATP Proxy: Import Sensor Configuration…"), from the folder of Microsoft.Tri.Sensor.exe on the domain controller.';

type Source = { kind: 'registry' } | { kind: 'regFile'; snapshot: MachineSnapshot };

/**
 * The Machine view's state: where the values come from (the live registry, or a .reg export the user
 * imported), the last snapshot, and which manifest it is compared with (the active one, else the first).
 */
export class MachineModel implements Disposable {
  private source: Source | undefined;
  /** An imported SensorConfiguration.json: shown instead of the live one, beside whichever registry source. */
  private sensorImport: { name: string; state: SensorConfigurationState } | undefined;
  private snapshot: Promise<MachineSnapshot | undefined> | undefined;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly host: Pick<ExtensionHost, 'configuration' | 'environment' | 'registry' | 'files'> & { workspace: Pick<HostWorkspace, 'activeManifest'> },
    private readonly manifests: Pick<ManifestList, 'list'>,
  ) {}

  /** The source in use: an imported export, else the registry when it can be reached, else none. */
  private current(): Source | undefined {
    return this.source ?? (registryAvailable(this.host.configuration, this.host.environment) ? { kind: 'registry' } : undefined);
  }

  /** The values now (read once per refresh), or undefined when there is no source yet. */
  async currentSnapshot(): Promise<MachineSnapshot | undefined> {
    this.snapshot ??= this.read();
    return this.snapshot;
  }

  private async read(): Promise<MachineSnapshot | undefined> {
    const source = this.current();
    const imported = this.sensorImport;
    let snapshot: MachineSnapshot | undefined;
    if (source?.kind === 'regFile') snapshot = { ...source.snapshot, sensor: { kind: 'absent', reason: NOT_IN_REG_EXPORT } };
    else if (source?.kind === 'registry') {
      const command = await registryCommand(this.host.configuration, this.host.environment);
      if ('unavailable' in command) throw new UserError(command.unavailable);
      // The live SensorConfiguration.json is found from the sensor service, unless one was imported.
      const { readMachine, windowsPathToFileUri } = await machineEngine();
      const sensorFile = imported
        ? undefined
        : { read: (path: string) => this.host.files.readBytes(windowsPathToFileUri(path)), env: this.host.environment.env };
      snapshot = await readMachine(await this.host.registry(command.command), `this machine (${command.label})`, sensorFile);
    }
    if (!imported) return snapshot;
    return snapshot
      ? { ...snapshot, source: `${snapshot.source} + ${imported.name}`, sensor: imported.state }
      : { source: imported.name, values: [], sensor: imported.state };
  }

  /** Shows a .reg export's values; a malformed file is refused with its line and reason. */
  async importRegExport(name: string, bytes: Uint8Array): Promise<MachineSnapshot> {
    const { describeCodecError, machineFromRegFile, parseRegFile } = await machineEngine();
    const file = parseRegFile(bytes);
    if (!file.ok) throw new UserError(`${name} is not a readable .reg export: ${describeCodecError(file.error)}`);
    const snapshot = machineFromRegFile(file.value, name);
    this.source = { kind: 'regFile', snapshot };
    this.refresh();
    return snapshot;
  }

  /** Shows a sensor's SensorConfiguration.json beside the registry values; a malformed file is refused with its place. */
  async importSensorConfiguration(name: string, bytes: Uint8Array): Promise<MachineSnapshot | undefined> {
    const { sensorStateOf } = await machineEngine();
    const state = sensorStateOf(bytes, name);
    if (state.kind !== 'read') throw new UserError(`Not a readable SensorConfiguration.json: ${state.kind === 'unreadable' ? state.reason : name}`);
    this.sensorImport = { name, state };
    this.refresh();
    return this.currentSnapshot();
  }

  /** Goes back to the live registry and the live sensor configuration (refused where the registry cannot be reached). */
  async useRegistry(): Promise<MachineSnapshot | undefined> {
    const command = await registryCommand(this.host.configuration, this.host.environment);
    if ('unavailable' in command) throw new UserError(command.unavailable);
    this.source = { kind: 'registry' };
    this.sensorImport = undefined;
    this.refresh();
    return this.currentSnapshot();
  }

  /** Reads again on next use. */
  refresh(): void {
    this.snapshot = undefined;
    this.changed.fire();
  }

  /** Tells the view to redraw (the comparison manifest changed) without reading the registry again. */
  redraw(): void {
    this.changed.fire();
  }

  /** The manifest the values are compared with. */
  async comparedManifest(): Promise<ManifestFile | undefined> {
    return this.host.workspace.activeManifest() ?? (await this.manifests.list())[0];
  }

  /** The rows of the view; a read failure becomes one row that says what to do. */
  async nodes(): Promise<MachineNode[]> {
    let snapshot: MachineSnapshot | undefined;
    try {
      snapshot = await this.currentSnapshot();
    } catch (e) {
      return [
        {
          id: 'error',
          label: 'Cannot read the registry',
          description: e instanceof Error ? e.message : String(e),
          tooltip: e instanceof Error ? e.message : String(e),
          icon: 'error',
          contextValue: 'atpProxy.machineError',
        },
      ];
    }
    if (!snapshot) return [];
    const manifest = await this.comparedManifest();
    const settings = manifest ? settingsOf(parseManifest(await this.host.files.readText(manifest.uri).catch(() => '')).manifest) : undefined;
    const { machineNodes } = await machineEngine();
    return machineNodes(snapshot, settings, manifest?.name);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
