import { ProxyAddress, formatProxy } from './serverString';
import { DIRECT } from './result';

/** One way to reach an endpoint: straight to it, or through an HTTP proxy with CONNECT. */
export type Hop = { kind: 'direct' } | { kind: 'proxy'; proxy: ProxyAddress };

/** How an endpoint is reached: hops tried in order (PAC fallbacks), and why this route was chosen. */
export interface Route {
  hops: Hop[];
  /** A sentence for the detail, e.g. which bypass entry or PAC answer decided the route. */
  reason: string;
}

export const DIRECT_HOP: Hop = { kind: 'direct' };

/** The `via` text of a hop: `host:port` of the proxy, or "DIRECT". */
export function viaOf(hop: Hop): string {
  return hop.kind === 'proxy' ? formatProxy(hop.proxy) : DIRECT;
}
