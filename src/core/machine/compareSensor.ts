// How a sensor's SensorConfiguration.json compares with a manifest (method `sensor`: Url = the manifest's proxy by
// host and port, UserName = proxy.user), and whether two methods on one machine hold proxies that disagree.
import { httpsProxy, parseServerString } from '../connectivity/serverString';
import type { ManifestSettings } from '../manifest/model';
import { compareApiAddress, formatHostPort, hostPortOf, type HostPort } from '../sensorConfig/addresses';
import { apiAddressText } from '../sensorConfig/describe';
import type { SensorConfiguration } from '../sensorConfig/sensorConfiguration';
import { FLAG_PROXY } from '../wininet/connectionSettings';
import type { MachineSnapshot } from './snapshot';

/** One field's verdict: what the machine holds against what the manifest asks for. */
type SensorFieldVerdict = { kind: 'same' } | { kind: 'differs' } | { kind: 'not-compared'; reason: string };

/** A row of the sensor configuration: label, the machine's value, the manifest's expectation and the verdict. */
export interface SensorField {
  field: 'proxyUrl' | 'userName' | 'password' | 'apiAddress';
  label: string;
  /** The machine's value as text (the password only as yes / no). */
  machine: string;
  /** What the manifest asks for, as text; undefined when it asks nothing of this field. */
  manifest?: string;
  verdict: SensorFieldVerdict;
}

/** The proxy the manifest gives method `sensor` (the HTTPS entry of `server`), or why it gives none. */
function manifestProxy(settings: ManifestSettings): { proxy?: HostPort; none?: string } {
  const { mode, method, server } = settings.proxy;
  if (settings.sensor === 'v3') return { none: 'sensor v3 does not read SensorConfiguration.json' };
  // No proxy to give (direct, transparent, WPAD), or another method gives it: none expected here.
  if (method !== 'sensor' || mode === 'direct' || mode === 'transparent' || mode === 'wpad') return {};
  if (mode !== 'static') return { none: `method sensor takes a static proxy; the mode is ${mode ?? 'not set'}` };
  if (!server) return { none: 'proxy.server is not set' };
  const list = parseServerString(server);
  const proxy = 'problem' in list ? undefined : httpsProxy(list);
  return proxy ? { proxy: { host: proxy.host.toLowerCase().replace(/\.$/, ''), port: proxy.port } } : { none: `proxy.server "${server}" cannot be read` };
}

function verdict(same: boolean): SensorFieldVerdict {
  return same ? { kind: 'same' } : { kind: 'differs' };
}

/**
 * The rows of a sensor's configuration compared with a manifest (each `not-compared` without one). Method `sensor`
 * expects the manifest's proxy, user and a password with a user; any other method, or no proxy, expects none.
 */
export function compareSensorConfiguration(config: SensorConfiguration, settings: ManifestSettings | undefined): SensorField[] {
  const url = config.proxy?.url;
  const userName = config.proxy?.userName ?? config.orphanUserName;
  const password = config.proxy?.passwordPresent ?? false;
  const rows: SensorField[] = [
    { field: 'proxyUrl', label: 'Proxy URL', machine: url ?? '(none)', verdict: { kind: 'not-compared', reason: 'no manifest' } },
    { field: 'userName', label: 'User', machine: userName ?? '(none)', verdict: { kind: 'not-compared', reason: 'no manifest' } },
    { field: 'password', label: 'Password', machine: password ? 'yes' : 'no', verdict: { kind: 'not-compared', reason: 'no manifest' } },
    { field: 'apiAddress', label: 'Sensor API address', machine: apiAddressText(config), verdict: { kind: 'not-compared', reason: 'no manifest' } },
  ];
  if (!settings) return rows;
  const [urlRow, userRow, passwordRow, apiRow] = rows;
  const expected = manifestProxy(settings);
  if (expected.none !== undefined) {
    for (const row of [urlRow, userRow, passwordRow]) row.verdict = { kind: 'not-compared', reason: expected.none };
  } else if (expected.proxy) {
    const got = url === undefined ? undefined : hostPortOf(url, 80);
    urlRow.manifest = `http://${formatHostPort(expected.proxy)}`;
    urlRow.verdict = verdict(got !== undefined && got.host === expected.proxy.host && got.port === expected.proxy.port);
    const user = settings.proxy.user;
    userRow.manifest = user ?? '(none)';
    userRow.verdict = verdict((userName ?? '').toLowerCase() === (user ?? '').toLowerCase());
    passwordRow.manifest = user ? 'yes' : 'no';
    passwordRow.verdict = verdict(password === Boolean(user));
  } else {
    // Another method (or none) is in charge: the sensor's own configuration should hold no proxy.
    const mode = settings.proxy.mode;
    const why =
      mode === 'direct' || mode === 'transparent' || mode === 'wpad' || !settings.proxy.method
        ? `mode ${mode ?? 'not set'}`
        : `method ${settings.proxy.method}`;
    urlRow.manifest = `(none: ${why})`;
    urlRow.verdict = verdict(url === undefined);
    userRow.manifest = '(none)';
    userRow.verdict = verdict(userName === undefined);
    passwordRow.manifest = 'no';
    passwordRow.verdict = verdict(!password);
  }
  if (settings.sensor === 'v3') apiRow.verdict = { kind: 'not-compared', reason: 'sensor v3 does not read SensorConfiguration.json' };
  else {
    const api = compareApiAddress(config.apiAddress, config.apiPort, settings);
    if (api.kind === 'not-compared') apiRow.verdict = { kind: 'not-compared', reason: api.reason };
    else {
      apiRow.manifest = api.expected;
      apiRow.verdict = verdict(api.kind === 'same');
    }
  }
  return rows;
}

/** Two methods holding proxies that disagree on one machine (SPEC section 7), in words; undefined when they do not. */
export interface MixedMethods {
  sensorProxy: string;
  wininetProxy: string;
  message: string;
}

/**
 * Whether SensorConfiguration.json's Url and LocalService's WinINET proxy (DefaultConnectionSettings with the proxy
 * flag) are both set and name different proxies (by host and port).
 */
export function mixedMethods(snapshot: MachineSnapshot): MixedMethods | undefined {
  const sensor = snapshot.sensor?.kind === 'read' ? snapshot.sensor.value.proxy?.url : undefined;
  if (sensor === undefined) return undefined;
  const value = snapshot.values.find((v) => v.location === 'LocalService' && v.name === 'DefaultConnectionSettings');
  if (value?.state.kind !== 'decoded') return undefined;
  const settings = value.state.value.settings;
  if (!(settings.flags & FLAG_PROXY) || !settings.proxyServer) return undefined;
  const list = parseServerString(settings.proxyServer);
  const wininet = 'problem' in list ? undefined : httpsProxy(list);
  const ours = hostPortOf(sensor, 80);
  if (wininet && ours && wininet.host.toLowerCase().replace(/\.$/, '') === ours.host && wininet.port === ours.port) return undefined;
  return {
    sensorProxy: sensor,
    wininetProxy: settings.proxyServer,
    message: `Two methods hold a proxy and disagree: the sensor's SensorConfiguration.json has ${sensor}, LocalService's WinINET has ${settings.proxyServer}. Microsoft documents that a proxy must be changed with the method first used, not which one wins: keep the manifest's method and clear the other.`,
  };
}
