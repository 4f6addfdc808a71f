// Generate Deployment Script offers the Ansible playbook and the DSC configuration: picked from the quick pick (the
// one faked service: it records what was offered and picks), opened in an untitled editor of the right language,
// holding the manifest's value as `encode --format hex` has it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeableServices } from '../../../src/extension/api';
import type { ManifestNode } from '../../../src/extension/views/manifestNodes';
import { testingApi, workspaceFile } from './support';

const CONTOSO = (): vscode.Uri => workspaceFile('sites', 'europe', 'contoso.atpproxy.json');

function row(uri: vscode.Uri): ManifestNode {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri: uri.toString(), name, relativeDir: '', node: { id: 'manifest', kind: 'manifest', label: name, contextValue: 'atpProxy.manifest' } };
}

/** A ui whose quick pick chooses `format` (recording the formats offered) and opens untitled editors as VS Code does. */
function pickingUi(format: string, offered: string[]): FakeableServices['ui'] {
  return {
    ask: async () => undefined,
    pick: async <T>(items: { value: T }[]) => {
      offered.push(...items.map((i) => String(i.value)));
      return items.find((i) => i.value === format)?.value;
    },
    input: async () => undefined,
    pickFile: async () => undefined,
    openUntitled: async (content, language) => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language }), { preview: false });
    },
    openReadOnly: async () => undefined,
    openDiff: async () => undefined,
    reveal: async () => undefined,
  };
}

describe('Generate Deployment Script: Ansible and DSC', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  async function generate(format: string): Promise<{ text: string; offered: string[]; doc: vscode.TextDocument }> {
    const offered: string[] = [];
    restore = testingApi().fake({ ui: pickingUi(format, offered) });
    const text = await vscode.commands.executeCommand<string>('atpProxy.generateScript', row(CONTOSO()));
    const doc = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText() === text);
    assert.ok(doc, `no untitled editor with the ${format} artefact`);
    return { text, offered, doc };
  }

  async function hex(): Promise<string> {
    const value = await vscode.commands.executeCommand<string>('atpProxy.generateScript', row(CONTOSO()), 'hex');
    return value.replace(/[^0-9a-f]/gi, '').toUpperCase();
  }

  it('picking "Ansible playbook" opens YAML with the value for both service accounts', async () => {
    const { text, offered, doc } = await generate('ansible');
    assert.deepStrictEqual(offered, ['hex', 'reg', 'ps1', 'gpp', 'ansible', 'dsc']);
    assert.strictEqual(doc.languageId, 'yaml');
    assert.match(text, /^ {2}hosts: "\{\{ target_hosts \| default\('domain_controllers'\) \}\}"$/m);
    restore?.();
    restore = undefined;
    const expected = await hex();
    assert.strictEqual(text.split('\n').filter((l) => l === `        expected: "${expected}"`).length, 2, 'S-1-5-18 and S-1-5-19');
  });

  it('picking "PowerShell DSC configuration" opens PowerShell with Registry resources of that value', async () => {
    const { text, offered, doc } = await generate('dsc');
    assert.ok(offered.includes('dsc'));
    assert.strictEqual(doc.languageId, 'powershell');
    assert.match(text, /^Configuration AtpSensorProxy\r$/m);
    restore?.();
    restore = undefined;
    const expected = await hex();
    assert.strictEqual(text.split('\r\n').filter((l) => l === `            ValueData = '${expected}'`).length, 2);
    assert.strictEqual(text.split('\r\n').filter((l) => l === "            ValueType = 'Binary'").length, 2);
  });
});
