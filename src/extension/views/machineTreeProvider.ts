import * as vscode from 'vscode';
import type { MachineModel } from '../machine/machineModel';
import type { MachineNode } from '../machine/machineNodes';

/**
 * The `atpProxy.machine` view: the connection settings of HKCU, LocalSystem, LocalService and HKLM's
 * WinHTTP, from the registry or an imported .reg export, each compared with the manifest.
 */
export class MachineTreeProvider implements vscode.TreeDataProvider<MachineNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  private readonly subscription: { dispose(): unknown };
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: MachineModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(element?: MachineNode): Promise<MachineNode[]> {
    return element ? (element.children ?? []) : this.model.nodes();
  }

  getTreeItem(node: MachineNode): vscode.TreeItem {
    const state = node.children?.length
      ? node.contextValue === 'atpProxy.machineLocation'
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = `machine#${node.id}`;
    item.description = node.description;
    item.tooltip = node.tooltip ?? (node.description ? `${node.label}: ${node.description}` : node.label);
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
