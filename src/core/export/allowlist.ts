import { normalizeEntry, parsePattern } from '../catalog/allowPattern';
import { covers, isCloud, isRegion, requiredEndpoints, REVOCATION_ENTRIES, SERVICE_PORT } from '../catalog/catalog';
import { ManifestSettings } from '../manifest/model';
import { isAllowEntry } from '../rules/allowEntry';
import { isValidInstance } from '../manifest/instanceName';
import { oneLine } from '../text/oneLine';

/** Formats a proxy or firewall team can paste. */
export const ALLOWLIST_FORMATS = ['plain', 'squid', 'pac'] as const;
export type AllowlistFormat = (typeof ALLOWLIST_FORMATS)[number];

/** The port Windows fetches certificate revocation lists and trust lists on (plain HTTP), as the catalog says. */
const REVOCATION_PORT = requiredEndpoints({ guidance: 'current', sensor: 'v2' }).find((e) => e.kind === 'revocation')?.port ?? 80;

/**
 * The entries to allow: the manifest's `allow` list plus every required endpoint it does not cover yet, split by how
 * the sensor's machine reaches them: the service with CONNECT on 443, revocation lists with a plain GET on 80.
 */
export interface Allowlist {
  /** Host names and `*.domain` wildcards reached over HTTPS (CONNECT on 443). */
  service: string[];
  /** Hosts and `host/path*` patterns fetched over plain HTTP (GET on 80), paths kept. */
  revocation: string[];
  /** Required entries that were missing from `allow` (added to the lists above). */
  added: string[];
  /** How many `allow` entries were left out because they are not host names, wildcards or URL patterns (ATP119). */
  skipped: number;
}

const REVOCATION_HOSTS = new Set(REVOCATION_ENTRIES.map((entry) => parsePattern(entry).host));

/**
 * Whether an allow entry is fetched over plain HTTP: a URL pattern (a path means HTTP: CONNECT never shows one), or
 * a host the catalog names for revocation. Everything else (names, wildcards) is the HTTPS service.
 */
function isRevocationEntry(entry: string): boolean {
  const pattern = parsePattern(entry);
  return pattern.path !== undefined || (!pattern.wildcard && REVOCATION_HOSTS.has(pattern.host));
}

/** Every entry the firewall must allow for a manifest, in the manifest's order, then the missing required ones. */
export function allowlistOf(settings: ManifestSettings): Allowlist {
  const list: Allowlist = { service: [], revocation: [], added: [], skipped: 0 };
  const seen = new Set<string>();
  for (const raw of settings.firewall.allow.map((a) => a.trim()).filter((a) => a !== '')) {
    // Entries land in Squid directives and PAC code: only what ATP119 accepts goes in, as data.
    if (!isAllowEntry(raw)) {
      list.skipped++;
      continue;
    }
    const entry = normalizeEntry(raw);
    if (seen.has(entry)) continue;
    seen.add(entry);
    (isRevocationEntry(entry) ? list.revocation : list.service).push(entry);
  }
  const instance = settings.instance?.toLowerCase();
  const query = {
    guidance: settings.guidance,
    sensor: settings.sensor,
    cloud: isCloud(settings.cloud) ? settings.cloud : undefined,
    region: isRegion(settings.region) ? settings.region : undefined,
    instance: isValidInstance(instance) ? instance : undefined,
  };
  for (const endpoint of requiredEndpoints(query)) {
    // Covered only by an entry reached the same way: "*.microsoft.com" on 443 does not let a CRL through on 80.
    const revocation = endpoint.kind === 'revocation';
    const same = revocation ? list.revocation : list.service;
    if (same.some((entry) => covers(entry, endpoint.entry))) continue;
    same.push(endpoint.entry);
    list.added.push(endpoint.entry);
  }
  return list;
}

function header(list: Allowlist, comment: string, source: string): string[] {
  // The file name is the user's: on one line, or a U+2028 in it would end a PAC comment and run the rest as code.
  const lines = [
    `${comment} Endpoints the Defender for Identity (Azure ATP) sensors must reach, from ${oneLine(source)}: the service over HTTPS (CONNECT) on TCP ${SERVICE_PORT}, certificate revocation lists over plain HTTP (GET) on TCP ${REVOCATION_PORT}, those paths only.`,
  ];
  if (list.added.length) lines.push(`${comment} Added because the manifest does not allow them yet: ${list.added.join(', ')}.`);
  if (list.skipped)
    lines.push(
      `${comment} Left out: ${list.skipped} allow ${list.skipped === 1 ? 'entry that is' : 'entries that are'} not a host name, *.domain or host/path* pattern (ATP119).`,
    );
  lines.push(`${comment} Keep SSL inspection off this traffic.`);
  return lines;
}

/** A JavaScript string literal in ASCII: old PAC engines (ES3) end a line at U+2028 even inside a string. */
function jsString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A regular expression matching text literally (entries hold `.`, `(`, `+`...). */
function regexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Squid's url_regex for a revocation entry: http:// URLs of the host (port 80 or none) under the entry's path. */
function squidUrlRegex(entry: string): string {
  const pattern = parsePattern(entry);
  const path = pattern.path ? `${regexLiteral(pattern.path.value)}${pattern.path.prefix ? '' : '$'}` : '/';
  return `^http://${regexLiteral(pattern.host)}(:${REVOCATION_PORT})?${path}`;
}

