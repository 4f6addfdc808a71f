/** How a text file's bytes encode it: what `fix --write` must write back so the file stays the file it was. */
export interface FileEncoding {
  charset: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
}

/** A text file read the way VS Code reads it, with its encoding and whether re-encoding gives the same bytes. */
export interface DecodedFile {
  text: string;
  encoding: FileEncoding;
  /** False when the bytes were not valid in their encoding (invalid UTF-8, an odd UTF-16 length): writing the text back would change them. */
  lossless: boolean;
}

/** The encoding's name as a user reads it ("UTF-16LE with BOM"). */
export function encodingName(encoding: FileEncoding): string {
  return `${encoding.charset.toUpperCase()}${encoding.bom ? ' with BOM' : ''}`;
}

function swapBytes(bytes: Buffer): Buffer {
  const swapped = Buffer.alloc(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return swapped;
}

/**
 * The encoding of a file's bytes: a BOM (UTF-8, UTF-16LE, UTF-16BE) decides, as in VS Code; without one, a zero byte
 * beside each of the first ASCII characters is UTF-16 (VS Code guesses the same), else UTF-8.
 */
export function detectEncoding(bytes: Uint8Array): FileEncoding {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', bom: true };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', bom: true };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', bom: true };
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return { charset: 'utf-16le', bom: false };
  if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return { charset: 'utf-16be', bom: false };
  return { charset: 'utf-8', bom: false };
}

/** Decodes a text file (a manifest) in its own encoding, without the BOM. */
export function decodeFile(bytes: Uint8Array): DecodedFile {
  const encoding = detectEncoding(bytes);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = b.subarray(!encoding.bom ? 0 : encoding.charset === 'utf-8' ? 3 : 2);
  const text =
    encoding.charset === 'utf-8' ? body.toString('utf8') : encoding.charset === 'utf-16le' ? body.toString('utf16le') : swapBytes(body).toString('utf16le');
  // Worked out on first use: only `fix --write` asks, and re-encoding a large file was wasted work for every reader.
  let lossless: boolean | undefined;
  return {
    text,
    encoding,
    get lossless() {
      return (lossless ??= encodeFile(text, encoding).equals(b));
    },
  };
}

/** The bytes of a text in an encoding, BOM included when the encoding has one. */
export function encodeFile(text: string, encoding: FileEncoding): Buffer {
  if (encoding.charset === 'utf-8') {
    const body = Buffer.from(text, 'utf8');
    return encoding.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const le = Buffer.from(text, 'utf16le');
  const body = encoding.charset === 'utf-16le' ? le : swapBytes(le);
  if (!encoding.bom) return body;
  return Buffer.concat([Buffer.from(encoding.charset === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}
