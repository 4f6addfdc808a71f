/** A proxy address: host name or IP literal (IPv6 without brackets) and port. */
export interface ProxyAddress {
  host: string;
  port: number;
}

/** The WinINET proxy server list: one proxy for every protocol, or one per protocol. */
export interface ServerList {
  /** Proxies keyed by protocol (`http`, `https`, `ftp`, `socks`); `*` for an entry without `proto=`. */
  byProtocol: Map<string, ProxyAddress>;
}

/** A server string that cannot be used, with the reason. */
export interface ServerStringProblem {
  problem: string;
}

// WinINET uses port 80 when an entry names no port.
const DEFAULT_PROXY_PORT = 80;

/** Formats a proxy address as `host:port` (IPv6 in brackets), the form results report in `via`. */
export function formatProxy(proxy: ProxyAddress): string {
  return proxy.host.includes(':') ? `[${proxy.host}]:${proxy.port}` : `${proxy.host}:${proxy.port}`;
}

/** Parses one `host[:port]` entry, with an optional `http://` prefix and IPv6 in brackets. */
export function parseProxyAddress(text: string): ProxyAddress | ServerStringProblem {
  let entry = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'http') return { problem: `"${text}": only http:// proxies can tunnel the sensor's HTTPS traffic` };
    entry = entry.slice(scheme[0].length);
  }
  entry = entry.replace(/\/$/, '');
  if (entry.includes('@'))
    return { problem: `"${text}" holds credentials: remove them (give proxy credentials in the ATP_PROXY_CREDENTIALS environment variable)` };
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([0-9a-f:.]+)\](?::(.*))?$/i.exec(entry);
  if (v6) {
    host = v6[1];
    portText = v6[2];
  } else {
    const colon = entry.lastIndexOf(':');
    host = colon >= 0 ? entry.slice(0, colon) : entry;
    portText = colon >= 0 ? entry.slice(colon + 1) : undefined;
  }
  if (!host) return { problem: `"${text}": the host name is missing` };
  if (!v6 && !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/i.test(host)) return { problem: `"${text}": "${host}" is not a host name` };
  const port = portText === undefined ? DEFAULT_PROXY_PORT : Number(portText);
  if (!/^\d+$/.test(portText ?? '80') || !Number.isInteger(port) || port < 1 || port > 65535) {
    return { problem: `"${text}": the port must be a number from 1 to 65535` };
  }
  return { host: host.replace(/\.$/, ''), port };
}

/** Parses a WinINET server string: `host:port` or `http=h:p;https=h:p` (entries separated by `;` or spaces). */
export function parseServerString(text: string): ServerList | ServerStringProblem {
  const byProtocol = new Map<string, ProxyAddress>();
  const entries = text.split(/[;\s]+/).filter((e) => e.length > 0);
  if (entries.length === 0) return { problem: 'the proxy server string is empty: give host:port' };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const protocol = eq >= 0 ? entry.slice(0, eq).trim().toLowerCase() : '*';
    const address = parseProxyAddress(eq >= 0 ? entry.slice(eq + 1) : entry);
    if ('problem' in address) return { problem: `proxy server ${address.problem}` };
    // WinINET keeps the first entry of a protocol.
    if (!byProtocol.has(protocol)) byProtocol.set(protocol, address);
  }
  return { byProtocol };
}

/** The proxy WinINET uses for an https:// URL: the `https=` entry, else the entry for every protocol, else none (direct). */
export function httpsProxy(list: ServerList): ProxyAddress | undefined {
  return list.byProtocol.get('https') ?? list.byProtocol.get('*');
}

/** The proxy WinINET uses for an http:// URL (revocation lists): the `http=` entry, else the entry for every protocol. */
export function httpProxy(list: ServerList): ProxyAddress | undefined {
  return list.byProtocol.get('http') ?? list.byProtocol.get('*');
}
