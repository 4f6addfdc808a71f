import { CLOUDS, REGIONS, hasLegacyRegions, type Cloud, type Region } from '../../core/catalog/catalog';
import { parseServerString } from '../../core/connectivity/serverString';
import { PROXY_MODES, type ProxyMode } from '../../core/manifest/model';
import { newManifestText, type NewManifestOptions } from '../../core/manifest/template';
import { MAX_INSTANCE_LENGTH, isValidInstance } from '../../core/manifest/instanceName';
import type { HostDocuments, HostFiles, HostUi } from '../host';
import { LANGUAGE_ID } from '../manifestGlob';
import type { Command } from './command';
import { CancelledError } from './manifestTarget';

const TITLE = 'New ATP Proxy Manifest';

/** Why an instance name is not usable, or undefined (SPEC ATP160: a DNS label that fits with the `sensorapi` suffix). */
export function instanceProblem(value: string): string | undefined {
  if (value === '') return 'The instance (workspace) name, as in <instance>.atp.azure.com';
  if (value.length > MAX_INSTANCE_LENGTH) return `At most ${MAX_INSTANCE_LENGTH} characters (${value.length}): <instance>sensorapi must fit in a DNS label`;
  if (!isValidInstance(value)) return 'Use lower-case letters a-z, digits and "-", not at the start or end';
  return undefined;
}

/** Why a proxy server string is not usable (WinINET syntax), or undefined. */
export function serverProblem(value: string): string | undefined {
  if (value.trim() === '') return 'host:port, e.g. proxy.contoso.com:8080';
  if (value.includes('@')) return 'No credentials here: use "ATP Proxy: Set Proxy Credentials"';
  const parsed = parseServerString(value);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** Why a PAC URL is not usable, or undefined. */
function pacUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'An http:// or https:// URL';
    if (url.username || url.password) return 'No credentials in the URL';
    return undefined;
  } catch {
    return 'The URL of the PAC file, e.g. http://proxy.contoso.com/proxy.pac';
  }
}

const MODE_DETAILS: Record<ProxyMode, string> = {
  static: 'A proxy server host:port in the service accounts’ WinINET settings',
  pac: 'A proxy auto-config (PAC) file URL in the service accounts’ WinINET settings',
  wpad: 'Automatic detection (WPAD): no WinINET configuration needed',
  transparent: 'The network redirects the traffic: no WinINET configuration needed',
  direct: 'The domain controllers reach the service directly',
};

/**
 * `atpProxy.newManifest`: asks for the instance, cloud, region, proxy mode and server or PAC URL, then
 * writes a complete manifest with every endpoint the instance needs (no findings) and opens it.
 */
export class NewManifestCommand implements Command {
  readonly id = 'atpProxy.newManifest';
  constructor(
    private readonly deps: {
      ui: Pick<HostUi, 'pick' | 'input' | 'openUntitled' | 'reveal'>;
      files: Pick<HostFiles, 'exists' | 'writeText'>;
      documents: Pick<HostDocuments, 'workspaceFolder'>;
    },
  ) {}

  /** `answers` skips the questions it answers (tests, walkthrough links). Resolves to the new file's URI, or the text when no folder is open. */
  async execute(_target: unknown, answers?: unknown): Promise<string> {
    const given = (typeof answers === 'object' && answers !== null ? answers : {}) as Partial<NewManifestOptions>;
    const options = await this.ask(given);
    const text = newManifestText(options);
    const folder = this.deps.documents.workspaceFolder();
    if (!folder) {
      await this.deps.ui.openUntitled(text, LANGUAGE_ID);
      return text;
    }
    const base = `${folder.replace(/\/$/, '')}/${options.instance}`;
    let uri = `${base}.atpproxy.jsonc`;
    // Never overwrite an existing manifest.
    for (let n = 2; await this.deps.files.exists(uri); n++) uri = `${base}-${n}.atpproxy.jsonc`;
    await this.deps.files.writeText(uri, text);
    await this.deps.ui.reveal(uri);
    return uri;
  }

  private async ask(given: Partial<NewManifestOptions>): Promise<NewManifestOptions> {
    const { ui } = this.deps;
    const instance =
      given.instance ??
      (await ui.input({ title: `${TITLE} (1/4)`, prompt: 'ATP instance (workspace) name', placeHolder: 'contoso-corp', validate: instanceProblem }))?.trim();
    if (instance === undefined) throw new CancelledError();
    const problem = instanceProblem(instance);
    if (problem) throw new Error(`instance "${instance}": ${problem}`);
    const cloud =
      given.cloud ??
      (await ui.pick<Cloud>(
        CLOUDS.map((c) => ({ value: c, label: c, description: c === 'commercial' ? 'atp.azure.com' : c === 'gcc' ? 'gcc.atp.azure.com' : 'atp.azure.us' })),
        { title: `${TITLE} (2/4)`, placeHolder: 'Cloud' },
      ));
    if (!cloud || !CLOUDS.includes(cloud)) throw new CancelledError();
    let region: Region | undefined;
    if (hasLegacyRegions(cloud)) {
      region =
        given.region ??
        (await ui.pick<Region>(
          REGIONS.map((r) => ({ value: r, label: r })),
          { title: `${TITLE} (3/4)`, placeHolder: 'Service location of the instance' },
        ));
      if (!region || !REGIONS.includes(region)) throw new CancelledError();
    }
    const mode =
      given.mode ??
      (await ui.pick<ProxyMode>(
        PROXY_MODES.map((m) => ({ value: m, label: m, detail: MODE_DETAILS[m] })),
        { title: `${TITLE} (4/4)`, placeHolder: 'How the sensors reach the Internet' },
      ));
    if (!mode || !PROXY_MODES.includes(mode)) throw new CancelledError();
    const options: NewManifestOptions = { instance, cloud, region, mode };
    if (mode === 'static') {
      options.server =
        given.server ??
        (
          await ui.input({
            title: `${TITLE}: proxy`,
            prompt: 'Proxy server (WinINET syntax: host:port, or http=h:p;https=h:p)',
            placeHolder: 'proxy.contoso.com:8080',
            validate: serverProblem,
          })
        )?.trim();
      if (options.server === undefined) throw new CancelledError();
    } else if (mode === 'pac') {
      options.pacUrl =
        given.pacUrl ??
        (
          await ui.input({
            title: `${TITLE}: PAC file`,
            prompt: 'URL of the PAC file',
            placeHolder: 'http://proxy.contoso.com/proxy.pac',
            validate: pacUrlProblem,
          })
        )?.trim();
      if (options.pacUrl === undefined) throw new CancelledError();
    }
    return options;
  }
}
