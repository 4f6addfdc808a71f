/** A registry value as read back: its type number (REG_*) and data as the registry stores it. */
export interface RegistryValue {
  type: number;
  data: Uint8Array;
}

/** What a registry backend can do; implemented by reg.exe (or `wine reg`) and by fakes in tests. */
export interface RegistryBackend {
  /** The value, or undefined when the key or the value does not exist; rejects with RegistryError on any other failure. */
  readValue(key: string, name: string): Promise<RegistryValue | undefined>;
  /**
   * The key and each ancestor that does not exist, deepest first, up to the first one that does (a root always
   * does): empty when the key exists. These are the keys a write to the key creates.
   */
  missingKeys(key: string): Promise<string[]>;
  /** Sets a REG_BINARY value, creating the key; only the service accounts' Connections keys are accepted. */
  writeBinary(key: string, name: string, data: Uint8Array): Promise<void>;
  /**
   * Sets a value of any type (REG_SZ, REG_DWORD, REG_BINARY), creating the key: a service account's Connections key,
   * or one of the HKLM values of the v3 methods (machineValue.ts) with its own type.
   */
  writeValue(key: string, name: string, value: RegistryValue): Promise<void>;
  /** Deletes a value (nothing to do when it is absent); only keys writeValue accepts. */
  deleteValue(key: string, name: string): Promise<void>;
  /**
   * Deletes a key only when it holds no value and no subkey (so nothing can be lost), as rollback does with keys
   * apply created; only a service account's Connections key or one of its ancestors below HKEY_USERS is accepted.
   */
  deleteEmptyKey(key: string): Promise<'deleted' | 'absent' | 'not-empty'>;
  /** Exports a key to a .reg file (as `reg export` does). */
  exportKey(key: string, file: string): Promise<void>;
}

/** A failed registry operation: what was attempted, on which key, and what the tool said. */
export class RegistryError extends Error {
  constructor(
    readonly operation: 'read' | 'write' | 'delete' | 'export' | 'refused',
    readonly key: string,
    readonly detail: string,
  ) {
    super(`${operation} ${key}: ${detail}`);
    this.name = 'RegistryError';
  }
}
