import * as net from 'net';

// IPv4 ranges with their IPv4-mapped IPv6 forms (URL parsing writes [::ffff:127.0.0.1] as [::ffff:7f00:1]).
const RANGES: { kind: string; subnets: [string, number, 'ipv4' | 'ipv6'][] }[] = [
  {
    kind: 'loopback',
    subnets: [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
      ['::ffff:127.0.0.0', 104, 'ipv6'],
    ],
  },
  {
    kind: 'link-local',
    subnets: [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
      ['::ffff:169.254.0.0', 112, 'ipv6'],
    ],
  },
  {
    kind: 'this-host',
    subnets: [
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
      ['::ffff:0.0.0.0', 104, 'ipv6'],
    ],
  },
];

/**
 * What kind of this-machine address a URL's host is (loopback, link-local, this-host), or undefined. A PAC URL
 * pointing there fetches from local services (an admin API on 127.0.0.1, a cloud's metadata service on
 * 169.254.169.254): only with the user's consent. (A name that resolves there is not caught: only what the URL says.)
 */
export function localAddressKind(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '');
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  const family = net.isIPv4(host) ? 'ipv4' : net.isIPv6(host) ? 'ipv6' : undefined;
  if (!family) return undefined;
  for (const { kind, subnets } of RANGES) {
    const list = new net.BlockList();
    for (const [address, prefix, type] of subnets) list.addSubnet(address, prefix, type);
    if (list.check(host, family)) return kind;
  }
  return undefined;
}

/** The sentence both the CLI and VS Code say about such a PAC URL before fetching it. */
export function localPacUrlWarning(url: string, kind: string): string {
  return `The PAC URL ${url} points at this machine (a ${kind} address): fetching it reaches a local service, not your organisation's PAC file.`;
}
