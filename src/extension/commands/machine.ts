import { parseManifest, settingsOf } from '../../core/manifest/parse';
import { machineEngine } from '../machine/machineModel';
import type { HostFiles, HostUi } from '../host';
import type { MachineModel } from '../machine/machineModel';
import type { MachineSnapshot } from '../../core/machine/snapshot';
import type { ManifestList } from '../views/manifestList';
import { UserError, type Command, type CommandTarget } from './command';
import { baseName, CancelledError, manifestFor } from './manifestTarget';

type Deps = {
  machine: MachineModel;
  ui: Pick<HostUi, 'pickFile' | 'pick' | 'openDiff'>;
  files: Pick<HostFiles, 'readBytes' | 'readText'>;
  manifests: Pick<ManifestList, 'list'>;
};

async function importFrom(deps: Deps, target: CommandTarget): Promise<MachineSnapshot> {
  let uri = target && /\.reg$/i.test(target.name) ? target.uri : undefined;
  uri ??= await deps.ui.pickFile({
    title: 'Import a .reg export (reg export HKU\\S-1-5-18 …, HKU\\S-1-5-19 …, HKCU …, HKLM …)',
    filters: { 'Registry files': ['reg'], 'All files': ['*'] },
  });
  if (!uri) throw new CancelledError();
  return deps.machine.importRegExport(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), await deps.files.readBytes(uri));
}

/** `atpProxy.importRegExport`: shows a .reg export's values in the Machine view (auditing a machine from here). */
export class ImportRegExportCommand implements Command {
  readonly id = 'atpProxy.importRegExport';
  constructor(private readonly deps: Deps) {}

  /** Resolves to the snapshot shown. */
  async execute(target: CommandTarget): Promise<MachineSnapshot> {
    return importFrom(this.deps, target);
  }
}

async function importSensorFrom(deps: Deps, target: CommandTarget): Promise<MachineSnapshot | undefined> {
  let uri = target && /\.json$/i.test(target.name) ? target.uri : undefined;
  uri ??= await deps.ui.pickFile({
    title: 'Import a sensor’s SensorConfiguration.json (from the folder of Microsoft.Tri.Sensor.exe)',
    filters: { 'Sensor configuration': ['json'], 'All files': ['*'] },
  });
  if (!uri) throw new CancelledError();
  return deps.machine.importSensorConfiguration(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), await deps.files.readBytes(uri));
}

/** `atpProxy.importSensorConfiguration`: shows a sensor's SensorConfiguration.json (method `sensor`) in the Machine view. */
export class ImportSensorConfigurationCommand implements Command {
  readonly id = 'atpProxy.importSensorConfiguration';
  constructor(private readonly deps: Deps) {}

  /** Resolves to the snapshot shown. */
  async execute(target: CommandTarget): Promise<MachineSnapshot | undefined> {
    return importSensorFrom(this.deps, target);
  }
}

/** `atpProxy.readMachine`: the Machine view reads the live registry again (Windows, or the configured reg command). */
export class ReadMachineCommand implements Command {
  readonly id = 'atpProxy.readMachine';
  constructor(private readonly machine: Pick<MachineModel, 'useRegistry'>) {}

  async execute(): Promise<MachineSnapshot | undefined> {
    return this.machine.useRegistry();
  }
}

/** `atpProxy.compareMachine`: a diff editor of the machine's decoded values against what the manifest asks for. */
export class CompareMachineCommand implements Command {
  readonly id = 'atpProxy.compareMachine';
  constructor(private readonly deps: Deps) {}

  /** Resolves to both sides. */
  async execute(target: CommandTarget): Promise<{ machine: string; manifest: string }> {
    const file = await manifestFor(target, this.deps.manifests, this.deps.ui, 'compare with the machine');
    let snapshot = await this.deps.machine.currentSnapshot();
    if (!snapshot) {
      // No registry here: the values must come from an export.
      const choice = await this.deps.ui.pick(
        [
          { label: 'Import a .reg export…', value: 'import' as const },
          { label: 'Import a SensorConfiguration.json…', value: 'sensor' as const },
        ],
        { title: 'Nothing to compare yet: this machine’s registry cannot be read here' },
      );
      if (!choice) throw new CancelledError();
      snapshot = choice === 'sensor' ? await importSensorFrom(this.deps, undefined) : await importFrom(this.deps, undefined);
    }
    if (!snapshot) throw new UserError('No machine values to compare.');
    const settings = settingsOf(parseManifest(await this.deps.files.readText(file.uri)).manifest);
    const { comparisonTexts } = await machineEngine();
    const texts = comparisonTexts(snapshot, settings, file.name);
    await this.deps.ui.openDiff(
      `${snapshot.source} ↔ ${file.name}`,
      { title: 'machine.txt', content: texts.machine },
      { title: `${baseName(file.name)}.expected.txt`, content: texts.manifest },
    );
    return texts;
  }
}
