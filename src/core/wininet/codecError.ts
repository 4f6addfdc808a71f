/** A value that could not be read: where (in characters of pasted text or bytes of the value) and why. */
export interface CodecError {
  unit: 'character' | 'byte' | 'line';
  offset: number;
  reason: string;
}

/** Either what was read or why it could not be; codec functions return this instead of throwing. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: CodecError };

/** A successful result. */
export function ok<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

/** A failed result at an offset. */
export function fail<T>(unit: CodecError['unit'], offset: number, reason: string): Decoded<T> {
  return { ok: false, error: { unit, offset, reason } };
}

/** One line for a user: the reason and where it happened. */
export function describeCodecError(error: CodecError): string {
  return error.unit === 'line' ? `line ${error.offset}: ${error.reason}` : `${error.reason} (at ${error.unit} ${error.offset})`;
}
