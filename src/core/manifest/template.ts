import { Cloud, Region, hasLegacyRegions, requiredEndpoints } from '../catalog/catalog';
import { ProxyMode } from './model';

/** What the guided "new manifest" flow asks for. */
export interface NewManifestOptions {
  instance: string;
  cloud: Cloud;
  /** Needed for the commercial cloud; ignored by the others (they have no regional endpoints). */
  region?: Region;
  mode: ProxyMode;
  /** `host:port` for mode static. */
  server?: string;
  /** The PAC file URL for mode pac. */
  pacUrl?: string;
}

/**
 * A complete manifest (JSONC, two-space indent) for the answers: every endpoint the instance needs in
 * `allow`, port 443, no SSL inspection, and a registry section exactly when the mode needs one, so that
 * it validates without findings.
 */
export function newManifestText(options: NewManifestOptions): string {
  const commercial = hasLegacyRegions(options.cloud);
  const proxy: Record<string, unknown> = { mode: options.mode };
  if (options.mode === 'static') {
    proxy.server = options.server ?? '';
    proxy.bypass = ['<local>'];
  }
  if (options.mode === 'pac') proxy.pacUrl = options.pacUrl ?? '';
  const manifest: Record<string, unknown> = { version: 1, instance: options.instance, cloud: options.cloud };
  if (commercial) manifest.region = options.region;
  manifest.proxy = proxy;
  // Only static and pac need the service accounts' WinINET values (SPEC section 1).
  if (options.mode === 'static' || options.mode === 'pac') {
    manifest.registry = { source: 'currentUser', targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings'], backup: true };
  }
  const allow = requiredEndpoints(options.cloud, commercial ? options.region : undefined, options.instance).map((e) => e.host);
  manifest.firewall = { port: 443, allow, sslInspection: 'none' };
  const where = commercial ? `${options.cloud} cloud, ${options.region ?? '?'} service location` : `${options.cloud} cloud`;
  return `// ATP sensor proxy deployment for instance "${options.instance}" (${where}).\n${JSON.stringify(manifest, null, 2)}\n`;
}
