/** Reads little-endian DWORDs and length-prefixed ASCII strings; reports how far it got instead of throwing. */
export class ByteReader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** The next DWORD, or a reason when fewer than four bytes are left. */
  dword(what: string): number | string {
    if (this.remaining < 4) return `${what} needs 4 bytes but the value ends after ${this.remaining}`;
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  }

  /** A DWORD byte length and that many bytes read as Latin-1 (so any byte survives a round trip). */
  string(what: string): { value: string } | { error: string; offset: number } {
    const at = this.offset;
    const length = this.dword(`the length of ${what}`);
    if (typeof length === 'string') return { error: length, offset: at };
    if (length > this.remaining) {
      return {
        error: `${what} is ${length} bytes long but only ${this.remaining} bytes follow: the value is truncated or not a connection-settings value`,
        offset: at,
      };
    }
    const value = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.offset, length).toString('latin1');
    this.offset += length;
    return { value };
  }

  /** The next n bytes (a copy). */
  take(n: number): Uint8Array {
    const slice = this.bytes.slice(this.offset, this.offset + n);
    this.offset += slice.length;
    return slice;
  }
}

/** Appends DWORDs, length-prefixed Latin-1 strings and raw bytes. */
export class ByteWriter {
  private readonly parts: Buffer[] = [];

  dword(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0);
    this.parts.push(b);
    return this;
  }

  string(value: string): this {
    const b = Buffer.from(value, 'latin1');
    this.dword(b.length);
    this.parts.push(b);
    return this;
  }

  bytes(value: Uint8Array): this {
    this.parts.push(Buffer.from(value));
    return this;
  }

  result(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}
