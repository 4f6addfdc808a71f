/** One proxy of a WinINET server string. */
export interface ProxyEntry {
  /** The protocol the entry is for (`http=`, `https=`...); undefined for a proxy used for every protocol. */
  protocol?: string;
  host: string;
  port: number;
  /** `user:pass` or `user` when the entry carries credentials (it must not). */
  credentials?: string;
}

/** A parsed server string, or the reason it is malformed. */
export type ParsedProxyServer = { ok: true; entries: ProxyEntry[] } | { ok: false; reason: string };

const PROTOCOLS = ['http', 'https', 'ftp', 'socks'];

function isHostLabelName(host: string): boolean {
  return host.length <= 253 && host.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

function isIPv6(host: string): boolean {
  return /^[0-9a-f:.]+$/i.test(host) && host.includes(':');
}

function parseEntry(text: string, protocol: string | undefined): ProxyEntry | string {
  let rest = text.trim().replace(/^https?:\/\//i, '');
  let credentials: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    credentials = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let host: string;
  let portText: string;
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracket) {
    [, host, portText] = bracket;
    if (!isIPv6(host)) return `"${host}" is not an IPv6 address`;
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon < 0) return `"${rest}" has no port: write host:port`;
    host = rest.slice(0, colon);
    portText = rest.slice(colon + 1);
    if (!host) return 'the host name is empty';
    if (!isHostLabelName(host)) return `"${host}" is not a valid host name or address`;
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return `port "${portText}" must be a number from 1 to 65535`;
  return { protocol, host, port: Number(portText), ...(credentials !== undefined ? { credentials } : {}) };
}

/** Parses a WinINET proxy server string: `host:port` or `http=host:port;https=host:port`. */
export function parseProxyServer(text: string): ParsedProxyServer {
  if (!text.trim()) return { ok: false, reason: 'the server is empty: write host:port' };
  const parts = text.split(';').map((p) => p.trim());
  const perProtocol = parts.some((p) => /^[a-z]+=/i.test(p));
  if (!perProtocol && parts.length > 1) return { ok: false, reason: 'several proxies need a protocol each: http=host:port;https=host:port' };
  const entries: ProxyEntry[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (!part) return { ok: false, reason: 'empty entry in the per-protocol list (stray ";")' };
    let protocol: string | undefined;
    let rest = part;
    if (perProtocol) {
      const eq = part.indexOf('=');
      if (eq < 0) return { ok: false, reason: `"${part}" needs a protocol: write protocol=host:port` };
      protocol = part.slice(0, eq).trim().toLowerCase();
      rest = part.slice(eq + 1);
      if (!PROTOCOLS.includes(protocol)) return { ok: false, reason: `unknown protocol "${protocol}": use ${PROTOCOLS.join(', ')}` };
      if (seen.has(protocol)) return { ok: false, reason: `protocol "${protocol}" is listed twice` };
      seen.add(protocol);
    }
    const entry = parseEntry(rest, protocol);
    if (typeof entry === 'string') return { ok: false, reason: entry };
    entries.push(entry);
  }
  return { ok: true, entries };
}

/** The proxy WinINET uses for HTTPS (port 443 traffic): the `https=` entry, else the one for all protocols. */
export function httpsProxy(entries: ProxyEntry[]): ProxyEntry | undefined {
  return entries.find((e) => e.protocol === 'https') ?? entries.find((e) => e.protocol === undefined);
}
