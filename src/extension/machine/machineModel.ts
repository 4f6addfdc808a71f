import { parseManifest, settingsOf } from '../../core/manifest/parse';
import { describeCodecError } from '../../core/wininet/codecError';
import { parseRegFile } from '../../core/wininet/regParse';
import { UserError } from '../commands/command';
import { Emitter } from '../emitter';
import type { Disposable, ExtensionHost, HostWorkspace, ManifestFile } from '../host';
import type { ManifestList } from '../views/manifestList';
import { machineNodes, type MachineNode } from './machineNodes';
import { registryAvailable, registryCommand } from './registryCommand';
import { machineFromRegFile, readMachine, type MachineSnapshot } from '../../core/machine/snapshot';

type Source = { kind: 'registry' } | { kind: 'regFile'; snapshot: MachineSnapshot };

/**
 * The Machine view's state: where the values come from (the live registry, or a .reg export the user
 * imported), the last snapshot, and which manifest it is compared with (the active one, else the first).
 */
export class MachineModel implements Disposable {
  private source: Source | undefined;
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
    if (!source) return undefined;
    if (source.kind === 'regFile') return source.snapshot;
    const command = await registryCommand(this.host.configuration, this.host.environment);
    if ('unavailable' in command) throw new UserError(command.unavailable);
    return readMachine(await this.host.registry(command.command), `this machine (${command.label})`);
  }

  /** Shows a .reg export's values; a malformed file is refused with its line and reason. */
  importRegExport(name: string, bytes: Uint8Array): MachineSnapshot {
    const file = parseRegFile(bytes);
    if (!file.ok) throw new UserError(`${name} is not a readable .reg export: ${describeCodecError(file.error)}`);
    const snapshot = machineFromRegFile(file.value, name);
    this.source = { kind: 'regFile', snapshot };
    this.refresh();
    return snapshot;
  }

  /** Goes back to the live registry (refused where it cannot be reached). */
  async useRegistry(): Promise<MachineSnapshot | undefined> {
    const command = await registryCommand(this.host.configuration, this.host.environment);
    if ('unavailable' in command) throw new UserError(command.unavailable);
    this.source = { kind: 'registry' };
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
    return machineNodes(snapshot, settings, manifest?.name);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
