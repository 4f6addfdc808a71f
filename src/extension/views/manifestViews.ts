import type { ResultStore } from '../connectivity/resultStore';
import { Emitter } from '../emitter';
import type { Disposable, HostDocuments, HostFiles, ManifestFile } from '../host';
import { buildManifestView, type ManifestView } from './manifestNodes';

/**
 * Each manifest's rows, built on demand from the current text (the open editor's, unsaved edits
 * included) and cached until the text or the test results change. Shared by the tree and the status bar.
 */
export class ManifestViews implements Disposable {
  private readonly cache = new Map<string, Promise<ManifestView>>();
  private readonly changed = new Emitter<string>();
  private readonly subscriptions: Disposable[];

  /** Fires with the URI of a manifest whose rows changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly files: Pick<HostFiles, 'readText'>,
    documents: Pick<HostDocuments, 'onDidChangeManifestText'>,
    private readonly results: ResultStore,
  ) {
    this.subscriptions = [documents.onDidChangeManifestText((uri) => this.invalidate(uri)), results.onDidChange((uri) => this.invalidate(uri))];
  }

  /** The rows of a manifest (read and validated once per change). */
  get(file: ManifestFile): Promise<ManifestView> {
    let view = this.cache.get(file.uri);
    if (!view) {
      view = this.files.readText(file.uri).then((text) => buildManifestView(file, text, this.results.resultsOf(file.uri)));
      const built = view;
      built.then(
        // Invalidated while it was being built (an edit or a revert during the read): whoever got these rows
        // must ask again, or a view refreshed in between would keep showing them.
        () => {
          if (this.cache.get(file.uri) !== built) this.changed.fire(file.uri);
        },
        // A failed read is not cached: the next ask tries again.
        () => {
          if (this.cache.get(file.uri) === built) this.cache.delete(file.uri);
        },
      );
      this.cache.set(file.uri, view);
    }
    return view;
  }

  /** Forgets one manifest (or all) and tells listeners. */
  invalidate(uri?: string): void {
    if (uri === undefined) {
      const uris = [...this.cache.keys()];
      this.cache.clear();
      for (const u of uris) this.changed.fire(u);
      return;
    }
    this.cache.delete(uri);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
