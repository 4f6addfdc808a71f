import { ByteReader, ByteWriter } from './byteReader';
import { Decoded, fail, ok } from './codecError';
import { readSettingsFields } from './settingsFields';

/** Versions of `WinHttpSettings` (`netsh winhttp set proxy`): 0x28 today, 0x18 on older systems. */
export const WINHTTP_VERSIONS = [0x28, 0x18] as const;

/** A decoded `WinHttpSettings` value (HKLM\...\Internet Settings\Connections): no PAC URL, no trailer. */
export interface WinHttpSettings {
  version: number;
  counter: number;
  flags: number;
  proxyServer: string;
  bypass: string;
  /** Bytes after the bypass list; none in values netsh writes, kept if present so nothing is lost. */
  extra: Uint8Array;
}

/** Decodes a WinHttpSettings value; malformed bytes give an error with the byte offset. */
export function decodeWinHttpSettings(bytes: Uint8Array): Decoded<WinHttpSettings> {
  const r = new ByteReader(bytes);
  const version = r.dword('the version');
  if (typeof version === 'string') return fail('byte', r.offset, `${version}: the value is truncated`);
  if (!(WINHTTP_VERSIONS as readonly number[]).includes(version)) {
    return fail('byte', 0, `version 0x${version.toString(16)} is not a WinHttpSettings version (0x28 or 0x18)`);
  }
  const fields = readSettingsFields(r, ['the proxy server', 'the bypass list']);
  if (!fields.ok) return fields;
  const {
    counter,
    flags,
    strings: [proxyServer, bypass],
  } = fields.value;
  return ok({ version, counter, flags, proxyServer, bypass, extra: r.take(r.remaining) });
}

/** Encodes WinHttpSettings as netsh stores them. */
export function encodeWinHttpSettings(settings: WinHttpSettings): Uint8Array {
  return new ByteWriter()
    .dword(settings.version)
    .dword(settings.counter)
    .dword(settings.flags)
    .string(settings.proxyServer)
    .string(settings.bypass)
    .bytes(settings.extra)
    .result();
}
