import { ByteReader } from './byteReader';
import { Decoded, fail, ok } from './codecError';

/** The fields after the version that WinINET and WinHTTP values share: change counter, flags, then length-prefixed strings. */
export interface SettingsFields {
  counter: number;
  flags: number;
  strings: string[];
}

/** Reads counter, flags and the named strings in order; a short value is an error at the byte where it ends. */
export function readSettingsFields(r: ByteReader, stringNames: readonly string[]): Decoded<SettingsFields> {
  const counter = r.dword('the change counter');
  if (typeof counter === 'string') return fail('byte', r.offset, `${counter}: the value is truncated`);
  const flags = r.dword('the flags');
  if (typeof flags === 'string') return fail('byte', r.offset, `${flags}: the value is truncated`);
  const strings: string[] = [];
  for (const name of stringNames) {
    const s = r.string(name);
    if ('error' in s) return fail('byte', s.offset, s.error);
    strings.push(s.value);
  }
  return ok({ counter, flags, strings });
}
