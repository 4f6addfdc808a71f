/**
 * An object that forwards every property read to whatever `current()` returns at that moment, so the
 * host services handed to commands at activation can be swapped later (the host tests' fakes).
 */
export function delegating<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = current();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
