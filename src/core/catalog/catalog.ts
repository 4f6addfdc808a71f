import data from './endpoints.json';
import type { Guidance, SensorVersion } from '../manifest/model';
import { entryCovers, parsePattern } from './allowPattern';

/** A cloud the service runs in. */
export type Cloud = keyof typeof data.clouds;
/** A service location (region) of the commercial cloud, known to the 2018 guidance. */
export type Region = keyof typeof data.regions;

/** What an endpoint is for; decides which diagnostic reports it missing. */
export type EndpointKind = 'regional' | 'sensorApi' | 'console' | 'revocation' | 'streamlined';

/** The guidance a fact belongs to: a rule runs, or an endpoint is needed, under one of them or both. */
export type GuidanceScope = Guidance | 'both';

/** The Microsoft document a fact comes from. */
export interface Source {
  title: string;
  url: string;
}

/** The TCP port the sensor reaches the service on, whatever a firewall rule says (ATP120 flags another). */
export const SERVICE_PORT = 443;
/** Windows fetches certificate revocation lists and trust lists over plain HTTP. */
const REVOCATION_PORT: number = data.revocation.port;

/**
 * Whether the guidance makes an endpoint optional: the console record only "hardens the rule for a specific
 * instance" (2018 article, "Enable access to Azure ATP service URLs"); the sensor itself never connects to it.
 */
export function isOptionalEndpoint(kind: EndpointKind): boolean {
  return kind === 'console';
}

/** One thing the sensor needs to reach through the proxy and firewall. */
export interface Endpoint {
  /** The allow entry that lets it through: a host name, `*.domain` or `host/path*`. */
  entry: string;
  /** The host name of the entry (for a wildcard, the entry itself). */
  host: string;
  kind: EndpointKind;
  /** 443 for the service, 80 for revocation (HTTP). */
  port: number;
  /** A real published URL to GET over HTTP (revocation entries). */
  probeUrl?: string;
  /** The Microsoft page that names `probeUrl`. */
  probeSource?: Source;
  /** Sentence a person can read: which cloud/region/instance it serves and why. */
  purpose: string;
  /** The guidance that needs it. */
  guidance: GuidanceScope;
  source: Source;
  region?: Region;
}

type SourceId = keyof typeof data.sources;
const source = (id: string): Source => data.sources[id as SourceId];

export const CLOUDS = Object.keys(data.clouds) as Cloud[];
export const REGIONS = Object.keys(data.regions) as Region[];
export const SERVICE_TAG = data.serviceTag;
export const PING_PATH = data.pingPath;
/** Issuing CA names of the genuine service chain (numbers and key type stripped). */
export const GENUINE_ISSUERS: readonly string[] = data.genuineIssuers.names;

export function isCloud(value: unknown): value is Cloud {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(data.clouds, value);
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(data.regions, value);
}

/** The DNS domain of a cloud's Defender for Identity service. */
export function cloudDomain(cloud: Cloud): string {
  return data.clouds[cloud].domain;
}

/** The trusted root of a cloud's service chain, with its SHA-1 thumbprint and source. */
export function cloudRoot(cloud: Cloud): { name: string; sha1: string; source: Source } {
  const name = data.clouds[cloud].root as keyof typeof data.roots;
  return { name, sha1: data.roots[name].sha1, source: source(data.roots[name].source) };
}

/** Every trusted root of any cloud, by name. */
export const ROOTS: readonly { name: string; sha1: string }[] = Object.entries(data.roots).map(([name, root]) => ({ name, sha1: root.sha1 }));

/** Every ATP domain of every cloud, most specific first. */
const ATP_DOMAINS: readonly string[] = [...new Set(CLOUDS.map(cloudDomain))].sort((a, b) => b.length - a.length);

/** Legacy regional sensor endpoints of a region (commercial cloud, 2018 guidance). */
export function regionalEndpoints(region: Region): Endpoint[] {
  return data.regions[region].map((host) => ({
    entry: host,
    host,
    kind: 'regional' as const,
    port: SERVICE_PORT,
    region,
    guidance: '2018' as const,
    source: source(data.regionsSource),
    purpose: `Legacy regional sensor endpoint of the ${region} service location (commercial cloud): sensors of instances located in ${region} reported here (2018 guidance).`,
  }));
}

/** Legacy regional endpoint → its service location (the first that lists it): one lookup per allow entry. */
let regionByHost: Map<string, Region> | undefined;

/** The regional endpoint a host name is, if any. */
export function regionOfEndpoint(host: string): Region | undefined {
  if (!regionByHost) {
    regionByHost = new Map();
    for (const region of REGIONS) for (const name of data.regions[region]) if (!regionByHost.has(name)) regionByHost.set(name, region);
  }
  return regionByHost.get(host.toLowerCase());
}

/** The sensor API record of an instance: where every v2 sensor sends its data. */
function sensorApiEndpoint(cloud: Cloud, instance: string): Endpoint {
  const host = `${instance}sensorapi.${cloudDomain(cloud)}`;
  return {
    entry: host,
    host,
    kind: 'sensorApi',
    port: SERVICE_PORT,
    guidance: 'both',
    source: source(data.clouds[cloud].domainSource),
    purpose: `Sensor API of instance "${instance}" (${cloud} cloud): every v2 sensor sends its data here.`,
  };
}

