import { Decoded, fail, ok } from './codecError';

// Separators people paste between bytes: regedit commas and folded lines, spaces, BitConverter dashes, colons.
const SEPARATOR = /[\s,\-:\\]/;
const HEX_DIGITS = /^[0-9a-fA-F]*$/;
// `"DefaultConnectionSettings"=` or `@=` in front of a value copied from a .reg file.
const VALUE_NAME_PREFIX = /^\s*(?:"(?:[^"\\]|\\.)*"|@)\s*=\s*/;
// `hex:` or `hex(3):` as regedit writes binary values.
const TYPE_PREFIX = /^\s*hex(?:\([0-9a-fA-F]+\))?:/i;

/**
 * Reads bytes from hex text as users paste it: `46 00 00 00`, `46,00,...` with `\` line folds,
 * `hex:`/`hex(3):` and `"Name"=` prefixes, `0x` prefixes, dashes; offsets in errors count characters of the input.
 */
export function parseHex(text: string): Decoded<Uint8Array> {
  let start = 0;
  const named = VALUE_NAME_PREFIX.exec(text);
  if (named) start = named[0].length;
  const typed = TYPE_PREFIX.exec(text.slice(start));
  if (typed) start += typed[0].length;
  const bytes: number[] = [];
  let i = start;
  while (i < text.length) {
    if (SEPARATOR.test(text[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && !SEPARATOR.test(text[end])) end++;
    let token = text.slice(i, end);
    let tokenStart = i;
    if (/^0x/i.test(token)) {
      token = token.slice(2);
      tokenStart += 2;
    }
    if (!HEX_DIGITS.test(token)) {
      const bad = [...token].findIndex((c) => !/[0-9a-fA-F]/.test(c));
      return fail('character', tokenStart + bad, `"${token[bad]}" is not a hex digit: paste only the value's bytes (0-9, a-f)`);
    }
    if (token.length % 2 !== 0) {
      return fail(
        'character',
        tokenStart,
        `odd number of hex digits in "${token}": every byte needs two digits (write 0a, not a), so part of the value is missing`,
      );
    }
    for (let k = 0; k < token.length; k += 2) bytes.push(parseInt(token.slice(k, k + 2), 16));
    i = end;
  }
  return ok(Uint8Array.from(bytes));
}

/** Bytes as lowercase hex without separators. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
