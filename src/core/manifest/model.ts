import type { Node } from 'jsonc-parser';
import type { JsonTree } from './tree';

/** A value read from the manifest with where it sits in the text. */
export interface Located<T> {
  value: T;
  /** The value's node (offset and length of the value in the text). */
  node: Node;
  /** The property node (key and value) when the value is a member of an object. */
  property?: Node;
}

/** Proxy modes of the manifest. */
export const PROXY_MODES = ['static', 'pac', 'wpad', 'transparent', 'direct'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];
export const SSL_INSPECTION = ['none', 'mutual', 'oneWay'] as const;
export type SslInspection = (typeof SSL_INSPECTION)[number];
export const REGISTRY_SOURCES = ['currentUser', 'manifest'] as const;
export type RegistrySource = (typeof REGISTRY_SOURCES)[number];
export const SERVICE_ACCOUNTS = ['LocalSystem', 'LocalService'] as const;
export type ServiceAccount = (typeof SERVICE_ACCOUNTS)[number];
/** Bodies of guidance a manifest follows (SPEC section 1): current Microsoft documentation, or the 2018 Azure ATP article. */
export const GUIDANCES = ['current', '2018'] as const;
export type Guidance = (typeof GUIDANCES)[number];
/** Sensor generations: v2 (installed sensor) or v3 (activated through Defender for Endpoint). */
export const SENSOR_VERSIONS = ['v2', 'v3'] as const;
export type SensorVersion = (typeof SENSOR_VERSIONS)[number];
/** How the sensor learns the proxy (SPEC section 7): v2 `sensor` / `wininet`, v3 `policy` / `winhttp`. */
export const PROXY_METHODS = ['sensor', 'wininet', 'policy', 'winhttp'] as const;
export type ProxyMethod = (typeof PROXY_METHODS)[number];
export const CONNECTION_VALUES = ['DefaultConnectionSettings', 'SavedLegacySettings'] as const;
export type ConnectionValue = (typeof CONNECTION_VALUES)[number];

/** A manifest as far as the parser could recover it. Every member may be missing or of the wrong type. */
export interface Manifest {
  text: string;
  /** The root node; undefined when the text holds no value at all. */
  root?: Node;
  /** The parsed text in columns (`root` and every node of this model are views of it); set whenever `root` is. */
  tree?: JsonTree;
  version?: Located<unknown>;
  guidance?: Located<unknown>;
  sensor?: Located<unknown>;
  instance?: Located<unknown>;
  cloud?: Located<unknown>;
  region?: Located<unknown>;
  proxy?: ProxySection;
  registry?: RegistrySection;
  firewall?: FirewallSection;
  sensors?: Located<unknown>;
}

export interface ProxySection {
  located: Located<unknown>;
  mode?: Located<unknown>;
  method?: Located<unknown>;
  server?: Located<unknown>;
  user?: Located<unknown>;
  bypass?: Located<unknown>;
  pacUrl?: Located<unknown>;
  winhttp?: Located<unknown>;
}

export interface RegistrySection {
  located: Located<unknown>;
  source?: Located<unknown>;
  targets?: Located<unknown>;
  values?: Located<unknown>;
  backup?: Located<unknown>;
}

export interface FirewallSection {
  located: Located<unknown>;
  port?: Located<unknown>;
  allow?: Located<unknown>;
  sslInspection?: Located<unknown>;
}

/** Plain settings of a manifest, with defaults applied; what the codec, apply and probe consume. */
export interface ManifestSettings {
  /** Default current. */
  guidance: Guidance;
  /** Default v2. */
  sensor: SensorVersion;
  instance?: string;
  cloud: string;
  region?: string;
  proxy: {
    mode?: ProxyMode;
    /**
     * The method in effect: `proxy.method` when it is a known one; otherwise `wininet` when a `registry` section
     * exists or under the 2018 guidance; otherwise unset (SPEC section 2).
     */
    method?: ProxyMethod;
    server?: string;
    /** The proxy account for method `sensor` (never a password). */
    user?: string;
    bypass: string[];
    pacUrl?: string;
    winhttp?: { server?: string; bypass: string[] };
  };
  registry?: {
    source: RegistrySource;
    targets: ServiceAccount[];
    values: ConnectionValue[];
    backup: boolean;
  };
  firewall: {
    port: number;
    allow: string[];
    sslInspection: SslInspection;
  };
  sensors: { name?: string; host?: string }[];
}
