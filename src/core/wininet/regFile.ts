/** Registry value types as .reg files number them in `hex(N):`. */
export const REG_NONE = 0;
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_MULTI_SZ = 7;
export const REG_QWORD = 0xb;

/** Names of value types, for messages. */
export const REG_TYPE_NAMES: Record<number, string> = {
  [REG_NONE]: 'REG_NONE',
  [REG_SZ]: 'REG_SZ',
  [REG_EXPAND_SZ]: 'REG_EXPAND_SZ',
  [REG_BINARY]: 'REG_BINARY',
  [REG_DWORD]: 'REG_DWORD',
  [REG_MULTI_SZ]: 'REG_MULTI_SZ',
  [REG_QWORD]: 'REG_QWORD',
};

/** A value set by a .reg file; `name` is '' for the default value (`@`). Data as the registry stores it. */
export interface RegValue {
  kind: 'set';
  name: string;
  type: number;
  data: Uint8Array;
  /** 1-based line where the value starts. */
  line: number;
}

/** `"name"=-`: the value is deleted on import. */
interface RegValueDeletion {
  kind: 'delete';
  name: string;
  line: number;
}

/** `[KEY]` and the values under it, or `[-KEY]` (deletes the key and its subkeys). */
export interface RegKey {
  path: string;
  deleted: boolean;
  line: number;
  values: (RegValue | RegValueDeletion)[];
}

/** A parsed .reg file. */
export interface RegFile {
  header: 'Windows Registry Editor Version 5.00' | 'REGEDIT4';
  encoding: 'utf-16le' | 'utf-8-bom' | 'utf-8' | 'latin1';
  keys: RegKey[];
}

/** Registry string data (UTF-16LE with terminator) for a JS string. */
export function regString(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(`${text}\0`, 'utf16le'));
}
