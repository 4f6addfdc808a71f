import { RegistryBackend, RegistryError, RegistryValue } from '../../../src/core/apply/backend';
import { REG_BINARY } from '../../../src/core/wininet/regFile';

// A registry wrapper that fails one call of a whole apply (plan + execute): apply-faults.test.ts (WinINET) and
// v3-methods-apply.test.ts (policy, winhttp) fail each call in turn.

export type Operation = 'read' | 'missing' | 'write' | 'delete' | 'deleteKey' | 'export';
/** throw: the call fails; landed: a write lands but reg reports failure; corrupt: a read-back returns other bytes. */
export type Mode = 'throw' | 'landed' | 'corrupt';

/** A registry whose n-th call (1-based, counted over every operation) fails the given way. */
export class FaultyRegistry implements RegistryBackend {
  calls: Operation[] = [];
  executing = false;
  constructor(
    readonly inner: RegistryBackend,
    private readonly failAt = 0,
    private readonly mode: Mode = 'throw',
  ) {}

  private hit(op: Operation, key: string): boolean {
    this.calls.push(op);
    if (this.calls.length !== this.failAt) return false;
    if (this.mode === 'throw')
      throw new RegistryError(op === 'missing' ? 'read' : op === 'deleteKey' ? 'delete' : op, key, 'ERROR: injected fault (Access is denied.)');
    return true;
  }
  async readValue(key: string, name: string): Promise<RegistryValue | undefined> {
    const value = await this.inner.readValue(key, name);
    if (this.hit('read', key) && this.mode === 'corrupt' && value) return { ...value, data: Uint8Array.from(value.data).reverse() };
    return value;
  }
  async missingKeys(key: string): Promise<string[]> {
    this.hit('missing', key);
    return this.inner.missingKeys(key);
  }
  async writeBinary(key: string, name: string, data: Uint8Array): Promise<void> {
    return this.writeValue(key, name, { type: REG_BINARY, data });
  }
  async writeValue(key: string, name: string, value: RegistryValue): Promise<void> {
    const fault = this.calls.length + 1 === this.failAt && this.mode === 'landed';
    if (fault) {
      await this.inner.writeValue(key, name, value);
      this.calls.push('write');
      throw new RegistryError('write', key, `${name}: ERROR: injected fault after the value was written`);
    }
    this.hit('write', key);
    return this.inner.writeValue(key, name, value);
  }
  async deleteValue(key: string, name: string): Promise<void> {
    this.hit('delete', key);
    return this.inner.deleteValue(key, name);
  }
  async deleteEmptyKey(key: string): Promise<'deleted' | 'absent' | 'not-empty'> {
    this.hit('deleteKey', key);
    return this.inner.deleteEmptyKey(key);
  }
  async exportKey(key: string, file: string): Promise<void> {
    this.hit('export', key);
    return this.inner.exportKey(key, file);
  }
}
