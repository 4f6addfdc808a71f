/**
 * The syntax of a `firewall.allow` entry (SPEC section 2, ATP119): a host name, a `*.domain` wildcard, or a URL
 * pattern `host/path*`. Exports paste entries into Squid configuration and PAC code, so anything else (a line
 * break, a space, a quote) is refused here and left out there.
 */

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;
// RFC 3986 path characters without quotes, `$`, backslash and whitespace; `*` only as the last character.
const PATH = /^\/[a-z0-9\-._~%!&()+,;=:@/]*\*?$/i;
/** LABEL, dot-separated: a name that passes needs no split into labels (an allow list of thousands is mostly such names). */
const NAME = /^(?!-)[a-z0-9_-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9_-]{1,63}(?<!-))*$/i;
const MAX_HOST_LENGTH = 253;

function hostProblem(host: string): string | undefined {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === '') return 'the host name is empty';
  if (name.length > MAX_HOST_LENGTH) return `a host name has at most ${MAX_HOST_LENGTH} characters`;
  if (NAME.test(name)) return undefined;
  const bad = name.split('.').find((label) => !LABEL.test(label));
  if (bad === undefined) return undefined;
  if (bad === '') return 'a host name has no empty labels ("..")';
  if (bad.length > 63) return 'a label of a host name has at most 63 characters';
  if (/^-|-$/.test(bad)) return 'a label of a host name does not start or end with "-"';
  return 'a host name has only letters, digits, "-" and "." (no spaces, line breaks, quotes or ports)';
}

/** Why an allow entry is not a host name, `*.domain` wildcard or `host/path*` pattern; undefined when it is one. */
export function allowEntryProblem(entry: string): string | undefined {
  const value = entry.trim();
  const slash = value.indexOf('/');
  const host = slash >= 0 ? value.slice(0, slash) : value;
  if (host.startsWith('*.')) {
    if (slash >= 0) return 'a wildcard covers every path already: write "*.domain" without a path';
    return hostProblem(host.slice(2));
  }
  if (host.includes('*')) return 'a wildcard is written "*.domain" (every name under the domain) or "host/path*" (every path under a prefix)';
  const problem = hostProblem(host);
  if (problem) return problem;
  if (slash >= 0 && !PATH.test(value.slice(slash))) {
    return 'a URL pattern is host/path with URL path characters only, "*" only at the end';
  }
  return undefined;
}

/** Whether an allow entry has the syntax SPEC section 2 allows (see allowEntryProblem). */
export function isAllowEntry(entry: string): boolean {
  return allowEntryProblem(entry) === undefined;
}
