import data from './endpoints.json';

/** A cloud the ATP service runs in. */
export type Cloud = keyof typeof data.clouds;
/** A service location (region) of the commercial cloud. */
export type Region = keyof typeof data.regions;

/** What an endpoint is for; decides which diagnostic reports it missing. */
export type EndpointKind = 'regional' | 'sensorApi' | 'console' | 'revocation';

/** The TCP port the sensor reaches the service on, whatever a firewall rule says (ATP120 flags another). */
export const SERVICE_PORT = 443;

/**
 * Whether the guidance makes an endpoint optional: the console record only "hardens the rule for a specific
 * instance" (2018 article, "Enable access to Azure ATP service URLs"); the sensor itself never connects to it.
 */
export function isOptionalEndpoint(kind: EndpointKind): boolean {
  return kind === 'console';
}

/** One host name the sensor needs to reach on the firewall port. */
export interface Endpoint {
  host: string;
  kind: EndpointKind;
  /** Sentence a person can read: which cloud/region/instance it serves and why. */
  purpose: string;
  region?: Region;
}

export const CLOUDS = Object.keys(data.clouds) as Cloud[];
export const REGIONS = Object.keys(data.regions) as Region[];
export const REVOCATION_HOSTS: readonly string[] = data.revocation;
export const SERVICE_TAG = data.serviceTag;
export const PING_PATH = data.pingPath;
export const GENUINE_ISSUERS: readonly string[] = data.genuineIssuers;
export const GENUINE_ROOT = data.genuineRoot;

export function isCloud(value: unknown): value is Cloud {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(data.clouds, value);
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(data.regions, value);
}

/** The DNS domain of a cloud's ATP service. */
export function cloudDomain(cloud: Cloud): string {
  return data.clouds[cloud].domain;
}

/** Every ATP domain of every cloud, most specific first. */
const ATP_DOMAINS: readonly string[] = CLOUDS.map(cloudDomain).sort((a, b) => b.length - a.length);

/** Legacy regional sensor endpoints of a region (commercial cloud only). */
export function regionalEndpoints(region: Region): Endpoint[] {
  return data.regions[region].map((host) => ({
    host,
    kind: 'regional' as const,
    region,
    purpose: `Legacy regional sensor endpoint of the ${region} service location (commercial cloud): sensors of instances located in ${region} report here.`,
  }));
}

/** The regional endpoint a host name is, if any. */
export function regionOfEndpoint(host: string): Region | undefined {
  const name = host.toLowerCase();
  return REGIONS.find((region) => data.regions[region].includes(name));
}

/** The instance records of a cloud: sensor API and, for the commercial cloud, the console. */
export function instanceEndpoints(cloud: Cloud, instance: string): Endpoint[] {
  const domain = cloudDomain(cloud);
  const records: Endpoint[] = [
    {
      host: `${instance}sensorapi.${domain}`,
      kind: 'sensorApi',
      purpose: `Sensor API of instance "${instance}" (${cloud} cloud): every sensor sends its data here.`,
    },
  ];
  if (data.clouds[cloud].consoleRecord) {
    records.push({
      host: `${instance}.${domain}`,
      kind: 'console',
      purpose: `Console of instance "${instance}" (${cloud} cloud): the portal administrators open; allow it to harden the rule for this instance.`,
    });
  }
  return records;
}

/** Certificate revocation and trust list hosts the sensor checks the service certificate against. */
function revocationEndpoints(): Endpoint[] {
  return REVOCATION_HOSTS.map((host) => ({
    host,
    kind: 'revocation' as const,
    purpose: 'Certificate revocation / trust list endpoint (paths /pkiops/ and /pki/): the sensor checks the service certificate against it.',
  }));
}

/** Whether a cloud uses the legacy regional endpoints. */
export function hasLegacyRegions(cloud: Cloud): boolean {
  return data.clouds[cloud].legacyRegions;
}

/** Every endpoint a manifest with these settings needs, in a stable order. */
export function requiredEndpoints(cloud: Cloud | undefined, region: Region | undefined, instance: string | undefined): Endpoint[] {
  return [
    ...(cloud && instance ? instanceEndpoints(cloud, instance) : []),
    ...(cloud && region && hasLegacyRegions(cloud) ? regionalEndpoints(region) : []),
    ...revocationEndpoints(),
  ];
}

/** Whether an allow-list entry (a host name or a leading `*.` wildcard) covers a host name. */
export function covers(entry: string, host: string): boolean {
  const pattern = entry.trim().toLowerCase().replace(/\.$/, '');
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

/** The ATP domain a host name sits under, if any. */
export function atpDomainOf(host: string): string | undefined {
  const name = host.toLowerCase();
  return ATP_DOMAINS.find((domain) => name.endsWith(`.${domain}`));
}
