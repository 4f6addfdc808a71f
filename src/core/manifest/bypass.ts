/** Splits manifest bypass entries into WinINET entries (an entry may itself hold a `;`-separated list). */
export function bypassEntries(bypass: readonly string[]): string[] {
  return bypass.flatMap((entry) => entry.split(/[;\s,]+/)).filter((entry) => entry.length > 0);
}

/**
 * Case-insensitive glob match (`*` any run of characters, `?` one character) that backtracks only to the last star:
 * linear in practice, with no regular expression to blow up on a hostile pattern of many stars.
 */
function globMatch(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  let pi = 0;
  let ni = 0;
  let star = -1;
  let mark = 0;
  while (ni < n.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ni;
    } else if (pi < p.length && (p[pi] === '?' || p[pi] === n[ni])) {
      pi++;
      ni++;
    } else if (star >= 0) {
      pi = star + 1;
      ni = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Whether one WinINET bypass entry matches a host (and port) the way WinINET does:
 * `<local>` matches names without a dot; otherwise a case-insensitive glob over the whole name,
 * with an optional `scheme://` and `:port`.
 */
export function bypassMatches(entry: string, host: string, port = 443, scheme = 'https'): boolean {
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
  return pattern.length > 0 && globMatch(pattern, name);
}

/** The first bypass entry that sends a host direct, if any. */
export function matchingBypass(bypass: readonly string[], host: string, port: number): string | undefined {
  return bypassEntries(bypass).find((entry) => bypassMatches(entry, host, port));
}