/** The PAC condition for a revocation entry, on `host` and `path` (the URL's path and query). */
function pacRevocationTest(entry: string): string {
  const pattern = parsePattern(entry);
  const host = `host == ${jsString(pattern.host)}`;
  if (!pattern.path) return host;
  const path = pattern.path.prefix
    ? `path.substring(0, ${pattern.path.value.length}) == ${jsString(pattern.path.value)}`
    : `path == ${jsString(pattern.path.value)}`;
  return `(${host} && ${path})`;
}

/** The PAC condition for a service entry: the host name, or every name under a `*.domain`. */
function pacServiceTest(entry: string): string {
  return entry.startsWith('*.') ? `dnsDomainIs(host, ${jsString(entry.slice(1))})` : `host == ${jsString(entry)}`;
}

/** The allowlist as text in a format: one entry per line with its port, a Squid fragment, or a PAC file. */
export function formatAllowlist(list: Allowlist, format: AllowlistFormat, source: string, proxy?: string): string {
  switch (format) {
    case 'plain':
      // host:port, and for revocation lists host:80/path*: what to allow, on which port, for which paths.
      return `${[
        ...header(list, '#', source),
        `# HTTPS (CONNECT) on TCP ${SERVICE_PORT}:`,
        ...list.service.map((e) => `${e}:${SERVICE_PORT}`),
        `# Plain HTTP (GET) on TCP ${REVOCATION_PORT}, these paths only (a bare host: every path):`,
        ...list.revocation.map((e) => {
          const p = parsePattern(e);
          return `${p.host}:${REVOCATION_PORT}${p.path ? `${p.path.value}${p.path.prefix ? '*' : ''}` : ''}`;
        }),
      ].join('\n')}\n`;
    case 'squid': {
      // Squid's dstdomain writes a wildcard as a leading dot.
      const domains = list.service.map((e) => (e.startsWith('*.') ? e.slice(1) : e));
      return `${[
        ...header(list, '#', source),
        `# Include before the final "http_access deny all": CONNECT on ${SERVICE_PORT} to the service, GET on ${REVOCATION_PORT} to the revocation paths, nothing else.`,
        'acl atp_sensor_connect method CONNECT',
        'acl atp_sensor_get method GET',
        ...(domains.length ? [`acl atp_sensor_endpoints dstdomain ${domains.join(' ')}`, `acl atp_sensor_port port ${SERVICE_PORT}`] : []),
        ...(list.revocation.length
          ? [`acl atp_revocation_urls url_regex ${list.revocation.map(squidUrlRegex).join(' ')}`, `acl atp_revocation_port port ${REVOCATION_PORT}`]
          : []),
        ...(domains.length ? ['http_access allow atp_sensor_connect atp_sensor_endpoints atp_sensor_port'] : []),
        ...(list.revocation.length ? ['http_access allow atp_sensor_get atp_revocation_port atp_revocation_urls'] : []),
      ].join('\n')}\n`;
    }
    case 'pac': {
      const target = proxy ? `PROXY ${proxy}` : 'PROXY proxy.example.com:8080';
      const service = list.service.map(pacServiceTest);
      const revocation = list.revocation.map(pacRevocationTest);
      return `${[
        ...header(list, '//', source),
        ...(proxy ? [] : ['// The manifest names no static proxy: replace proxy.example.com:8080 with yours.']),
        'function FindProxyForURL(url, host) {',
        '  host = host.toLowerCase();',
        '  var scheme = url.substring(0, url.indexOf(":")).toLowerCase();',
        '  var rest = url.substring(url.indexOf("//") + 2);',
        '  var path = rest.indexOf("/") < 0 ? "/" : rest.substring(rest.indexOf("/"));',
        // The port as the URL gives it ("" for the scheme's default): http://crl.microsoft.com:8080/ is not port 80.
        '  var end = rest.search(/[\\/?#]/);',
        '  var authority = end < 0 ? rest : rest.substring(0, end);',
        '  authority = authority.substring(authority.lastIndexOf("@") + 1);',
        '  var colon = authority.lastIndexOf(":");',
        '  var port = colon > authority.lastIndexOf("]") ? authority.substring(colon + 1) : "";',
        ...(service.length
          ? [
              `  if (scheme == "https" && (port == "" || port == "${SERVICE_PORT}") && (${service.join(' ||\n      ')})) {`,
              `    return ${jsString(target)};`,
              '  }',
            ]
          : []),
        ...(revocation.length
          ? [
              `  if (scheme == "http" && (port == "" || port == "${REVOCATION_PORT}") && (${revocation.join(' ||\n      ')})) {`,
              `    return ${jsString(target)};`,
              '  }',
            ]
          : []),
        '  return "DIRECT";',
        '}',
      ].join('\n')}\n`;
    }
  }
}
