import * as vscode from 'vscode';
import type { ManifestFile } from '../host';
import type { ManifestList } from './manifestList';
import { CONTEXT, findingsSummary, type ManifestNode, type NodeInfo } from './manifestNodes';
import type { ManifestViews } from './manifestViews';

/** The hidden command a row runs when clicked: reveal its range in the manifest. */
const REVEAL_COMMAND = 'atpProxy.reveal';

/**
 * The `atpProxy.manifests` view: one row per workspace manifest, and under it the instance, the
 * endpoints with their last verdict, the proxy, the registry targets, the firewall and the findings.
 */
export class ManifestTreeProvider implements vscode.TreeDataProvider<ManifestNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ManifestNode | undefined>();
  private readonly subscriptions: { dispose(): unknown }[];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly manifests: ManifestList,
    private readonly views: ManifestViews,
  ) {
    // Whole-tree refreshes: a manifest's row carries its findings count, so its parent (the root) changes too.
    this.subscriptions = [manifests.onDidChange(() => this.changed.fire(undefined)), views.onDidChange(() => this.changed.fire(undefined))];
  }

  /** The manifest rows (or a row's children) as plain data: what the host tests check. */
  async getChildren(element?: ManifestNode): Promise<ManifestNode[]> {
    if (!element) {
      const files = await this.manifests.list();
      return Promise.all(files.map((file) => this.rootOf(file)));
    }
    const children = element.node.kind === 'manifest' ? (await this.views.get(element)).nodes : (element.node.children ?? []);
    return children.map((node) => ({ uri: element.uri, name: element.name, relativeDir: element.relativeDir, node }));
  }

  private async rootOf(file: ManifestFile): Promise<ManifestNode> {
    const node: NodeInfo = {
      id: 'manifest',
      kind: 'manifest',
      label: file.name,
      contextValue: CONTEXT.manifest,
      description: file.relativeDir,
      offset: 0,
      length: 0,
    };
    try {
      const view = await this.views.get(file);
      node.description = [file.relativeDir, findingsSummary(view.findings), view.testSummary ?? ''].filter((p) => p).join(' · ');
      node.tooltip = `${file.relativeDir ? `${file.relativeDir}/` : ''}${file.name}\n${findingsSummary(view.findings)}${view.testSummary ? `\nLast test: ${view.testSummary}` : ''}`;
    } catch (e) {
      node.description = `cannot read: ${e instanceof Error ? e.message : String(e)}`;
    }
    return { ...file, node };
  }

  getTreeItem(element: ManifestNode): vscode.TreeItem {
    const { node } = element;
    const uri = vscode.Uri.parse(element.uri);
    const isManifest = node.kind === 'manifest';
    const collapsible = isManifest
      ? vscode.TreeItemCollapsibleState.Collapsed
      : node.children?.length
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
    const item = isManifest ? new vscode.TreeItem(uri, collapsible) : new vscode.TreeItem(node.label, collapsible);
    item.id = `${element.uri}#${node.id}`;
    item.label = node.label;
    item.description = node.description;
    item.tooltip = node.tooltip ?? (node.description ? `${node.label}: ${node.description}` : node.label);
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    item.command = isManifest
      ? { command: 'vscode.open', title: 'Open Manifest', arguments: [uri] }
      : node.offset !== undefined
        ? { command: REVEAL_COMMAND, title: 'Reveal in Manifest', arguments: [element] }
        : undefined;
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
