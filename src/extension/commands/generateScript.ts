import type { HostFiles, HostUi } from '../host';
import type { ScriptFormat } from '../../core/usecases/deploymentScript';
import type { ManifestList } from '../views/manifestList';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError, manifestFor } from './manifestTarget';

const FORMATS: { value: ScriptFormat; label: string; detail: string }[] = [
  { value: 'ps1', label: 'PowerShell script (.ps1)', detail: 'Backs up with reg export, checks ProxySettingsPerUser, writes, reads back, restores on error' },
  { value: 'reg', label: 'Registry file (.reg)', detail: 'Imports the value for LocalSystem and LocalService with regedit or reg import' },
  {
    value: 'gpp',
    label: 'Group Policy Preferences (Registry.xml)',
    detail: 'Rolls the value out to every domain controller through the Domain Controllers OU',
  },
  { value: 'hex', label: 'Hex value', detail: 'The DefaultConnectionSettings bytes alone' },
];

const GENERATE_ANYWAY = 'Generate Anyway';

function isFormat(value: unknown): value is ScriptFormat {
  return FORMATS.some((f) => f.value === value);
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
    const chosen = isFormat(format) ? format : await this.deps.ui.pick(FORMATS, { title: `Deployment script for ${file.name}`, placeHolder: 'Format' });
    if (!chosen) throw new CancelledError();
    const text = await this.deps.files.readText(file.uri);
    const { generateDeploymentScript } = await import(/* webpackChunkName: "wininet" */ '../../core/usecases/deploymentScript');
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
