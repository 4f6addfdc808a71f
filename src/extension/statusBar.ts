import * as vscode from 'vscode';
import type { HostDocuments, HostWorkspace } from './host';
import { statusText } from './statusText';
import type { ManifestViews } from './views/manifestViews';

/** The status bar item of the active manifest: findings and the last test summary; a click tests it. */
export class ManifestStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('atpProxy.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: { dispose(): unknown }[];
  /** The text shown last (the host tests read it). */
  current: string | undefined;

  constructor(
    private readonly workspace: Pick<HostWorkspace, 'activeManifest'>,
    documents: Pick<HostDocuments, 'onDidChangeActiveEditor'>,
    private readonly views: ManifestViews,
  ) {
    this.item.name = 'ATP Sensor Proxy';
    this.item.command = { command: 'atpProxy.testConnectivity', title: 'Test Connectivity' };
    this.subscriptions = [documents.onDidChangeActiveEditor(() => void this.update()), views.onDidChange(() => void this.update())];
    void this.update();
  }

  /** Redraws for the active editor (hidden when it is not a manifest). */
  async update(): Promise<void> {
    const file = this.workspace.activeManifest();
    if (!file) {
      this.current = undefined;
      this.item.hide();
      return;
    }
    try {
      const view = await this.views.get(file);
      if (this.workspace.activeManifest()?.uri !== file.uri) return; // the editor changed meanwhile
      const { text, tooltip } = statusText(view);
      this.item.text = text;
      this.item.tooltip = tooltip;
      this.current = text;
      this.item.show();
    } catch {
      this.item.hide();
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
