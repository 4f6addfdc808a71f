// Host and port out of the addresses a SensorConfiguration.json holds, however they are written: the sensor API
// Address (a host name in the files Setup writes, but a URL or host:port must read the same) and the proxy Url
// (`http://proxy:8080` as Deployer and the module take it).
import { cloudDomain, isCloud, SERVICE_PORT } from '../catalog/catalog';
import type { ManifestSettings } from '../manifest/model';

/** A host (lower case, no trailing dot) and port. */
export interface HostPort {
  host: string;
  port: number;
}

/** A host and port read from text, and whether the port was written there (not a default). */
interface ParsedHostPort extends HostPort {
  portWritten: boolean;
}

/**
 * Host and port of `host`, `host:port`, `[v6]:port` or a URL (`scheme://host[:port][/path]`); `defaultPort` when none is
 * written (a URL's scheme decides: 80 for http, 443 for https). Undefined when no host can be read.
 */
export function hostPortOf(text: string, defaultPort: number): ParsedHostPort | undefined {
  let rest = text.trim();
  let port = defaultPort;
  let portWritten = false;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    port = name === 'https' ? 443 : name === 'http' ? 80 : defaultPort;
    rest = rest.slice(scheme[0].length);
  }
  rest = rest.replace(/[/?#].*$/s, '');
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  let host = rest;
  const v6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(rest);
  if (v6) {
    host = v6[1];
    if (v6[2]) {
      port = Number(v6[2]);
      portWritten = true;
    }
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      const portText = rest.slice(colon + 1);
      if (!/^\d{1,5}$/.test(portText)) return undefined;
      host = rest.slice(0, colon);
      port = Number(portText);
      portWritten = true;
    }
  }
  host = host.toLowerCase().replace(/\.$/, '');
  if (!host || /\s/.test(host) || port < 1 || port > 65535) return undefined;
  return { host, port, portWritten };
}

/** `host:port` (IPv6 in brackets). */
export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

/** The sensor API address a manifest's instance and cloud make (`<instance>sensorapi.<cloud domain>`), or why there is none. */
function expectedApiHost(settings: Pick<ManifestSettings, 'instance' | 'cloud'>): { host: string } | { none: string } {
  if (!settings.instance) return { none: 'the manifest has no instance' };
  if (!isCloud(settings.cloud)) return { none: `the manifest's cloud "${settings.cloud}" is not known` };
  return { host: `${settings.instance.toLowerCase()}sensorapi.${cloudDomain(settings.cloud)}` };
}

/** How the sensor API address compares with the manifest's instance. */
export type ApiAddressVerdict =
  | { kind: 'same'; expected: string }
  | { kind: 'differs'; expected: string; found: string }
  | { kind: 'missing'; expected: string }
  | { kind: 'not-compared'; reason: string };

/** Compares `Address` (and `Port`) with `<instance>sensorapi.<cloud domain>` on 443; host, host:port and URL forms alike. */
export function compareApiAddress(
  address: string | undefined,
  port: number | undefined,
  settings: Pick<ManifestSettings, 'instance' | 'cloud'>,
): ApiAddressVerdict {
  const expected = expectedApiHost(settings);
  if ('none' in expected) return { kind: 'not-compared', reason: expected.none };
  const want = `${expected.host}:${SERVICE_PORT}`;
  if (address === undefined) return { kind: 'missing', expected: want };
  const got = hostPortOf(address, SERVICE_PORT);
  // A Port member wins over the default of a bare host or a URL's scheme, not over a port written in the Address.
  const effective = got && port !== undefined && !got.portWritten ? { ...got, port } : got;
  if (!effective) return { kind: 'differs', expected: want, found: address };
  return effective.host === expected.host && effective.port === SERVICE_PORT
    ? { kind: 'same', expected: want }
    : { kind: 'differs', expected: want, found: formatHostPort(effective) };
}
