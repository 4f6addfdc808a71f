import type { FleetFileSystem } from '../../core/fleet/collect';

/** What the Fleet view and its commands need of the editor, beyond the common host: injected so they are unit-tested. */
export interface FleetHost {
  /** Asks for one folder; resolves to its URI string. */
  pickFolder(title: string): Promise<string | undefined>;
  /** Folders and files by URI string. */
  readonly fileSystem: FleetFileSystem;
  /** Shows a report page in a webview panel (no scripts, no local resources; the page carries its own CSP). */
  showHtml(title: string, html: string): void;
  /** Sets a `when`-clause context key. */
  setContext(key: string, value: boolean): void;
}
