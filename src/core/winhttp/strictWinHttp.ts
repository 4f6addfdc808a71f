import { Decoded, fail } from '../wininet/codecError';
import { WinHttpSettings, decodeWinHttpSettings } from '../wininet/winHttpSettings';

/** Longer than any WinHttpSettings netsh writes (its strings are limited to a few KiB): reading stops here. */
export const MAX_WINHTTP_BYTES = 64 * 1024;

/**
 * Decodes a WinHttpSettings value as netsh writes it and refuses anything else, with the byte offset: a value
 * longer than 64 KiB, one that ends inside a field (truncated), or bytes after the bypass list (oversized: netsh
 * writes none, so they are not a WinHttpSettings value WinHTTP reads as it looks).
 */
export function decodeWinHttpStrict(bytes: Uint8Array): Decoded<WinHttpSettings> {
  if (bytes.length > MAX_WINHTTP_BYTES)
    return fail(
      'byte',
      MAX_WINHTTP_BYTES,
      `the value is ${bytes.length} bytes long, more than the ${MAX_WINHTTP_BYTES} a WinHttpSettings value can be: it is not one`,
    );
  const decoded = decodeWinHttpSettings(bytes);
  if (!decoded.ok) return decoded;
  const extra = decoded.value.extra.length;
  if (extra > 0)
    return fail(
      'byte',
      bytes.length - extra,
      `${extra} bytes follow the bypass list: netsh writes none, so the value is oversized or not a WinHttpSettings value`,
    );
  return decoded;
}
