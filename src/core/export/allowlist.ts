import { Cloud, Region, covers, isCloud, isRegion, requiredEndpoints } from '../catalog/catalog';
import { ManifestSettings } from '../manifest/model';
import { isAllowEntry } from '../rules/allowEntry';
import { isValidInstance } from '../manifest/instanceName';
import { oneLine } from '../text/oneLine';

/** Formats a proxy or firewall team can paste. */
export const ALLOWLIST_FORMATS = ['plain', 'squid', 'pac'] as const;
export type AllowlistFormat = (typeof ALLOWLIST_FORMATS)[number];

/** The entries to allow: the manifest's `allow` list plus every required endpoint it does not cover yet. */
export interface Allowlist {
  entries: string[];
  /** Required endpoints that were missing from `allow` (added to `entries`). */
  added: string[];
  /** How many `allow` entries were left out because they are not host names, wildcards or URL patterns (ATP119). */
  skipped: number;
  port: number;
}

/** Every entry the firewall must allow for a manifest, in the manifest's order, then the missing required ones. */
export function allowlistOf(settings: ManifestSettings): Allowlist {
  const cloud: Cloud | undefined = isCloud(settings.cloud) ? settings.cloud : undefined;
  const region: Region | undefined = isRegion(settings.region) ? settings.region : undefined;
  const entries: string[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const entry of settings.firewall.allow.map((a) => a.trim().toLowerCase()).filter((a) => a !== '')) {
    // Entries land in Squid directives and PAC code: only what ATP119 accepts goes in, as data.
    if (!isAllowEntry(entry)) {
      skipped++;
      continue;
    }
    if (seen.has(entry)) continue;
    seen.add(entry);
    entries.push(entry);
  }
  const added: string[] = [];
  const instance = settings.instance?.toLowerCase();
  const query = { guidance: settings.guidance, sensor: settings.sensor, cloud, region, instance: isValidInstance(instance) ? instance : undefined };
  for (const endpoint of requiredEndpoints(query)) {
    if (entries.some((entry) => covers(entry, endpoint.entry))) continue;
    entries.push(endpoint.entry);
    added.push(endpoint.entry);
  }
  return { entries, added, skipped, port: settings.firewall.port };
}

function header(list: Allowlist, comment: string, source: string): string[] {
  // The file name is the user's: on one line, or a U+2028 in it would end a PAC comment and run the rest as code.
  const lines = [`${comment} Endpoints the Azure ATP / Defender for Identity sensors must reach on TCP ${list.port}, from ${oneLine(source)}.`];
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

/** The allowlist as text in a format: one name per line, a Squid ACL, or a PAC file sending them through the proxy. */
export function formatAllowlist(list: Allowlist, format: AllowlistFormat, source: string, proxy?: string): string {
  switch (format) {
    case 'plain':
      return `${[...header(list, '#', source), ...list.entries].join('\n')}\n`;
    case 'squid': {
      // Squid's dstdomain writes a wildcard as a leading dot.
      const domains = list.entries.map((e) => (e.startsWith('*.') ? e.slice(1) : e));
      return `${[
        ...header(list, '#', source),
        `acl atp_sensor_endpoints dstdomain ${domains.join(' ')}`,
        `acl atp_sensor_port port ${list.port}`,
        'http_access allow CONNECT atp_sensor_endpoints atp_sensor_port',
      ].join('\n')}\n`;
    }
    case 'pac': {
      const target = proxy ? `PROXY ${proxy}` : 'PROXY proxy.example.com:8080';
      const tests = list.entries.map((e) => (e.startsWith('*.') ? `dnsDomainIs(host, ${jsString(e.slice(1))})` : `host == ${jsString(e)}`));
      return `${[
        ...header(list, '//', source),
        ...(proxy ? [] : ['// The manifest names no static proxy: replace proxy.example.com:8080 with yours.']),
        'function FindProxyForURL(url, host) {',
        '  host = host.toLowerCase();',
        `  if (${tests.join(' ||\n      ')}) {`,
        `    return ${jsString(target)};`,
        '  }',
        '  return "DIRECT";',
        '}',
      ].join('\n')}\n`;
    }
  }
}
