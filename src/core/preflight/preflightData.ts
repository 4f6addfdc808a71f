// What the preflight script knows of the manifest, computed here once (the script never parses the manifest): the
// method and proxy it expects, the endpoints `atp-proxy test` plans, the cloud's root and the sensor API host.
import { createHash } from 'crypto';
import { cloudDomain, cloudRoot, GENUINE_ISSUERS, isCloud, isOptionalEndpoint, PING_PATH } from '../catalog/catalog';
import { formatProxy, httpProxy, httpsProxy, parseServerString } from '../connectivity/serverString';
import { buildTestPlan } from '../connectivity/testPlan';
import type { ManifestSettings, ProxyMethod } from '../manifest/model';
import { policySettingsOf } from '../policy/policySettings';
import { deploymentOf } from '../wininet/deployment';
import { encodeManifestSettings } from '../wininet/fromManifest';
import { winHttpSettingsOf } from '../winhttp/winHttpFromManifest';
import { ACCOUNT_SIDS } from '../wininet/accounts';

/** One endpoint the script probes, as `atp-proxy test` plans it. */
export interface PreflightEndpoint {
  host: string;
  port: number;
  kind: string;
  /** The allow entry when it is not the host alone (`www.microsoft.com/pkiops/*`). */
  entry: string;
  /** Revocation entries: the URL fetched with a plain HTTP GET. */
  url: string;
  /** Sensor API hosts answer GET /tri/sensor/api/ping. */
  ping: boolean;
  /** The console record: reported, not counted against the machine (as `test` does). */
  optional: boolean;
}

/** The WinINET value a method `wininet` manifest asks the service accounts to hold. */
interface ExpectedWinInet {
  flags: number;
  proxyServer: string;
  bypass: string;
  autoConfigUrl: string;
  /** SIDs of the registry targets (S-1-5-18, S-1-5-19). */
  sids: string[];
  /** Value names to compare (DefaultConnectionSettings, SavedLegacySettings). */
  values: string[];
}

/** Everything the script's data section holds. */
export interface PreflightData {
  manifestName: string;
  manifestSha256: string;
  manifestBase64: string;
  guidance: string;
  sensor: string;
  instance: string;
  cloud: string;
  mode: string;
  /** The method the manifest's sensors learn the proxy by ('' when none: direct, transparent, wpad). */
  method: ProxyMethod | '';
  /** `host:port` the manifest's server names for HTTPS and for plain HTTP ('' when none). */
  httpsProxy: string;
  httpProxy: string;
  server: string;
  bypass: string[];
  pacUrl: string;
  user: string;
  /** Method wininet: the value the accounts must hold; undefined when the manifest cannot be encoded. */
  wininet?: ExpectedWinInet;
  /** Method policy: TelemetryProxyServer, and whether PreferStaticProxyForHttpRequest = 1 is expected too. */
  telemetryProxyServer: string;
  preferStaticProxy: boolean;
  /** Method winhttp: the WinHttpSettings proxy and bypass. */
  winHttpProxy: string;
  winHttpBypass: string;
  endpoints: PreflightEndpoint[];
  root: { name: string; sha1: string };
  genuineIssuers: string[];
  sensorApiHost: string;
  pingPath: string;
}

/** The data of a manifest's preflight script, or why the manifest cannot be tested (the test plan's problem). */
export function preflightData(text: string, settings: ManifestSettings, manifestName: string): PreflightData | { problem: string } {
  // WPAD is discovered by WinHTTP on the machine; the plan only needs to know the endpoints, not the PAC file's URL.
  const plan = buildTestPlan(settings, settings.proxy.mode === 'wpad' ? { pacUrl: 'http://wpad/wpad.dat' } : {});
  if ('problem' in plan) return plan;
  const cloud = isCloud(settings.cloud) ? settings.cloud : 'commercial';
  const proxy = settings.proxy;
  const servers = proxy.server ? parseServerString(proxy.server) : undefined;
  const list = servers && !('problem' in servers) ? servers : undefined;
  const https = list ? httpsProxy(list) : undefined;
  const http = list ? httpProxy(list) : undefined;
  const method = proxy.method ?? '';
  const bytes = Buffer.from(text, 'utf8');
  return {
    manifestName,
    manifestSha256: createHash('sha256').update(bytes).digest('hex'),
    manifestBase64: bytes.toString('base64'),
    guidance: settings.guidance,
    sensor: settings.sensor,
    instance: (settings.instance ?? '').toLowerCase(),
    cloud,
    mode: proxy.mode ?? '',
    method,
    httpsProxy: https && proxy.mode === 'static' ? formatProxy(https) : '',
    httpProxy: http && proxy.mode === 'static' ? formatProxy(http) : '',
    server: proxy.server ?? '',
    bypass: proxy.bypass.map((b) => b.trim()).filter((b) => b !== ''),
    pacUrl: proxy.pacUrl ?? '',
    user: proxy.user ?? '',
    wininet: method === 'wininet' ? expectedWinInet(settings) : undefined,
    ...policyExpectation(settings),
    ...winHttpExpectation(settings),
    endpoints: plan.endpoints.map((e) => ({
      host: e.host,
      port: e.port,
      kind: e.kind,
      entry: e.entry ?? '',
      url: e.probeUrl ?? '',
      ping: e.ping,
      optional: isOptionalEndpoint(e.kind),
    })),
    root: { name: cloudRoot(cloud).name, sha1: cloudRoot(cloud).sha1 },
    genuineIssuers: [...GENUINE_ISSUERS],
    sensorApiHost: settings.instance ? `${settings.instance.toLowerCase()}sensorapi.${cloudDomain(cloud)}` : '',
    pingPath: PING_PATH,
  };
}

function expectedWinInet(settings: ManifestSettings): ExpectedWinInet | undefined {
  const encoded = encodeManifestSettings(settings);
  if (!encoded.ok) return undefined;
  const deployment = deploymentOf(settings);
  return {
    flags: encoded.settings.flags,
    proxyServer: encoded.settings.proxyServer,
    bypass: encoded.settings.bypass,
    autoConfigUrl: encoded.settings.autoConfigUrl,
    sids: deployment.targets.map((t) => ACCOUNT_SIDS[t]),
    values: [...deployment.values],
  };
}

function policyExpectation(settings: ManifestSettings): { telemetryProxyServer: string; preferStaticProxy: boolean } {
  const policy = settings.proxy.method === 'policy' ? policySettingsOf(settings) : undefined;
  return policy?.ok
    ? { telemetryProxyServer: policy.settings.proxyServer, preferStaticProxy: policy.settings.preferStaticProxy }
    : { telemetryProxyServer: '', preferStaticProxy: false };
}

function winHttpExpectation(settings: ManifestSettings): { winHttpProxy: string; winHttpBypass: string } {
  if (settings.proxy.method !== 'winhttp') return { winHttpProxy: '', winHttpBypass: '' };
  const winhttp = winHttpSettingsOf(settings);
  return winhttp.ok ? { winHttpProxy: winhttp.settings.proxyServer, winHttpBypass: winhttp.settings.bypass } : { winHttpProxy: '', winHttpBypass: '' };
}
