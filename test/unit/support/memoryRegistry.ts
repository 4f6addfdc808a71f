import { RegistryBackend, RegistryValue } from '../../../src/core/apply/backend';
import { BackupFiles } from '../../../src/core/apply/execute';
import { canonicalKey, parentKey } from '../../../src/core/wininet/accounts';
import { toHex } from '../../../src/core/wininet/hex';
import { REG_BINARY } from '../../../src/core/wininet/regFile';

/** An in-memory registry: keys (with every parent below the root, as in the real one) → value name → value. */
export class MemoryRegistry implements RegistryBackend {
  readonly keys = new Map<string, Map<string, RegistryValue>>();
  readonly exported: string[] = [];

  /** Creates the key and its missing parents, as reg add does. */
  createKey(key: string): Map<string, RegistryValue> {
    for (let k: string | undefined = canonicalKey(key); k !== undefined && parentKey(k) !== undefined; k = parentKey(k)) {
      if (!this.keys.has(k)) this.keys.set(k, new Map());
    }
    return this.keys.get(canonicalKey(key)) as Map<string, RegistryValue>;
  }
  set(key: string, name: string, value: RegistryValue): void {
    this.createKey(key).set(name.toLowerCase(), value);
  }
  get(key: string, name: string): RegistryValue | undefined {
    return this.keys.get(canonicalKey(key))?.get(name.toLowerCase());
  }
  exists(key: string): boolean {
    return parentKey(key) === undefined || this.keys.has(canonicalKey(key));
  }
  async readValue(key: string, name: string): Promise<RegistryValue | undefined> {
    return this.get(key, name);
  }
  async missingKeys(key: string): Promise<string[]> {
    const missing: string[] = [];
    for (let k: string | undefined = key; k !== undefined && !this.exists(k); k = parentKey(k)) missing.push(k);
    return missing;
  }
  async writeBinary(key: string, name: string, data: Uint8Array): Promise<void> {
    this.set(key, name, { type: REG_BINARY, data: Uint8Array.from(data) });
  }
  async writeValue(key: string, name: string, value: RegistryValue): Promise<void> {
    this.set(key, name, { type: value.type, data: Uint8Array.from(value.data) });
  }
  async deleteValue(key: string, name: string): Promise<void> {
    this.keys.get(canonicalKey(key))?.delete(name.toLowerCase());
  }
  async deleteEmptyKey(key: string): Promise<'deleted' | 'absent' | 'not-empty'> {
    const k = canonicalKey(key);
    const values = this.keys.get(k);
    if (!values) return 'absent';
    if (values.size > 0 || [...this.keys.keys()].some((other) => other.startsWith(`${k}\\`))) return 'not-empty';
    this.keys.delete(k);
    return 'deleted';
  }
  async exportKey(_key: string, file: string): Promise<void> {
    this.exported.push(file);
  }
  /** Every key (empty ones too: a key left behind differs) with its values, in a stable order. */
  snapshot(): string {
    return JSON.stringify(
      [...this.keys]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, m]) => [k, [...m].sort(([a], [b]) => a.localeCompare(b)).map(([n, v]) => [n, v.type, toHex(v.data)])]),
    );
  }
}

/** Backup files that exist once the registry has exported them (or when added by a test). */
export class MemoryFiles implements BackupFiles {
  readonly files = new Set<string>();
  constructor(private readonly registry: MemoryRegistry) {}
  exists(file: string): boolean {
    return this.files.has(file) || this.registry.exported.includes(file);
  }
  async ensurePrivateDir(): Promise<void> {}
  createExclusive(file: string): void {
    if (this.exists(file)) throw new Error(`EEXIST ${file}`);
    this.files.add(file);
  }
  removeEmpty(file: string): void {
    this.files.delete(file);
  }
  size(file: string): number | undefined {
    return this.exists(file) ? 100 : undefined;
  }
}
