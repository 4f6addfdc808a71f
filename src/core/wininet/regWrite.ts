import { REG_BINARY, REG_DWORD, REG_SZ, RegKey, RegValue } from './regFile';

// regedit and `reg export` break hex data once a line reaches 77 characters, then indent by two.
const MAX_HEX_LINE = 77;

// A raw line break inside a quoted name would end the line there and let the rest read as a new key or
// value on import; Wine's escapes (\n, \r, \0) keep it inside the quotes.
function escapeRegString(text: string): string {
  return text.replace(/[\\"\r\n\0]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : c === '\0' ? '\\0' : `\\${c}`));
}

/**
 * A REG_SZ's text when its data is a well-formed terminated UTF-16 string without line breaks, else undefined
 * (written as hex(1), which every importer reads the same way; regedit has no escape for a line break).
 */
function plainString(data: Uint8Array): string | undefined {
  if (data.length < 2 || data.length % 2 !== 0) return undefined;
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf16le');
  if (!text.endsWith('\0') || /[\0\r\n]/.test(text.slice(0, -1))) return undefined;
  return text.slice(0, -1);
}

function hexLines(prefix: string, data: Uint8Array): string {
  let out = prefix;
  let lineLength = prefix.length;
  for (let i = 0; i < data.length; i++) {
    out += data[i].toString(16).padStart(2, '0');
    if (i === data.length - 1) break;
    out += ',';
    lineLength += 3;
    if (lineLength >= MAX_HEX_LINE) {
      out += '\\\r\n  ';
      lineLength = 2;
    }
  }
  return out;
}

/** One value line (possibly folded) as `reg export` writes it, without the final CRLF. */
export function formatRegValue(value: Pick<RegValue, 'name' | 'type' | 'data'>): string {
  const name = value.name === '' ? '@=' : `"${escapeRegString(value.name)}"=`;
  if (value.type === REG_SZ) {
    const text = plainString(value.data);
    if (text !== undefined) return `${name}"${escapeRegString(text)}"`;
  }
  if (value.type === REG_DWORD && value.data.length === 4) {
    return `${name}dword:${Buffer.from(value.data).readUInt32LE(0).toString(16).padStart(8, '0')}`;
  }
  const type = value.type === REG_BINARY ? 'hex:' : `hex(${value.type.toString(16)}):`;
  return hexLines(name + type, value.data);
}

/** The text of a version 5.00 .reg file with CRLF line ends, as `reg export` writes it. */
export function formatRegFile(keys: RegKey[]): string {
  let out = 'Windows Registry Editor Version 5.00\r\n\r\n';
  for (const key of keys) {
    out += key.deleted ? `[-${key.path}]\r\n` : `[${key.path}]\r\n`;
    for (const value of key.values) {
      out += value.kind === 'delete' ? `"${escapeRegString(value.name)}"=-\r\n` : `${formatRegValue(value)}\r\n`;
    }
    out += '\r\n';
  }
  return out;
}

/** A .reg file's bytes as `reg export` writes them: UTF-16LE with a byte order mark. */
export function encodeRegFile(keys: RegKey[]): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(formatRegFile(keys), 'utf16le')]));
}
