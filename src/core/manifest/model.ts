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
  server?: Located<unknown>;
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
  instance?: string;
  cloud: string;
  region?: string;
  proxy: {
    mode?: ProxyMode;
    server?: string;
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
