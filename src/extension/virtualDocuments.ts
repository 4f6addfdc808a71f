import * as vscode from 'vscode';

/** The URI scheme of the extension's read-only documents (plan previews, decoded values, diffs). */
const VIRTUAL_SCHEME = 'atp-proxy';

/**
 * Serves read-only documents from memory: VS Code shows documents of a provider's scheme without
 * a save action, which is what a preview of a plan or a decoded value should be.
 */
export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private registration: vscode.Disposable | undefined;
  private counter = 0;
  readonly onDidChange = this.changed.event;

  /** A new URI whose document holds `content`; the path ends in `title` so the tab reads well. */
  add(title: string, content: string): vscode.Uri {
    // Registered at first use: activation stays cheap.
    this.registration ??= vscode.workspace.registerTextDocumentContentProvider(VIRTUAL_SCHEME, this);
    const uri = vscode.Uri.from({ scheme: VIRTUAL_SCHEME, path: `/${++this.counter}/${title}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration?.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
