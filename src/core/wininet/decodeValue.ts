import { CodecError, Decoded, describeCodecError, fail, ok } from './codecError';
import { ConnectionSettings, decodeConnectionSettings, FLAG_AUTO_CONFIG, FLAG_AUTO_DETECT, FLAG_PROXY } from './connectionSettings';
import { toHex } from './hex';
import { REG_BINARY, REG_TYPE_NAMES, RegFile } from './regFile';
import { decodeTrailer } from './trailer';
import { WINHTTP_VERSIONS, WinHttpSettings, decodeWinHttpSettings } from './winHttpSettings';

/** A decoded value with where it came from (`path`/`value` null for bare hex). */
export type DecodedValue = { path: string | null; value: string | null } & (
  { kind: 'wininet'; settings: ConnectionSettings } | { kind: 'winhttp'; settings: WinHttpSettings }
);

/** Value names `decode` reads from a .reg file: WinINET's two values and netsh's WinHttpSettings. */
const CONNECTION_VALUE_NAMES = ['DefaultConnectionSettings', 'SavedLegacySettings', 'WinHttpSettings'] as const;

/** Decodes bare bytes by their version: 0x46/0x3C as WinINET settings, 0x28/0x18 as WinHttpSettings. */
export function decodeBytes(bytes: Uint8Array, path: string | null = null, value: string | null = null): Decoded<DecodedValue> {
  const version = bytes.length >= 4 ? Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32LE(0) : undefined;
  if (version !== undefined && (WINHTTP_VERSIONS as readonly number[]).includes(version)) {
    const d = decodeWinHttpSettings(bytes);
    return d.ok ? ok({ path, value, kind: 'winhttp', settings: d.value }) : d;
  }
  return decodeWinInet(bytes, path, value);
}

/**
 * A WinINET value as `decode` reads it: every field including the trailer. A trailer cut short means the value
 * was truncated (WinINET always writes its fields), so it is an error here; apply, which only overwrites a
 * target's value, tolerates it through decodeConnectionSettings.
 */
function decodeWinInet(bytes: Uint8Array, path: string | null, value: string | null): Decoded<DecodedValue> {
  const d = decodeConnectionSettings(bytes);
  if (!d.ok) return d;
  const issue = decodeTrailer(d.value.trailer, bytes.length - d.value.trailer.length).issue;
  if (issue) return fail('byte', issue.offset, `the trailer after the auto-config URL is incomplete (${issue.reason}): the value is truncated`);
  return ok({ path, value, kind: 'wininet', settings: d.value });
}

function decodeNamed(name: string, data: Uint8Array, path: string, value: string): Decoded<DecodedValue> {
  if (name === 'WinHttpSettings') {
    const d = decodeWinHttpSettings(data);
    return d.ok ? ok({ path, value, kind: 'winhttp', settings: d.value }) : d;
  }
  return decodeWinInet(data, path, value);
}

/** Every connection-settings value a .reg file sets, decoded in file order; the first malformed one is an error with its line. */
export function decodeRegFileValues(file: RegFile): Decoded<DecodedValue[]> {
  const { values, problems } = decodeRegFileValuesLenient(file);
  return problems.length ? { ok: false, error: problems[0] } : ok(values);
}

/** Every connection-settings value of a .reg file that decodes, in file order, and a problem (with its line) for each that does not. */
export function decodeRegFileValuesLenient(file: RegFile): { values: DecodedValue[]; problems: CodecError[] } {
  const values: DecodedValue[] = [];
  const problems: CodecError[] = [];
  for (const key of file.keys) {
    for (const v of key.values) {
      if (v.kind !== 'set') continue;
      const name = CONNECTION_VALUE_NAMES.find((n) => n.toLowerCase() === v.name.toLowerCase());
      if (!name) continue;
      if (v.type !== REG_BINARY) {
        problems.push({
          unit: 'line',
          offset: v.line,
          reason: `${v.name} is ${REG_TYPE_NAMES[v.type] ?? `type ${v.type}`}, but connection settings are REG_BINARY (hex:)`,
        });
        continue;
      }
      const decoded = decodeNamed(name, v.data, key.path, v.name);
      if (decoded.ok) values.push(decoded.value);
      else problems.push({ unit: 'line', offset: v.line, reason: `${v.name} under [${key.path}]: ${describeCodecError(decoded.error)}` });
    }
  }
  return { values, problems };
}

/** The JSON shape of SPEC section 6 (`decode --format json`), keys in that order. */
export interface DecodedJson {
  path: string | null;
  value: string | null;
  version: number;
  counter: number;
  flags: number;
  proxyEnabled: boolean;
  autoConfigEnabled: boolean;
  autoDetect: boolean;
  proxyServer: string;
  bypass: string;
  autoConfigUrl: string;
  trailer: string;
}

/** A decoded value in the JSON shape of SPEC section 6; WinHttpSettings has an empty PAC URL and trailer. */
export function toDecodedJson(v: DecodedValue): DecodedJson {
  const s = v.settings;
  return {
    path: v.path,
    value: v.value,
    version: s.version,
    counter: s.counter,
    flags: s.flags,
    proxyEnabled: (s.flags & FLAG_PROXY) !== 0,
    autoConfigEnabled: (s.flags & FLAG_AUTO_CONFIG) !== 0,
    autoDetect: (s.flags & FLAG_AUTO_DETECT) !== 0,
    proxyServer: s.proxyServer,
    bypass: s.bypass,
    autoConfigUrl: v.kind === 'wininet' ? v.settings.autoConfigUrl : '',
    trailer: toHex(v.kind === 'wininet' ? v.settings.trailer : v.settings.extra),
  };
}
