import type { HostFiles, HostUi } from '../host';
import type { ScriptFormat } from '../../core/usecases/deploymentScript';
import type { ManifestList } from '../views/manifestList';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError, manifestFor } from './manifestTarget';

type FormatItem = { value: ScriptFormat; label: string; detail: string };

/** The quick-pick entry of each format; a method's formats come from core (formatsForManifest), in its order. */
const FORMATS: Record<ScriptFormat, FormatItem> = {
  ps1: {
    value: 'ps1',
    label: 'PowerShell script (.ps1)',
    detail: 'Backs up with reg export, checks ProxySettingsPerUser, writes, reads back, restores on error',
  },
  reg: { value: 'reg', label: 'Registry file (.reg)', detail: 'Imports the value for LocalSystem and LocalService with regedit or reg import' },
  gpp: {
    value: 'gpp',
    label: 'Group Policy Preferences (Registry.xml)',
    detail: 'Rolls the value out to every domain controller through the Domain Controllers OU',
  },
  hex: { value: 'hex', label: 'Hex value', detail: 'The DefaultConnectionSettings bytes alone' },
  cmd: { value: 'cmd', label: 'Sensor installation command (.cmd)', detail: '"Azure ATP sensor Setup.exe" with the proxy switches, for new installations' },
  ansible: {
    value: 'ansible',
    label: 'Ansible playbook (.yml)',
    detail: 'ansible.windows tasks: back up what changes, set, read back, stop the host on any difference',
  },
  dsc: { value: 'dsc', label: 'PowerShell DSC configuration (.ps1)', detail: 'One Registry resource per value, for a Node $AllNodes.NodeName block' },
  module: {
    value: 'module',
    label: 'DefenderForIdentity module lines (.ps1)',
    detail: 'Set-MDISensorProxyConfiguration, then Get-MDISensorProxyConfiguration to verify',
  },
};

/** The .ps1 of method sensor does something else than WinINET's: its entry says what. */
const SENSOR_PS1: FormatItem = {
  value: 'ps1',
  label: 'PowerShell script (.ps1)',
  detail: "Backs up SensorConfiguration.json, runs the sensor's Deployer, reads it back, restores on error",
};

const GENERATE_ANYWAY = 'Generate Anyway';

function isFormat(value: unknown): value is ScriptFormat {
  return typeof value === 'string' && Object.hasOwn(FORMATS, value);
}

/** `atpProxy.generateScript`: the manifest's deployment as .ps1, .reg, Group Policy XML or hex, in an untitled editor. */
export class GenerateScriptCommand implements Command {
  readonly id = 'atpProxy.generateScript';
  constructor(
    private readonly deps: { manifests: Pick<ManifestList, 'list'>; ui: Pick<HostUi, 'pick' | 'openUntitled' | 'ask'>; files: Pick<HostFiles, 'readText'> },
  ) {}

  /** Resolves to the generated text (the host tests read it). */
  async execute(target: CommandTarget, format?: unknown): Promise<string> {
    const file = await manifestFor(target, this.deps.manifests, this.deps.ui, 'generate a script for');
    const text = await this.deps.files.readText(file.uri);
    const { generateDeploymentScript, formatsForManifest } = await import(/* webpackChunkName: "wininet" */ '../../core/usecases/deploymentScript');
    // Only the formats that fit the manifest's method; none (no method, or one not yet supported): core says why below.
    const { method, formats } = formatsForManifest(text);
    const items = formats.map((f) => (method === 'sensor' && f === 'ps1' ? SENSOR_PS1 : FORMATS[f]));
    const chosen = isFormat(format)
      ? format
      : items.length === 0
        ? undefined
        : await this.deps.ui.pick(items, { title: `Deployment script for ${file.name} (method ${method ?? 'unset'})`, placeHolder: 'Format' });
    if (!chosen && items.length > 0) throw new CancelledError();
    let script = generateDeploymentScript(text, chosen, file.name, { override: `choose "${GENERATE_ANYWAY}"` });
    if (!script.ok && script.blocking) {
      // As `atp-proxy encode --force`: the user may insist, and the script's header then says it was forced.
      const choice = await this.deps.ui.ask('warning', `Cannot generate a script for ${file.name}`, { modal: true, detail: script.reason }, GENERATE_ANYWAY);
      if (choice !== GENERATE_ANYWAY) throw new CancelledError();
      script = generateDeploymentScript(text, chosen, file.name, { force: true });
    }
    if (!script.ok) throw new UserError(`Cannot generate a script for ${file.name}: ${script.reason}`);
    await this.deps.ui.openUntitled(script.content, script.language);
    return script.content;
  }
}
