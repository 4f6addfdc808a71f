import { ByteReader, ByteWriter } from './byteReader';
import { Decoded, fail, ok } from './codecError';
import { readSettingsFields } from './settingsFields';
import { emptyTrailer } from './trailer';

/** Version DWORD written by IE7 and later (and what we write). */
const VERSION_IE7 = 0x46;
/** Version DWORD of IE5/IE6 values, still found on old profiles. */
export const VERSION_IE5 = 0x3c;

/** Connection type flags (INTERNET_PER_CONN_FLAGS). */
export const FLAG_DIRECT = 0x1;
export const FLAG_PROXY = 0x2;
export const FLAG_AUTO_CONFIG = 0x4;
export const FLAG_AUTO_DETECT = 0x8;

/** A decoded `DefaultConnectionSettings` or `SavedLegacySettings` value (SPEC section 5). */
export interface ConnectionSettings {
  version: number;
  /** Change counter: Windows increments it on every write. */
  counter: number;
  flags: number;
  /** WinINET proxy syntax: `host:port` or `http=h:p;https=h:p`. */
  proxyServer: string;
  /** `;`-separated bypass list, `<local>` for names without a dot. */
  bypass: string;
  autoConfigUrl: string;
  /** Every byte after the PAC URL, kept byte-for-byte; see decodeTrailer for its fields. */
  trailer: Uint8Array;
}

/** Decodes a DefaultConnectionSettings/SavedLegacySettings value; malformed bytes give an error with the byte offset. */
export function decodeConnectionSettings(bytes: Uint8Array): Decoded<ConnectionSettings> {
  const r = new ByteReader(bytes);
  const version = r.dword('the version');
  if (typeof version === 'string') return fail('byte', r.offset, `${version}: the value is truncated`);
  if (version !== VERSION_IE7 && version !== VERSION_IE5) {
    const hint = version === 0x28 || version === 0x18 ? ' (this looks like a WinHttpSettings value)' : '';
    return fail('byte', 0, `version 0x${version.toString(16)} is not a connection-settings version (0x46 or 0x3c)${hint}`);
  }
  const fields = readSettingsFields(r, ['the proxy server', 'the bypass list', 'the auto-config URL']);
  if (!fields.ok) return fields;
  const {
    counter,
    flags,
    strings: [proxyServer, bypass, autoConfigUrl],
  } = fields.value;
  return ok({ version, counter, flags, proxyServer, bypass, autoConfigUrl, trailer: r.take(r.remaining) });
}

/** Encodes settings as WinINET stores them; for a decoded value the result is byte-identical to its source. */
export function encodeConnectionSettings(settings: ConnectionSettings): Uint8Array {
  return new ByteWriter()
    .dword(settings.version)
    .dword(settings.counter)
    .dword(settings.flags)
    .string(settings.proxyServer)
    .string(settings.bypass)
    .string(settings.autoConfigUrl)
    .bytes(settings.trailer)
    .result();
}

/** Fresh IE7-format settings with an empty trailer. */
export function newConnectionSettings(fields: Pick<ConnectionSettings, 'flags'> & Partial<ConnectionSettings>): ConnectionSettings {
  return {
    version: VERSION_IE7,
    counter: 1,
    proxyServer: '',
    bypass: '',
    autoConfigUrl: '',
    trailer: emptyTrailer(VERSION_IE7),
    ...fields,
  };
}

/** The value to write over `previous`: counter = previous counter + 1 (wrapping at 2^32), as Windows does. */
export function withNextCounter(settings: ConnectionSettings, previousCounter: number | undefined): ConnectionSettings {
  return previousCounter === undefined ? settings : { ...settings, counter: (previousCounter + 1) >>> 0 };
}

/** Reads the change counter of an encoded value (offset 4), if it has one. */
export function counterOf(bytes: Uint8Array): number | undefined {
  if (bytes.length < 8) return undefined;
  return (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
}

/** Replaces the change counter of an encoded value without touching any other byte. */
export function setCounter(bytes: Uint8Array, counter: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  if (copy.length >= 8) Buffer.from(copy.buffer).writeUInt32LE(counter >>> 0, 4);
  return copy;
}
