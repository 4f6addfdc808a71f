import { CodecError, Decoded, fail, ok } from './codecError';
import { REG_BINARY, REG_DWORD, REG_SZ, RegFile, RegKey, regString } from './regFile';

const HEADERS = ['Windows Registry Editor Version 5.00', 'REGEDIT4'] as const;

/** Text of a .reg file: UTF-16LE with BOM (what regedit and `reg export` write), UTF-8 with or without BOM, else Latin-1. */
export function decodeRegText(bytes: Uint8Array): { text: string; encoding: RegFile['encoding'] } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { text: b.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: b.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  // UTF-16LE without BOM still has a zero byte after every ASCII character of the header.
  if (b.length >= 4 && b[1] === 0 && b[3] === 0 && b[0] !== 0) return { text: b.toString('utf16le'), encoding: 'utf-16le' };
  const utf8 = b.toString('utf8');
  return utf8.includes('\ufffd') ? { text: b.toString('latin1'), encoding: 'latin1' } : { text: utf8, encoding: 'utf-8' };
}

/** Whether bytes start like a .reg file (after any BOM and blank lines). */
export function looksLikeRegFile(bytes: Uint8Array): boolean {
  const { text } = decodeRegText(bytes);
  const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
  return first !== undefined && HEADERS.some((h) => first.trim().toUpperCase() === h.toUpperCase());
}

/** Reads a quoted .reg string starting at `text[start] === '"'`: returns its value and the index after the closing quote. */
function quoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      const n = text[++i];
      // regedit escapes only \\ and \"; Wine also writes \n, \r and \0.
      value += n === 'n' ? '\n' : n === 'r' ? '\r' : n === '0' ? '\0' : n;
    } else {
      value += c;
    }
  }
  return undefined;
}

/** Whether what follows a value on its line is only blanks or a `;` comment. */
function restIsEmpty(rest: string): boolean {
  const t = rest.trim();
  return t === '' || t.startsWith(';');
}

/** Parses hex bytes separated by commas (blanks allowed); a reason when a token is not a byte. */
function hexBytes(data: string): number[] | string {
  const bytes: number[] = [];
  for (const raw of data.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    if (!/^[0-9a-fA-F]{1,2}$/.test(token)) return `"${token}" is not a hex byte`;
    bytes.push(parseInt(token, 16));
  }
  return bytes;
}

/**
 * Parses a .reg file (REGEDIT4 or version 5.00; UTF-16LE or UTF-8): keys, key deletions `[-KEY]`, values of every
 * type (`"x"="s"`, `dword:`, `hex:`, `hex(N):` folded with `\\`), value deletions `"x"=-`, `;` comments.
 * Errors carry the 1-based line and say what is wrong.
 */
export function parseRegFile(bytes: Uint8Array): Decoded<RegFile> {
  const parsed = parseRegLines(bytes, false);
  return parsed.ok ? ok(parsed.value.file) : parsed;
}

/** A .reg file read past its bad lines: everything readable, and a problem (with its line) for each line that is not. */
export interface LenientRegFile {
  file: RegFile;
  problems: CodecError[];
}

/** Like parseRegFile, but a bad key or value line is a problem and reading goes on; only a missing header fails. */
export function parseRegFileLenient(bytes: Uint8Array): Decoded<LenientRegFile> {
  return parseRegLines(bytes, true);
}

