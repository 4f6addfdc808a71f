import { matchingBypass } from '../manifest/bypass';
import type { PlannedEndpoint, Routing } from './testPlan';
import { DIRECT_HOP, Route } from './route';
import { formatProxy, httpsProxy } from './serverString';

/** The route WinINET takes with a static proxy: the https proxy unless a bypass entry sends the host direct. */
export function staticRoute(routing: Extract<Routing, { mode: 'static' }>, endpoint: PlannedEndpoint): Route {
  const bypassed = matchingBypass(routing.bypass, endpoint.host, endpoint.port);
  if (bypassed !== undefined) {
    return {
      hops: [DIRECT_HOP],
      reason: `The bypass entry "${bypassed}" sends ${endpoint.host} direct, so the sensor would not use the proxy: remove the entry unless direct access is intended.`,
    };
  }
  const proxy = httpsProxy(routing.servers);
  if (!proxy) {
    return {
      hops: [DIRECT_HOP],
      reason: `The server list "${routing.server}" has no https= entry, so WinINET connects directly for HTTPS: add https=${formatProxy([...routing.servers.byProtocol.values()][0])}.`,
    };
  }
  return { hops: [{ kind: 'proxy', proxy }], reason: '' };
}