/** The console record of an instance, for clouds that have one (commercial): `<instance>.atp.azure.com`. */
export function consoleEndpoint(cloud: Cloud, instance: string): Endpoint | undefined {
  if (!data.clouds[cloud].consoleRecord) return undefined;
  const host = `${instance}.${cloudDomain(cloud)}`;
  return {
    entry: host,
    host,
    kind: 'console',
    port: SERVICE_PORT,
    guidance: '2018',
    source: source(data.consoleSource),
    purpose: `Console of instance "${instance}" (${cloud} cloud): the portal administrators opened; the 2018 guidance allows it to harden the rule for this instance.`,
  };
}

/** The instance records of a cloud under the 2018 guidance: sensor API and, for the commercial cloud, the console. */
export function instanceEndpoints(cloud: Cloud, instance: string): Endpoint[] {
  const console = consoleEndpoint(cloud, instance);
  return console ? [sensorApiEndpoint(cloud, instance), console] : [sensorApiEndpoint(cloud, instance)];
}

/** The Defender for Endpoint streamlined domain of a cloud, which v3 sensors reach. */
function streamlinedEndpoint(cloud: Cloud): Endpoint {
  const entry = data.clouds[cloud].streamlined;
  return {
    entry,
    host: entry,
    kind: 'streamlined',
    port: SERVICE_PORT,
    guidance: 'both',
    source: source(data.clouds[cloud].streamlinedSource),
    purpose: `Defender for Endpoint streamlined domain (${cloud} cloud): v3 sensors reach the service through Defender for Endpoint's channel here.`,
  };
}

/** The concrete hosts under a cloud's streamlined domain that a connectivity test can reach. */
export interface StreamlinedHosts {
  /** The wildcard allow entry the hosts sit under (`*.endpoint.security.microsoft.com`). */
  entry: string;
  /** Host names Microsoft documents under it; empty when it names none for the cloud. */
  hosts: readonly string[];
  source: Source;
  /** Why no host is tested, when `hosts` is empty: said in the result and the tree, never a guessed host. */
  untested?: string;
}

/** The streamlined domain of a cloud and the host names Microsoft documents under it (SPEC section 4). */
export function streamlinedHosts(cloud: Cloud): StreamlinedHosts {
  const c = data.clouds[cloud];
  const from = source(c.streamlinedHostsSource);
  const hosts: readonly string[] = c.streamlinedHosts;
  return {
    entry: c.streamlined,
    hosts,
    source: from,
    ...(hosts.length === 0
      ? {
          untested: `Microsoft names no concrete host under ${c.streamlined} for the ${cloud} cloud ("${from.title}", ${from.url} lists the wildcard only), so this test cannot reach it: check it with Defender for Endpoint's client analyzer on a domain controller.`,
        }
      : {}),
  };
}

/** Certificate revocation and trust list entries a guidance names, fetched over HTTP on port 80. */
function revocationEndpoints(guidance: Guidance): Endpoint[] {
  const list = guidance === '2018' ? data.revocation['2018'] : data.revocation.current;
  const from = source(guidance === '2018' ? data.revocation['2018Source'] : data.revocation.currentSource);
  return list.map(({ entry, probeUrl, probeSource }) => ({
    entry,
    host: parsePattern(entry).host,
    kind: 'revocation' as const,
    port: REVOCATION_PORT,
    probeUrl,
    probeSource: source(probeSource),
    guidance,
    source: from,
    purpose: `Certificate revocation / trust list (plain HTTP on port ${REVOCATION_PORT}): Windows checks the service certificate's chain against it.`,
  }));
}

/** Every revocation entry of either guidance. */
export const REVOCATION_ENTRIES: readonly string[] = [...new Set([...data.revocation.current, ...data.revocation['2018']].map((r) => r.entry))];

/** Whether a cloud uses the legacy regional endpoints. */
export function hasLegacyRegions(cloud: Cloud): boolean {
  return data.clouds[cloud].legacyRegions;
}

/** What decides the endpoints a manifest needs. */
export interface EndpointQuery {
  guidance: Guidance;
  sensor: SensorVersion;
  cloud?: Cloud;
  region?: Region;
  instance?: string;
}

/** Every endpoint a manifest with these settings needs, in a stable order (SPEC section 4). */
export function requiredEndpoints(query: EndpointQuery): Endpoint[] {
  const { guidance, sensor, cloud, region, instance } = query;
  let service: Endpoint[] = [];
  if (guidance === '2018') {
    if (cloud && instance) service = instanceEndpoints(cloud, instance);
    if (cloud && region && hasLegacyRegions(cloud)) service = service.concat(regionalEndpoints(region));
  } else if (sensor === 'v3') {
    if (cloud) service = [streamlinedEndpoint(cloud)];
  } else if (cloud && instance) {
    service = [sensorApiEndpoint(cloud, instance)];
  }
  return service.concat(revocationEndpoints(guidance));
}

/** Whether an allow entry (a host name, `*.domain` or `host/path*`) covers a host name, a wildcard or a URL pattern. */
export function covers(entry: string, target: string): boolean {
  return entryCovers(entry, target);
}

/** ATP_DOMAINS with their leading dot, as a name under them ends. */
const ATP_SUFFIXES = ATP_DOMAINS.map((domain) => `.${domain}`);

/** The ATP domain a host name sits under, if any. */
export function atpDomainOf(host: string): string | undefined {
  const name = host.toLowerCase();
  const i = ATP_SUFFIXES.findIndex((suffix) => name.endsWith(suffix));
  return i < 0 ? undefined : ATP_DOMAINS[i];
}
