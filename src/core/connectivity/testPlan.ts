import { EndpointKind, isCloud, isRegion, hasLegacyRegions, requiredEndpoints, REGIONS, CLOUDS, cloudRoot, streamlinedHosts } from '../catalog/catalog';
import { singleProxyProblem } from '../policy/policySettings';
import { ManifestSettings } from '../manifest/model';
import { MAX_INSTANCE_LENGTH, isValidInstance } from '../manifest/instanceName';
import { httpsProxy, parseServerString, ProxyAddress, ServerList } from './serverString';

/** One endpoint to probe, on the port the sensor uses. */
export interface PlannedEndpoint {
  host: string;
  port: number;
  kind: EndpointKind;
  /** The allow entry it stands for (`www.microsoft.com/pkiops/*`); absent: the host name. */
  entry?: string;
  /** Sensor API hosts answer GET /tri/sensor/api/ping after TLS. */
  ping: boolean;
  /** Revocation entries: the published URL fetched with a plain HTTP GET (no CONNECT, no TLS). */
  probeUrl?: string;
  /** Service endpoints: the trusted root the cloud's genuine chain ends at (DigiCert Global Root G2 or CA). */
  root?: string;
}

/** What identifies an endpoint within a plan and its results: the allow entry (two entries may share a host). */
export function endpointKey(endpoint: { host: string; entry?: string }): string {
  return endpoint.entry ?? endpoint.host;
}

/** How the routes are decided: the manifest's proxy mode, resolved to what the probe needs. */
export type Routing =
  | { mode: 'direct'; reason: string }
  | { mode: 'static'; server: string; servers: ServerList; bypass: string[] }
  | { mode: 'pac'; url: string; reason: string; manifestProxy?: ProxyAddress };

/** An allow entry the manifest needs that the test cannot reach, and why (a wildcard with no documented host). */
export interface UntestedEntry {
  entry: string;
  port: number;
  kind: EndpointKind;
  detail: string;
}

/** Every endpoint the manifest needs and how to route to them. */
export interface TestPlan {
  endpoints: PlannedEndpoint[];
  routing: Routing;
  /** Needed entries no probe can reach: reported with the results, never replaced by a guessed host. */
  untested?: UntestedEntry[];
}

/** A manifest the test cannot run on, with what to change. */
export interface PlanProblem {
  problem: string;
}

/** Overrides the manifest leaves to the person running the test. */
export interface PlanOptions {
  /** PAC URL for mode wpad (what WPAD discovery would find); overrides pacUrl for mode pac. */
  pacUrl?: string;
}

function routing(settings: ManifestSettings, options: PlanOptions): Routing | PlanProblem {
  const proxy = settings.proxy;
  switch (proxy.mode) {
    case 'static': {
      if (!proxy.server) return { problem: 'proxy.mode is "static" but proxy.server is missing: give the proxy as host:port.' };
      if (settings.sensor === 'v3' && (proxy.method === 'policy' || proxy.method === 'winhttp')) {
        const problem = singleProxyProblem(proxy.server, proxy.method);
        if (problem) return { problem: `${problem}.` };
      }
      const servers = parseServerString(proxy.server);
      if ('problem' in servers) return { problem: `${servers.problem}.` };
      // Method policy: TelemetryProxyServer is one host:port and the policy has no bypass list, so every endpoint goes
      // to the proxy. Method winhttp: WinHttpSettings holds proxy.server and proxy.bypass, as encode writes them.
      const bypass = settings.sensor === 'v3' && proxy.method === 'policy' ? [] : proxy.bypass;
      return { mode: 'static', server: proxy.server, servers, bypass };
    }
    case 'pac': {
      const url = options.pacUrl ?? proxy.pacUrl;
      if (!url) return { problem: 'proxy.mode is "pac" but proxy.pacUrl is missing: give the URL of the PAC file.' };
      return checkPacUrl(url) ?? { mode: 'pac', url, reason: `PAC file ${url}`, manifestProxy: manifestProxy(proxy.server) };
    }
    case 'wpad': {
      if (!options.pacUrl) {
        return {
          problem:
            'proxy.mode is "wpad": this test cannot run WPAD discovery. Give the PAC URL that WPAD finds with --pac-url (e.g. http://wpad.contoso.com/wpad.dat).',
        };
      }
      return (
        checkPacUrl(options.pacUrl) ?? {
          mode: 'pac',
          url: options.pacUrl,
          reason: `PAC file ${options.pacUrl} (given for WPAD)`,
          manifestProxy: manifestProxy(proxy.server),
        }
      );
    }
    case 'transparent':
      return { mode: 'direct', reason: 'Mode transparent: the sensor connects directly and the network redirects the traffic.' };
    case 'direct':
      return { mode: 'direct', reason: '' };
    default:
      return { problem: 'proxy.mode is missing or unknown: set it to static, pac, wpad, transparent or direct.' };
  }
}

