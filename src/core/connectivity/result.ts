import type { EndpointKind } from '../catalog/catalog';

/** Verdicts of a connectivity probe (SPEC section 6); the order is the order of the checks. */
export const PROBE_STATUSES = ['ok', 'dns', 'refused', 'timeout', 'proxy-denied', 'proxy-auth', 'tls', 'intercepted', 'http'] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

/** Via value of a result that did not go through a proxy. */
export const DIRECT = 'DIRECT';

/**
 * The verdict on one endpoint. `issuer` is the CN of the leaf certificate's issuer, or "" when no certificate was seen
 * (always for a revocation list, fetched over plain HTTP).
 */
export interface ProbeResult {
  host: string;
  port: number;
  /** The allow entry tested when it is not the host name alone (`www.microsoft.com/pkiops/*`). */
  entry?: string;
  /** Revocation entries: the URL fetched with a plain HTTP GET. */
  url?: string;
  status: ProbeStatus;
  /** Whole milliseconds from the start of the probe to the verdict. */
  ms: number;
  /** `host:port` of the proxy the verdict was reached through, or "DIRECT". */
  via: string;
  issuer: string;
  /** What happened and what to do about it, in one or two sentences. */
  detail: string;
  kind: EndpointKind;
}

/** A status and a detail: what a failed step reports. */
export interface Verdict {
  status: ProbeStatus;
  detail: string;
  issuer?: string;
}

/** The members of a result that say which endpoint it is about. */
export function resultIdentity(endpoint: {
  host: string;
  port: number;
  kind: EndpointKind;
  entry?: string;
  probeUrl?: string;
}): Pick<ProbeResult, 'host' | 'port' | 'kind' | 'entry' | 'url'> {
  return {
    host: endpoint.host,
    port: endpoint.port,
    kind: endpoint.kind,
    ...(endpoint.entry !== undefined ? { entry: endpoint.entry } : {}),
    ...(endpoint.probeUrl !== undefined ? { url: endpoint.probeUrl } : {}),
  };
}

/** How a result is named to a person: the allow entry, or for a host standing for a wildcard, both. */
export function resultLabel(result: Pick<ProbeResult, 'host' | 'entry'>): string {
  if (result.entry === undefined) return result.host;
  return result.entry.startsWith('*.') ? `${result.host} (${result.entry})` : result.entry;
}
