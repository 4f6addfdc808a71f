import { matchingBypass } from '../manifest/bypass';
import type { PlannedEndpoint, Routing } from './testPlan';
import { DIRECT_HOP, Route } from './route';
import { formatProxy, httpProxy, httpsProxy } from './serverString';

/**
 * The route WinINET takes with a static proxy: the https proxy (the http one for a revocation list fetched over plain
 * HTTP) unless a bypass entry sends the host direct.
 */
export function staticRoute(routing: Extract<Routing, { mode: 'static' }>, endpoint: PlannedEndpoint): Route {
  const bypassed = matchingBypass(routing.bypass, endpoint.host, endpoint.port);
  if (bypassed !== undefined) {
    return {
      hops: [DIRECT_HOP],
      reason: `The bypass entry "${bypassed}" sends ${endpoint.host} direct, so the sensor would not use the proxy: remove the entry unless direct access is intended.`,
    };
  }
  const plain = endpoint.probeUrl !== undefined;
  const proxy = plain ? httpProxy(routing.servers) : httpsProxy(routing.servers);
  if (!proxy) {
    const scheme = plain ? 'http' : 'https';
    return {
      hops: [DIRECT_HOP],
      reason: `The server list "${routing.server}" has no ${scheme}= entry, so WinINET connects directly for ${scheme.toUpperCase()}: add ${scheme}=${formatProxy([...routing.servers.byProtocol.values()][0])}.`,
    };
  }
  return { hops: [{ kind: 'proxy', proxy }], reason: '' };
}