/** The proxy the manifest's `server` names for HTTPS, if any: the one a PAC answer is expected to name. */
function manifestProxy(server: string | undefined): ProxyAddress | undefined {
  const servers = server ? parseServerString(server) : undefined;
  return servers && !('problem' in servers) ? httpsProxy(servers) : undefined;
}

function checkPacUrl(url: string): PlanProblem | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `The PAC URL "${url}" is not a URL: write http://host[:port]/path.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: `The PAC URL "${url}" must be http:// or https://.` };
  if (parsed.username || parsed.password) return { problem: `The PAC URL "${url}" holds credentials: remove them.` };
  return undefined;
}

/** Builds the test plan of a manifest: every endpoint it needs (deduplicated), on the service port, and the routing. */
export function buildTestPlan(settings: ManifestSettings, options: PlanOptions = {}): TestPlan | PlanProblem {
  const { instance, cloud, region, guidance, sensor } = settings;
  if (!instance) return { problem: 'The manifest has no "instance": give the ATP instance (workspace) name, which names the sensor API endpoint.' };
  // Host names are case-insensitive: the plan has always accepted an upper-case instance.
  if (!isValidInstance(instance.toLowerCase())) {
    return { problem: `"instance" "${instance}" is not a valid DNS label: use a-z, 0-9 and "-", at most ${MAX_INSTANCE_LENGTH} characters.` };
  }
  if (!isCloud(cloud)) return { problem: `Unknown cloud "${cloud}": use one of ${CLOUDS.join(', ')}.` };
  if (region !== undefined && !isRegion(region)) return { problem: `Unknown region "${region}": use one of ${REGIONS.join(', ')}.` };
  if (guidance === '2018' && region === undefined && hasLegacyRegions(cloud))
    return { problem: `The manifest has no "region": the ${cloud} cloud needs it (${REGIONS.join(', ')}) to know the regional sensor endpoints.` };
  const route = routing(settings, options);
  if ('problem' in route) return route;
  const seen = new Set<string>();
  const endpoints: PlannedEndpoint[] = [];
  const untested: UntestedEntry[] = [];
  // The catalog's ports: 443 for the service whatever firewall.port says (a test on another port would prove nothing,
  // ATP120 reports it), 80 for the revocation lists, which Windows fetches over plain HTTP.
  const query = { guidance, sensor, cloud, region: region && isRegion(region) ? region : undefined, instance: instance.toLowerCase() };
  for (const endpoint of requiredEndpoints(query)) {
    if (endpoint.kind === 'streamlined') {
      // A wildcard names no host to connect to: the hosts Microsoft documents under it stand for it, keyed by the
      // wildcard (the allow entry the tree shows); none documented, the entry is reported untested.
      const streamlined = streamlinedHosts(cloud);
      if (streamlined.untested) untested.push({ entry: endpoint.entry, port: endpoint.port, kind: endpoint.kind, detail: streamlined.untested });
      for (const host of streamlined.hosts) {
        if (seen.has(`${host}:${endpoint.port}`)) continue;
        seen.add(`${host}:${endpoint.port}`);
        endpoints.push({ host, port: endpoint.port, kind: endpoint.kind, entry: endpoint.entry, ping: false });
      }
      continue;
    }
    const host = endpoint.host.toLowerCase();
    const key = `${endpoint.entry.toLowerCase()}:${endpoint.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    endpoints.push({
      host,
      port: endpoint.port,
      kind: endpoint.kind,
      ...(endpoint.entry.toLowerCase() !== host ? { entry: endpoint.entry } : {}),
      ping: endpoint.kind === 'sensorApi' || endpoint.kind === 'regional',
      ...(endpoint.probeUrl ? { probeUrl: endpoint.probeUrl } : { root: cloudRoot(cloud).name }),
    });
  }
  return { endpoints, routing: route, untested };
}
