// Commands run through vscode.commands.executeCommand, with the services that would ask the user or
// touch the machine faked through the extension's testing API.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FakeableServices } from '../../../src/extension/api';
import type { ManifestNode } from '../../../src/extension/views/manifestNodes';
import { testingApi, theExtension, waitForEvent, workspaceFile } from './support';

const CONTOSO = (): vscode.Uri => workspaceFile('sites', 'europe', 'contoso.atpproxy.json');

function row(uri: vscode.Uri): ManifestNode {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri: uri.toString(), name, relativeDir: '', node: { id: 'manifest', kind: 'manifest', label: name, contextValue: 'atpProxy.manifest' } };
}

/** Whether an untitled editor holds exactly this text (they stay open: closing a dirty one would ask). */
function untitledWith(text: string): boolean {
  return vscode.workspace.textDocuments.some((d) => d.isUntitled && d.getText() === text);
}

/** Messages and questions, recorded instead of shown. */
function recordingWindow() {
  const errors: string[] = [];
  const infos: string[] = [];
  const window: FakeableServices['window'] = { showErrorMessage: (m) => errors.push(m), showInformationMessage: (m) => infos.push(m) };
  return { errors, infos, window };
}

describe('commands through executeCommand', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('Generate Script opens the .reg file in an untitled editor', async () => {
    const text = await vscode.commands.executeCommand<string>('atpProxy.generateScript', row(CONTOSO()), 'reg');
    assert.match(text, /^Windows Registry Editor Version 5\.00\r\n/);
    assert.ok(untitledWith(text), 'no untitled editor with the script');
  });

  it('Generate Preflight Script opens the domain-controller script, the manifest embedded, as PowerShell', async () => {
    const text = await vscode.commands.executeCommand<string>('atpProxy.generatePreflight', row(CONTOSO()));
    assert.match(text, /^#Requires -Version 5\.1\r?$/m);
    assert.match(text, /contoso\.atpproxy\.json/);
    assert.match(text, /atp-proxy-preflight\/1/);
    const doc = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText() === text);
    assert.ok(doc, 'no untitled editor with the script');
    assert.strictEqual(doc.languageId, 'powershell');
  });

  it('Generate Script for a method-sensor manifest: the Setup.exe .cmd and the DefenderForIdentity lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-sensor-'));
    try {
      const file = path.join(dir, 'sensor.atpproxy.json');
      const manifest = {
        version: 1,
        instance: 'contoso',
        region: 'europe',
        proxy: { mode: 'static', method: 'sensor', server: 'proxy.contoso.com:8080', user: 'CONTOSO\\svc-mdi' },
        registry: { targets: ['LocalSystem', 'LocalService'], backup: true },
        firewall: { port: 443, allow: ['contososensorapi.atp.azure.com', 'triprd1wceun1sensorapi.atp.azure.com', 'triprd1wceuw1sensorapi.atp.azure.com'] },
      };
      fs.writeFileSync(file, JSON.stringify(manifest));
      const cmd = await vscode.commands.executeCommand<string>('atpProxy.generateScript', row(vscode.Uri.file(file)), 'cmd');
      assert.match(
        cmd,
        /^"Azure ATP sensor Setup\.exe" \/quiet .* ProxyUrl="http:\/\/proxy\.contoso\.com:8080" ProxyUserName="CONTOSO\\svc-mdi" ProxyUserPassword="<proxy password>"\r$/m,
      );
      assert.ok(untitledWith(cmd), 'no untitled editor with the .cmd');
      const lines = await vscode.commands.executeCommand<string>('atpProxy.generateScript', row(vscode.Uri.file(file)), 'module');
      assert.match(lines, /^Set-MDISensorProxyConfiguration -ProxyUrl \$ProxyUrl -ProxyCredential \(Get-Credential /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Decode Connection Settings shows each field of a value', async () => {
    const hex =
      '46000000070000000300000010000000' +
      Buffer.from('proxy.contoso:80', 'latin1').toString('hex') +
      '07000000' +
      Buffer.from('<local>').toString('hex') +
      '00000000' +
      '00'.repeat(32);
    const text = await vscode.commands.executeCommand<string>('atpProxy.decode', undefined, hex);
    assert.match(text, /change counter +7/);
    assert.match(text, /proxy server +proxy\.contoso:80/);
    assert.match(text, /bypass +<local>/);
    assert.ok(untitledWith(text), 'no untitled editor with the decoded value');
  });

  it('Export Allowlist writes a Squid ACL', async () => {
    const text = await vscode.commands.executeCommand<string>('atpProxy.exportAllowlist', row(CONTOSO()), 'squid');
    assert.match(text, /^acl atp_sensor_endpoints dstdomain contoso-corpsensorapi\.atp\.azure\.com /m);
    assert.ok(untitledWith(text), 'no untitled editor with the ACL');
  });

  it('New Manifest writes a complete manifest the view lists and the server finds clean', async () => {
    const ext = theExtension();
    const listed = waitForEvent(testingApi().onDidChangeRows, () => true, 'the view to notice the new manifest').catch(() => undefined);
    const uri = await vscode.commands.executeCommand<string>('atpProxy.newManifest', undefined, {
      sensor: 'v2',
      instance: 'northwind',
      cloud: 'commercial',
      mode: 'static',
      server: 'proxy.northwind.com:3128',
      user: '',
    });
    assert.strictEqual(vscode.Uri.parse(uri).toString(), workspaceFile('northwind.atpproxy.jsonc').toString());
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri);
    await listed;
    const names = (await ext.exports.listManifests()).map((m) => m.name);
    assert.ok(names.includes('northwind.atpproxy.jsonc'), names.join(', '));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.parse(uri));
  });

  it('Test Connectivity is refused in Restricted Mode with an explanation', async () => {
    const rec = recordingWindow();
    restore = testingApi().fake({
      window: rec.window,
      environment: { platform: process.platform, env: {}, isTrusted: () => false, storagePath: '/nowhere', labOverrides: true },
    });
    const result = await vscode.commands.executeCommand('atpProxy.testConnectivity', row(CONTOSO()));
    assert.strictEqual(result, undefined);
    assert.strictEqual(rec.errors.length, 1);
    assert.match(rec.errors[0], /disabled in Restricted Mode/);
  });

  it('Test Connectivity puts verdicts on the endpoint rows and into a report', async () => {
    // A proxy on 127.0.0.1 that refuses every tunnel: each endpoint is proxy-denied, quickly.
    const proxy = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    const uri = workspaceFile('lab.atpproxy.json');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        JSON.stringify({
          version: 1,
          guidance: '2018',
          instance: 'contoso',
          region: 'europe',
          proxy: { mode: 'static', server: `127.0.0.1:${port}` },
          registry: { targets: ['LocalSystem', 'LocalService'] },
          firewall: { port: 443, allow: ['*.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'] },
        }),
      ),
    );
    const asked: string[] = [];
    try {
      restore = testingApi().fake({
        ui: {
          ask: async (_s, message) => {
            asked.push(message);
            return undefined;
          },
          pick: async () => undefined,
          input: async () => undefined,
          pickFile: async () => undefined,
          openUntitled: async () => undefined,
          openReadOnly: async () => undefined,
          openDiff: async () => undefined,
          reveal: async () => undefined,
        },
      });
      const report = await vscode.commands.executeCommand<{ results: { host: string; status: string }[] }>('atpProxy.testConnectivity', row(uri));
      assert.strictEqual(report.results.length, 7);
      assert.ok(
        report.results.every((r) => r.status === 'proxy-denied'),
        JSON.stringify(report.results),
      );
      assert.match(asked[0], /lab\.atpproxy\.json: 0 of 7 endpoints ok, 7 failed \(7 proxy-denied\)/);
      const endpoints = await testingApi().manifestRows((await testingApi().manifestRows(row(uri))).find((n) => n.node.id === 'endpoints'));
      for (const e of endpoints) {
        const item = testingApi().treeItem(e);
        assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'circle-slash', `${e.node.label}`);
        assert.match(typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''), /proxy-denied in \d+ ms via 127\.0\.0\.1:\d+/);
      }
      const saved = await vscode.commands.executeCommand<string>('atpProxy.saveReport', row(uri));
      assert.strictEqual(saved, workspaceFile('lab.connectivity.md').toString());
      const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(saved)));
      assert.match(markdown, /\| ❌ proxy-denied \| contososensorapi\\\.atp\\\.azure\\\.com \| 443 \|/);
      // One endpoint again, from its row.
      const one = await vscode.commands.executeCommand<{ results: { host: string }[] }>('atpProxy.testEndpoint', endpoints[0]);
      assert.deepStrictEqual(
        one.results.map((r) => r.host),
        [endpoints[0].node.host],
      );
    } finally {
      proxy.close();
      await vscode.workspace.fs.delete(uri);
      await vscode.workspace.fs.delete(workspaceFile('lab.connectivity.md')).then(undefined, () => undefined);
    }
  });
});
