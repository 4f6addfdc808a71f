import * as vscode from 'vscode';
import type { ManifestFile } from '../host';
import type { ManifestList } from './manifestList';

/** Context value of manifest rows (for `view/item/context` menus). */
export const MANIFEST_ITEM_CONTEXT = 'atpProxy.manifest';

/** The `atpProxy.manifests` view: one row per workspace manifest; a click opens it. */
export class ManifestTreeProvider implements vscode.TreeDataProvider<ManifestFile>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: { dispose(): unknown };
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly manifests: ManifestList) {
    this.subscription = manifests.onDidChange(() => this.changed.fire());
  }

  getChildren(element?: ManifestFile): Promise<ManifestFile[]> | ManifestFile[] {
    return element ? [] : this.manifests.list();
  }

  getTreeItem(file: ManifestFile): vscode.TreeItem {
    const uri = vscode.Uri.parse(file.uri);
    const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
    item.label = file.name;
    item.description = file.relativeDir;
    item.tooltip = file.relativeDir ? `${file.relativeDir}/${file.name}` : file.name;
    item.contextValue = MANIFEST_ITEM_CONTEXT;
    item.command = { command: 'vscode.open', title: 'Open Manifest', arguments: [uri] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
