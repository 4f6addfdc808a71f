import { RegistryBackend, RegistryValue } from '../../../src/core/apply/backend';
import { BackupFiles } from '../../../src/core/apply/execute';
import { canonicalKey } from '../../../src/core/wininet/accounts';
import { toHex } from '../../../src/core/wininet/hex';
import { REG_BINARY } from '../../../src/core/wininet/regFile';

/** An in-memory registry: keys → value name → value. */
export class MemoryRegistry implements RegistryBackend {
  readonly keys = new Map<string, Map<string, RegistryValue>>();
  readonly exported: string[] = [];

  set(key: string, name: string, value: RegistryValue): void {
    const k = canonicalKey(key);
    if (!this.keys.has(k)) this.keys.set(k, new Map());
    this.keys.get(k)?.set(name.toLowerCase(), value);
  }
  get(key: string, name: string): RegistryValue | undefined {
    return this.keys.get(canonicalKey(key))?.get(name.toLowerCase());
  }
  async readValue(key: string, name: string): Promise<RegistryValue | undefined> {
    return this.get(key, name);
  }
  async keyExists(key: string): Promise<boolean> {
    return this.keys.has(canonicalKey(key));
  }
  async writeBinary(key: string, name: string, data: Uint8Array): Promise<void> {
    this.set(key, name, { type: REG_BINARY, data: Uint8Array.from(data) });
  }
  async deleteValue(key: string, name: string): Promise<void> {
    this.keys.get(canonicalKey(key))?.delete(name.toLowerCase());
  }
  async exportKey(_key: string, file: string): Promise<void> {
    this.exported.push(file);
  }
  snapshot(): string {
    // Keys left empty compare as absent: rollback restores values; an empty Connections key it created stays.
    return JSON.stringify([...this.keys].filter(([, m]) => m.size > 0).map(([k, m]) => [k, [...m].map(([n, v]) => [n, v.type, toHex(v.data)])]));
  }
}

/** Backup files that exist once the registry has exported them (or when added by a test). */
export class MemoryFiles implements BackupFiles {
  readonly files = new Set<string>();
  constructor(private readonly registry: MemoryRegistry) {}
  exists(file: string): boolean {
    return this.files.has(file) || this.registry.exported.includes(file);
  }
  ensureDir(): void {}
  size(file: string): number | undefined {
    return this.exists(file) ? 100 : undefined;
  }
}
