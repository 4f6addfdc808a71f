/**
 * What an allow entry lets through (SPEC section 2): a host name, every name under a domain (`*.domain`, not the
 * domain itself), or URLs of one host under a path (`host/path*` a prefix, `host/path` that path alone). A bare host
 * covers every path of it. Host names compare case-insensitively without a trailing dot; paths compare as written.
 */
export interface AllowPattern {
  /** The host name, or for a wildcard the domain with its leading dot (".contoso.com"). */
  host: string;
  wildcard: boolean;
  /** Undefined: every path. */
  path?: { value: string; prefix: boolean };
}

/** The pattern of an entry (syntax is ATP119's business: anything is read as far as it goes). */
export function parsePattern(entry: string): AllowPattern {
  const value = entry.trim();
  const slash = value.indexOf('/');
  let host = (slash >= 0 ? value.slice(0, slash) : value).toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  const wildcard = host.startsWith('*.');
  if (wildcard) host = host.slice(1);
  if (slash < 0) return { host, wildcard };
  const path = value.slice(slash);
  return { host, wildcard, path: path.endsWith('*') ? { value: path.slice(0, -1), prefix: true } : { value: path, prefix: false } };
}

/** The entry in one canonical spelling: host lower case, no trailing dot, path as written. */
export function normalizeEntry(entry: string): string {
  return patternText(parsePattern(entry));
}

/** A pattern in the canonical spelling of its entries (see normalizeEntry). */
export function patternText(p: AllowPattern): string {
  return `${p.wildcard ? '*' : ''}${p.host}${p.path ? `${p.path.value}${p.path.prefix ? '*' : ''}` : ''}`;
}

function hostCovers(a: AllowPattern, b: AllowPattern): boolean {
  if (!a.wildcard) return !b.wildcard && a.host === b.host;
  // "*.d" covers "x.d" and "*.x.d" (and "*.d" itself), never "d".
  return b.wildcard ? b.host.endsWith(a.host) : b.host.endsWith(a.host) && b.host.length > a.host.length;
}

function pathCovers(a: AllowPattern, b: AllowPattern): boolean {
  if (!a.path) return true;
  if (!b.path) return false;
  if (!a.path.prefix) return !b.path.prefix && a.path.value === b.path.value;
  return b.path.value.startsWith(a.path.value);
}

/** Whether every URL `b` lets through, `a` lets through too. */
export function patternCovers(a: AllowPattern, b: AllowPattern): boolean {
  return hostCovers(a, b) && pathCovers(a, b);
}

/** Whether allow entry `entry` covers `target` (a host name, a wildcard or a URL pattern). */
export function entryCovers(entry: string, target: string): boolean {
  return patternCovers(parsePattern(entry), parsePattern(target));
}
