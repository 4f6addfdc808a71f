import { Emitter } from '../emitter';
import type { Disposable, HostWorkspace, ManifestFile } from '../host';

/**
 * The workspace's manifests, found lazily (nothing is searched until a view or a command asks,
 * which keeps activation cheap) and re-read when files appear or disappear.
 */
export class ManifestList implements Disposable {
  private cached: Promise<ManifestFile[]> | undefined;
  private readonly changed = new Emitter<void>();
  private readonly subscription: Disposable;

  /** Fires when the list may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly workspace: Pick<HostWorkspace, 'findManifests' | 'onDidChangeManifests'>) {
    this.subscription = workspace.onDidChangeManifests(() => this.refresh());
  }

  /** The manifests, sorted by folder then name. */
  list(): Promise<ManifestFile[]> {
    this.cached ??= this.workspace.findManifests().then((files) => [...files].sort(compareFiles));
    return this.cached;
  }

  /** Forgets the cached list and tells listeners to ask again. */
  refresh(): void {
    this.cached = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const NATURAL = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareFiles(a: ManifestFile, b: ManifestFile): number {
  // Natural order: s2 before s10 before s100, as Explorer sorts.
  return NATURAL.compare(a.relativeDir, b.relativeDir) || NATURAL.compare(a.name, b.name) || a.uri.localeCompare(b.uri);
}
