// A read-only registry backend over a .reg export: `apply --dry-run --from-export DC01.reg` plans against what a
// domain controller exported, on any OS, without reg.exe.
import { canonicalKey, keyAliases, parentKey } from '../wininet/accounts';
import type { RegFile } from '../wininet/regFile';
import { RegistryError, type RegistryBackend, type RegistryValue } from './backend';

/** The values of an export by canonical key (HKU\.DEFAULT folded into S-1-5-18); deleted keys and values are absent. */
function indexExport(file: RegFile): Map<string, Map<string, RegistryValue>> {
  const keys = new Map<string, Map<string, RegistryValue>>();
  for (const key of file.keys) {
    const [canonical] = keyAliases(key.path).sort();
    if (key.deleted) {
      for (const known of [...keys.keys()]) if (known === canonical || known.startsWith(`${canonical}\\`)) keys.delete(known);
      continue;
    }
    const values = keys.get(canonical) ?? new Map<string, RegistryValue>();
    keys.set(canonical, values);
    for (const value of key.values) {
      if (value.kind === 'delete') values.delete(value.name.toLowerCase());
      else values.set(value.name.toLowerCase(), { type: value.type, data: value.data });
    }
  }
  return keys;
}

/** Reads a parsed export; every write is refused (a dry run never writes, and nothing could be written to a file). */
export class RegExportBackend implements RegistryBackend {
  private readonly keys: Map<string, Map<string, RegistryValue>>;

  constructor(
    file: RegFile,
    private readonly source: string,
  ) {
    this.keys = indexExport(file);
  }

  private canonical(key: string): string {
    return keyAliases(key).sort()[0];
  }

  /** A key exists when the export has it or anything below it (`reg export` writes every parent of a value's key). */
  private exists(key: string): boolean {
    const wanted = this.canonical(key);
    if (!wanted.includes('\\')) return true; // a root
    for (const known of this.keys.keys()) if (known === wanted || known.startsWith(`${wanted}\\`)) return true;
    return false;
  }

  async readValue(key: string, name: string): Promise<RegistryValue | undefined> {
    return this.keys.get(this.canonical(key))?.get(name.toLowerCase());
  }

  async missingKeys(key: string): Promise<string[]> {
    const missing: string[] = [];
    for (let at: string | undefined = key; at !== undefined && !this.exists(at); at = parentKey(at)) missing.push(at);
    return missing;
  }

  private refuse(operation: RegistryError['operation'], key: string): never {
    throw new RegistryError(operation, canonicalKey(key), `${this.source} is a .reg export: --from-export plans against it (with --dry-run) and never writes`);
  }

  async writeBinary(key: string): Promise<void> {
    this.refuse('write', key);
  }

  async writeValue(key: string): Promise<void> {
    this.refuse('write', key);
  }

  async deleteValue(key: string): Promise<void> {
    this.refuse('delete', key);
  }

  async deleteEmptyKey(key: string): Promise<'deleted' | 'absent' | 'not-empty'> {
    this.refuse('delete', key);
  }

  async exportKey(key: string): Promise<void> {
    this.refuse('export', key);
  }
}
