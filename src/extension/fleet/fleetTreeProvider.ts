import * as vscode from 'vscode';
import { summaryLine } from '../../core/fleet/summary';
import type { FleetModel } from './fleetModel';
import { fleetNodes, type FleetNode } from './fleetNodes';

/** The `atpProxy.fleet` view: the imported machines, their checks and endpoints with verdict icons. */
class FleetTreeProvider implements vscode.TreeDataProvider<FleetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  private readonly subscription: { dispose(): unknown };
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: FleetModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(element?: FleetNode): FleetNode[] {
    if (element) return element.children ?? [];
    const imported = this.model.imported;
    if (!imported) return [];
    return fleetNodes(imported.report, this.model.failuresOnly);
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `fleet#${node.id}`;
    item.description = node.description;
    item.tooltip = node.tooltip ?? node.label;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Creates the Fleet view; its message is the report's summary line (and says when only failures are shown). */
export function createFleetView(model: FleetModel): vscode.Disposable[] {
  const provider = new FleetTreeProvider(model);
  const view = vscode.window.createTreeView('atpProxy.fleet', { treeDataProvider: provider, showCollapseAll: true });
  const subscription = model.onDidChange(() => {
    const imported = model.imported;
    if (!imported) return;
    view.message = `${summaryLine(imported.report)}${model.failuresOnly ? ' Showing failures only.' : ''}`;
  });
  return [provider, view, subscription];
}
