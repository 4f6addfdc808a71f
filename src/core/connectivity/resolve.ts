import * as dns from 'dns';
import * as net from 'net';

/** A curl-style `--resolve HOST:PORT:ADDR` entry: connections to HOST on PORT go to ADDR instead of what DNS says. */
export interface ResolveOverride {
  host: string;
  port: number;
  address: string;
}

/** Parses `HOST:PORT:ADDR` (ADDR may be an IPv6 literal, bracketed or not, or a comma list of which the first is used). */
export function parseResolveOverride(text: string): ResolveOverride | { problem: string } {
  const match = /^\+?([^:]+):(\d+):(.+)$/.exec(text.trim());
  const usage = `--resolve "${text}": write HOST:PORT:ADDRESS, e.g. contososensorapi.atp.azure.com:443:127.0.0.1`;
  if (!match) return { problem: usage };
  const port = Number(match[2]);
  const address = match[3].split(',')[0].replace(/^\[(.*)\]$/, '$1');
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: `${usage} (port 1-65535)` };
  if (net.isIP(address) === 0) return { problem: `${usage} ("${address}" is not an IP address)` };
  return { host: match[1].toLowerCase().replace(/\.$/, ''), port, address };
}

/**
 * Parses a comma- or space-separated list of `HOST:PORT:ADDR` entries (`--resolve a:443:127.0.0.1,b:443:127.0.0.1`).
 * A segment that does not start a new `HOST:PORT:` entry is another address of the previous one, as in curl's
 * `HOST:PORT:ADDR1,ADDR2`. The first malformed entry is the problem.
 */
export function parseResolveList(text: string): ResolveOverride[] | { problem: string } {
  const entries: string[] = [];
  for (const segment of text.split(/[\s,]+/).filter((s) => s !== '')) {
    if (/^\+?[^:[\]]+:\d+:/.test(segment) || entries.length === 0) entries.push(segment);
    else entries[entries.length - 1] += `,${segment}`;
  }
  const overrides: ResolveOverride[] = [];
  for (const entry of entries) {
    const parsed = parseResolveOverride(entry);
    if ('problem' in parsed) return parsed;
    overrides.push(parsed);
  }
  return overrides;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
/** The `lookup` option of net.connect/http.request. */
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/** Name resolution with the overrides applied; everything else goes to the system resolver. */
export class Resolver {
  constructor(readonly overrides: readonly ResolveOverride[] = []) {}

  /** The override address for a host (on a port, or on any port when none is given). */
  override(host: string, port?: number): string | undefined {
    const name = host.toLowerCase().replace(/\.$/, '');
    return this.overrides.find((o) => o.host === name && (port === undefined || o.port === port))?.address;
  }

  /** A lookup function for connections to a host on a port. */
  lookupFor(port: number): LookupFunction {
    return (hostname, options, callback) => {
      const address = this.override(hostname, port);
      if (address === undefined) {
        dns.lookup(hostname, options, callback);
        return;
      }
      const family = net.isIP(address);
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
  }
}
