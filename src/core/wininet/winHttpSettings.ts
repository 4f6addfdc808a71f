import { ByteReader, ByteWriter } from './byteReader';
import { Decoded, fail, ok } from './codecError';

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
  const counter = r.dword('the change counter');
  if (typeof counter === 'string') return fail('byte', r.offset, `${counter}: the value is truncated`);
  const flags = r.dword('the flags');
  if (typeof flags === 'string') return fail('byte', r.offset, `${flags}: the value is truncated`);
  const proxy = r.string('the proxy server');
  if ('error' in proxy) return fail('byte', proxy.offset, proxy.error);
  const bypass = r.string('the bypass list');
  if ('error' in bypass) return fail('byte', bypass.offset, bypass.error);
  return ok({ version, counter, flags, proxyServer: proxy.value, bypass: bypass.value, extra: r.take(r.remaining) });
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
