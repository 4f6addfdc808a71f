/** Splits manifest bypass entries into WinINET entries (an entry may itself hold a `;`-separated list). */
export function bypassEntries(bypass: readonly string[]): string[] {
  return bypass.flatMap((entry) => entry.split(/[;\s,]+/)).filter((entry) => entry.length > 0);
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

/**
 * Whether one WinINET bypass entry matches a host (and port) the way WinINET does:
 * `<local>` matches names without a dot; otherwise a case-insensitive glob (`*` any run of
 * characters, dots included) over the whole name, with an optional `scheme://` and `:port`.
 */
export function bypassMatches(entry: string, host: string, port: number, scheme = 'https'): boolean {
  let pattern = entry.trim();
  const name = host.trim().replace(/\.$/, '');
  if (pattern.toLowerCase() === '<local>') return !name.includes('.') && !name.includes(':');
  // `<-loopback>` only removes WinINET's implicit loopback bypass; it never matches a name.
  if (pattern.startsWith('<')) return false;
  const schemeMatch = /^([a-z*]+):\/\//i.exec(pattern);
  if (schemeMatch) {
    if (schemeMatch[1] !== '*' && schemeMatch[1].toLowerCase() !== scheme) return false;
    pattern = pattern.slice(schemeMatch[0].length);
  }
  const portMatch = /:(\d+|\*)$/.exec(pattern);
  // A port suffix, but not the last group of a bare IPv6 address.
  const hasPort = portMatch !== null && (pattern.startsWith('[') ? pattern.includes(']:') : pattern.split(':').length === 2);
  if (portMatch && hasPort) {
    if (portMatch[1] !== '*' && Number(portMatch[1]) !== port) return false;
    pattern = pattern.slice(0, portMatch.index);
  }
  pattern = pattern.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return pattern.length > 0 && globToRegExp(pattern).test(name);
}

/** The first bypass entry that sends a host direct, if any. */
export function matchingBypass(bypass: readonly string[], host: string, port: number): string | undefined {
  return bypassEntries(bypass).find((entry) => bypassMatches(entry, host, port));
}