function parseRegLines(bytes: Uint8Array, lenient: boolean): Decoded<LenientRegFile> {
  const { text, encoding } = decodeRegText(bytes);
  const lines = text.split(/\r\n|\n|\r/);
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const header = HEADERS.find((h) => (lines[i] ?? '').trim().toUpperCase() === h.toUpperCase());
  if (!header) {
    return fail('line', i + 1, 'not a .reg file: the first line must be "Windows Registry Editor Version 5.00" or "REGEDIT4"');
  }
  const file: RegFile = { header, encoding, keys: [] };
  const problems: CodecError[] = [];
  let current: RegKey | undefined;
  // One line (with its folded continuations, which advance `i`); a reason when it cannot be read.
  const readLine = (): string | undefined => {
    const lineNo = i + 1;
    const indent = lines[i].length - lines[i].replace(/^\s+/, '').length;
    const line = lines[i].slice(indent);
    if (line === '' || line.startsWith(';')) return undefined;
    if (line.startsWith('[')) {
      const close = line.lastIndexOf(']');
      // After a bad key line its values have no key: they are reported, never put under the key before it.
      current = undefined;
      if (close < 0) return 'key line has no closing "]"';
      const deleted = line[1] === '-';
      const path = line.slice(deleted ? 2 : 1, close).trim();
      if (path === '') return 'key line names no key';
      current = { path, deleted, line: lineNo, values: [] };
      file.keys.push(current);
      return undefined;
    }
    if (!current) return 'value outside a key: put a [HKEY_...] line before it';
    if (current.deleted) return `values under a deleted key [-${current.path}] have no meaning: remove them or the "-"`;
    let name: string;
    let pos: number;
    if (line.startsWith('@')) {
      name = '';
      pos = 1;
    } else if (line.startsWith('"')) {
      const q = quoted(line, 0);
      if (!q) return 'value name has no closing quote';
      name = q.value;
      pos = q.end;
    } else {
      return 'expected a key in [brackets], a "value"=data line or a ; comment';
    }
    const eq = /^\s*=\s*/.exec(line.slice(pos));
    if (!eq) return `expected "=" after the value name "${name}"`;
    pos += eq[0].length;
    const data = line.slice(pos);

    if (data.startsWith('-') && restIsEmpty(data.slice(1))) {
      current.values.push({ kind: 'delete', name, line: lineNo });
      return undefined;
    }
    // Where the data starts, 1-based, in the line as written: errors in it say the column too.
    const column = indent + pos + 1;
    if (data.startsWith('"')) {
      const q = quoted(data, 0);
      if (!q) return `string data of "${name}" (column ${column}) is not closed by a quote`;
      if (!restIsEmpty(data.slice(q.end)))
        return `string data of "${name}" is followed by "${data.slice(q.end).trim()}" at column ${column + q.end}: only a ; comment may follow the closing quote`;
      current.values.push({ kind: 'set', name, type: REG_SZ, data: regString(q.value), line: lineNo });
      return undefined;
    }
    const dword = /^dword:([0-9a-fA-F]{1,8})\s*(;.*)?$/i.exec(data);
    if (dword) {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(parseInt(dword[1], 16));
      current.values.push({ kind: 'set', name, type: REG_DWORD, data: new Uint8Array(b), line: lineNo });
      return undefined;
    }
    if (/^dword:/i.test(data)) {
      const digits = data.slice(6).replace(/\s*(;.*)?$/, '');
      return `dword data of "${name}" must be 1 to 8 hex digits, not "${digits}" (column ${column + 6})`;
    }
    const hex = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)$/i.exec(data);
    if (!hex) return `cannot read the data of "${name}": expected "string", dword:, hex: or hex(N):`;
    const type = hex[1] === undefined ? REG_BINARY : parseInt(hex[1], 16);
    // Folded data: a line ending in "\" continues on the next one; comment lines may sit in between.
    // Only the newest line is looked at for the "\", so a value folded over many lines stays linear.
    const parts: string[] = [];
    let part = hex[2];
    while (/\\\s*$/.test(part)) {
      parts.push(part.replace(/\\\s*$/, ''));
      i++;
      while (i < lines.length && lines[i].trim().startsWith(';')) i++;
      if (i >= lines.length) return `the data of "${name}" ends with "\\" but the file ends`;
      part = lines[i];
    }
    parts.push(part);
    let body = parts.join('');
    const comment = body.indexOf(';');
    if (comment >= 0) body = body.slice(0, comment);
    const parsed = hexBytes(body);
    if (typeof parsed === 'string') return `the data of "${name}": ${parsed}`;
    current.values.push({ kind: 'set', name, type, data: Uint8Array.from(parsed), line: lineNo });
    return undefined;
  };
  for (i++; i < lines.length; i++) {
    const lineNo = i + 1;
    const reason = readLine();
    if (reason === undefined) continue;
    if (!lenient) return fail('line', lineNo, reason);
    problems.push({ unit: 'line', offset: lineNo, reason });
  }
  return ok({ file, problems });
}
