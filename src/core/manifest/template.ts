import { Cloud, Region, hasLegacyRegions, requiredEndpoints } from '../catalog/catalog';
import type { Guidance, ProxyMethod, ProxyMode, SensorVersion } from './model';

/** What the guided "new manifest" flow asks for. */
export interface NewManifestOptions {
  /** Default current. */
  guidance?: Guidance;
  /** Default v2. */
  sensor?: SensorVersion;
  instance: string;
  cloud: Cloud;
  /** The 2018 guidance needs it for the commercial cloud; ignored otherwise (no regional endpoints). */
  region?: Region;
  mode: ProxyMode;
  /** `host:port` for mode static. */
  server?: string;
  /** The PAC file URL for mode pac. */
  pacUrl?: string;
  /** The proxy account for method sensor (never a password). */
  user?: string;
}

/** The method a new manifest gets: the one current guidance recommends for the sensor and mode (ATP144), wininet for 2018. */
function methodFor(guidance: Guidance, sensor: SensorVersion, mode: ProxyMode): ProxyMethod | undefined {
  if (mode !== 'static' && mode !== 'pac') return undefined;
  if (guidance === '2018') return 'wininet';
  if (sensor === 'v3') return 'policy';
  return mode === 'static' ? 'sensor' : 'wininet';
}

/**
 * A complete manifest (JSONC, two-space indent) for the answers: every endpoint the sensors need in `allow`, port 443,
 * no SSL inspection, the method current guidance recommends (a registry section exactly when it is WinINET), so that
 * it validates without errors.
 */
export function newManifestText(options: NewManifestOptions): string {
  const guidance = options.guidance ?? 'current';
  const sensor = options.sensor ?? 'v2';
  const regional = guidance === '2018' && hasLegacyRegions(options.cloud);
  const method = methodFor(guidance, sensor, options.mode);
  const proxy: Record<string, unknown> = { mode: options.mode };
  if (guidance !== '2018' && method) proxy.method = method;
  if (options.mode === 'static') {
    proxy.server = options.server ?? '';
    if (method === 'sensor' && options.user) proxy.user = options.user;
    proxy.bypass = ['<local>'];
  }
  if (options.mode === 'pac') proxy.pacUrl = options.pacUrl ?? '';
  const manifest: Record<string, unknown> = { version: 1 };
  if (guidance === '2018') manifest.guidance = '2018';
  if (sensor === 'v3') manifest.sensor = 'v3';
  manifest.instance = options.instance;
  manifest.cloud = options.cloud;
  if (regional) manifest.region = options.region;
  manifest.proxy = proxy;
  // Only WinINET needs the service accounts' values (SPEC section 7).
  if (method === 'wininet') {
    manifest.registry = { source: 'currentUser', targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings'], backup: true };
  }
  const allow = requiredEndpoints({ guidance, sensor, cloud: options.cloud, region: regional ? options.region : undefined, instance: options.instance }).map(
    (e) => e.entry,
  );
  manifest.firewall = { port: 443, allow, sslInspection: 'none' };
  const where = regional ? `${options.cloud} cloud, ${options.region ?? '?'} service location` : `${options.cloud} cloud`;
  const following = guidance === '2018' ? 'the 2018 Azure ATP guidance' : `current Defender for Identity guidance, sensor ${sensor}`;
  return `// Defender for Identity sensor proxy deployment for instance "${options.instance}" (${where}; ${following}).\n${JSON.stringify(manifest, null, 2)}\n`;
}
