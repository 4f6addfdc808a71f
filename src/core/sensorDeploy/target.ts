// What method `sensor` asks of a sensor (SPEC section 7): the proxy URL its Deployer takes and the proxy account,
// or no proxy at all (modes direct, transparent, wpad: the sensor's own configuration must then hold none).
import type { ManifestSettings } from '../manifest/model';
import { httpsProxy, parseProxyServer } from '../manifest/proxyServer';

/** The proxy configuration a manifest wants in SensorConfiguration.json; `url` undefined means none (cleared). */
export interface SensorTarget {
  url?: string;
  /** The proxy account (DOMAIN\user); its password is asked for at run time, never stored in the manifest. */
  user?: string;
}

/** The sensor's proxy for a manifest with method `sensor`, or why there is none to deploy. */
export function sensorTargetOf(manifest: ManifestSettings): { ok: true; target: SensorTarget } | { ok: false; reason: string } {
  const proxy = manifest.proxy;
  const user = proxy.user?.trim() || undefined;
  switch (proxy.mode) {
    case 'direct':
    case 'transparent':
    case 'wpad':
      // Nothing to tell the sensor: its configuration must hold no proxy (a user without a proxy means nothing).
      return { ok: true, target: {} };
    case 'pac':
      return {
        ok: false,
        reason: "method sensor takes one proxy URL, not a PAC file: set proxy.mode to static with the proxy's host:port (or use method wininet for a PAC file)",
      };
    case 'static':
      break;
    case undefined:
      return {
        ok: false,
        reason: 'proxy.mode is missing or not one of static, pac, wpad, transparent, direct: set it to say how the sensors reach the Internet',
      };
  }
  const parsed = parseProxyServer(proxy.server ?? '');
  if (!parsed.ok) return { ok: false, reason: `proxy.server: ${parsed.reason}` };
  const entry = httpsProxy(parsed.entries);
  if (!entry) return { ok: false, reason: 'proxy.server names no proxy for HTTPS (an https= entry or one for every protocol): the sensor needs that one' };
  if (entry.credentials !== undefined)
    return {
      ok: false,
      reason: 'proxy.server contains credentials (user:pass@): remove them and set proxy.user (the password is asked for when the script runs)',
    };
  const host = entry.host.includes(':') ? `[${entry.host}]` : entry.host;
  return { ok: true, target: { url: `http://${host.toLowerCase()}:${entry.port}`, user } };
}

/** The arguments of `Microsoft.Tri.Sensor.Deployment.Deployer.exe` for a target; `password` only when it has a user. */
export function deployerArguments(target: SensorTarget, password: string): string[] {
  if (target.url === undefined) return ['ClearProxyConfiguration'];
  const args = [`ProxyUrl=${target.url}`];
  if (target.user !== undefined) args.push(`ProxyUserName=${target.user}`, `ProxyUserPassword=${password}`);
  return args;
}

/** Program and file names of the sensor (Microsoft's). */
export const SENSOR_SERVICE = 'AATPSensor';
export const UPDATER_SERVICE = 'AATPSensorUpdater';
export const SENSOR_CONFIGURATION = 'SensorConfiguration.json';
export const DEPLOYER_PROGRAM = 'Microsoft.Tri.Sensor.Deployment.Deployer.exe';
/** Where the sensor installs by default (the version folder below it holds the programs). */
export const DEFAULT_SENSOR_ROOT = 'C:\\Program Files\\Azure Advanced Threat Protection Sensor';
/** The environment variable `atp-proxy apply` reads the proxy account's password from (never from argv). */
export const PASSWORD_VARIABLE = 'ATP_PROXY_USER_PASSWORD';
