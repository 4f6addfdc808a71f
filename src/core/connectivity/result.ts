import type { EndpointKind } from '../catalog/catalog';

/** Verdicts of a connectivity probe (SPEC section 6); the order is the order of the checks. */
export const PROBE_STATUSES = ['ok', 'dns', 'refused', 'timeout', 'proxy-denied', 'proxy-auth', 'tls', 'intercepted', 'http'] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

/** Via value of a result that did not go through a proxy. */
export const DIRECT = 'DIRECT';

/** The verdict on one endpoint. `issuer` is the CN of the leaf certificate's issuer, or "" when no certificate was seen. */
export interface ProbeResult {
  host: string;
  port: number;
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
