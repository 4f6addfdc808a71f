import type { HostFiles, HostUi } from '../host';
import type { ManifestList } from '../views/manifestList';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError, manifestFor } from './manifestTarget';

const GENERATE_ANYWAY = 'Generate Anyway';

/**
 * `atpProxy.generatePreflight`: what `atp-proxy preflight` writes (SPEC section 8), the domain-controller script with the
 * manifest embedded, in an untitled PowerShell editor. Refused for a manifest with error findings unless the user
 * insists, as Generate Deployment Script is.
 */
export class GeneratePreflightCommand implements Command {
  readonly id = 'atpProxy.generatePreflight';
  constructor(
    private readonly deps: { manifests: Pick<ManifestList, 'list'>; ui: Pick<HostUi, 'pick' | 'openUntitled' | 'ask'>; files: Pick<HostFiles, 'readText'> },
  ) {}

  /** Resolves to the script's text (the host tests read it). */
  async execute(target: CommandTarget): Promise<string> {
    const file = await manifestFor(target, this.deps.manifests, this.deps.ui, 'generate a preflight script for');
    const text = await this.deps.files.readText(file.uri);
    const { preflightScript } = await import(/* webpackChunkName: "preflight" */ '../../core/usecases/preflightScript');
    let script = preflightScript(text, file.name, { override: `choose "${GENERATE_ANYWAY}"` });
    if (!script.ok && script.blocking) {
      const choice = await this.deps.ui.ask(
        'warning',
        `Cannot generate a preflight script for ${file.name}`,
        { modal: true, detail: script.reason },
        GENERATE_ANYWAY,
      );
      if (choice !== GENERATE_ANYWAY) throw new CancelledError();
      script = preflightScript(text, file.name, { force: true });
    }
    if (!script.ok) throw new UserError(`Cannot generate a preflight script for ${file.name}: ${script.reason}`);
    await this.deps.ui.openUntitled(script.content, 'powershell');
    return script.content;
  }
}
