import { CLOUDS, REGIONS, hasLegacyRegions, type Cloud, type Region } from '../../core/catalog/catalog';
import { parseServerString } from '../../core/connectivity/serverString';
import { PROXY_MODES, SENSOR_VERSIONS, type ProxyMode, type SensorVersion } from '../../core/manifest/model';
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
  static: 'A proxy server host:port, given to the sensor by its own configuration (v2) or Defender for Endpoint’s policy (v3)',
  pac: 'A proxy auto-config (PAC) file URL in the service accounts’ WinINET settings (v2 only)',
  wpad: 'Automatic detection (WPAD): nothing to configure',
  transparent: 'The network redirects the traffic: nothing to configure',
  direct: 'The domain controllers reach the service directly',
};

const SENSOR_DETAILS: Record<SensorVersion, string> = {
  v2: 'Installed sensor (Azure ATP sensor Setup.exe): reaches <instance>sensorapi',
  v3: 'Activated through Defender for Endpoint (Windows Server 2019 and later): reaches its streamlined domain',
};

const CLOUD_DOMAINS: Record<Cloud, string> = { commercial: 'atp.azure.com', gcc: 'gcc.atp.azure.com', 'gcc-high': 'atp.azure.us', dod: 'atp.azure.us' };

/** Why a proxy account is not usable (DOMAIN\\user or user@domain; empty for none), or undefined. */
function userProblem(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  return /^[^\s"'`$:;]+$/.test(value.trim()) ? undefined : 'DOMAIN\\user or user@domain, no spaces or quotes (leave empty for no proxy login)';
}

/**
 * `atpProxy.newManifest`: asks for the sensor generation, the instance, cloud, proxy mode and server (and, for a v2
 * static proxy, the proxy account) or PAC URL, then writes a complete manifest of the current guidance with every
 * endpoint the sensors need (no errors) and opens it. Answers may ask for the 2018 guidance (then the region too).
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
    const guidance = given.guidance === '2018' ? '2018' : 'current';
    const sensor =
      guidance === '2018'
        ? 'v2'
        : (given.sensor ??
          (await ui.pick<SensorVersion>(
            SENSOR_VERSIONS.map((v) => ({ value: v, label: `Sensor ${v}`, detail: SENSOR_DETAILS[v] })),
            { title: `${TITLE} (1/4)`, placeHolder: 'Which sensor runs on the domain controllers?' },
          )));
    if (!sensor || !SENSOR_VERSIONS.includes(sensor)) throw new CancelledError();
    const instance =
      given.instance ??
      (
        await ui.input({
          title: `${TITLE} (2/4)`,
          prompt: 'Defender for Identity instance (workspace) name',
          placeHolder: 'contoso-corp',
          validate: instanceProblem,
        })
      )?.trim();
    if (instance === undefined) throw new CancelledError();
    const problem = instanceProblem(instance);
    if (problem) throw new Error(`instance "${instance}": ${problem}`);
    const cloud =
      given.cloud ??
      (await ui.pick<Cloud>(
        CLOUDS.map((c) => ({ value: c, label: c, description: CLOUD_DOMAINS[c] })),
        { title: `${TITLE} (3/4)`, placeHolder: 'Cloud' },
      ));
    if (!cloud || !CLOUDS.includes(cloud)) throw new CancelledError();
    let region: Region | undefined;
    // Only the 2018 guidance has regional endpoints.
    if (guidance === '2018' && hasLegacyRegions(cloud)) {
      region =
        given.region ??
        (await ui.pick<Region>(
          REGIONS.map((r) => ({ value: r, label: r })),
          { title: `${TITLE}: service location`, placeHolder: 'Service location of the instance' },
        ));
      if (!region || !REGIONS.includes(region)) throw new CancelledError();
    }
    // Defender for Endpoint takes a static proxy only (no PAC file).
    const modes: readonly ProxyMode[] = sensor === 'v3' ? PROXY_MODES.filter((m) => m !== 'pac') : PROXY_MODES;
    const mode =
      given.mode ??
      (await ui.pick<ProxyMode>(
        modes.map((m) => ({ value: m, label: m, detail: MODE_DETAILS[m] })),
        { title: `${TITLE} (4/4)`, placeHolder: 'How the sensors reach the Internet' },
      ));
    if (!mode || !modes.includes(mode)) throw new CancelledError();
    const options: NewManifestOptions = { guidance, sensor, instance, cloud, region, mode };
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
      if (sensor === 'v2' && guidance === 'current') {
        const user =
          given.user ??
          (
            await ui.input({
              title: `${TITLE}: proxy account`,
              prompt: 'Proxy account the sensor signs in with, if the proxy asks for one (leave empty for none; the password is asked when you deploy)',
              placeHolder: 'CONTOSO\\svc-mdi-proxy',
              validate: userProblem,
            })
          )?.trim();
        if (user === undefined) throw new CancelledError();
        if (user) options.user = user;
      }
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
