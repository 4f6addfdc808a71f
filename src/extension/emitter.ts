import type { Disposable, Event } from './host';

/** A minimal event emitter with the `vscode.EventEmitter` shape, usable without VS Code. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const listener of [...this.listeners]) listener(e);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
