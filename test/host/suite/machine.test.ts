// The Machine view, Compare, Preview Apply and Apply in a real extension host, the registry faked by
// an in-memory backend through the extension's testing API (nothing on this machine is touched).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RegistryBackend, RegistryValue } from '../../../src/core/apply/backend';
import type { FakeableServices } from '../../../src/extension/api';
import type { ManifestNode } from '../../../src/extension/views/manifestNodes';
import { testingApi, workspaceFile } from './support';

const CONNECTIONS = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';

/** DefaultConnectionSettings for a static proxy, IE7 layout, empty trailer. */
function value(proxy: string, bypass: string, counter = 1): Uint8Array {
  const dword = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const str = (s: string): Buffer => Buffer.concat([dword(s.length), Buffer.from(s, 'latin1')]);
  return new Uint8Array(Buffer.concat([dword(0x46), dword(counter), dword(3), str(proxy), str(bypass), str(''), Buffer.alloc(32)]));
}

function regLine(name: string, data: Uint8Array): string {
  return `"${name}"=hex:${[...data].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

/** An in-memory registry whose exports are written to disk, as reg export's are. */
class MemoryBackend implements RegistryBackend {
  readonly values = new Map<string, RegistryValue>();
  private id(key: string, name: string): string {
    return `${key.toUpperCase()}|${name.toLowerCase()}`;
  }
  async readValue(key: string, name: string): Promise<RegistryValue | undefined> {
    return this.values.get(this.id(key, name));
  }
  async missingKeys(key: string): Promise<string[]> {
    return [...this.values.keys()].some((k) => k.startsWith(`${key.toUpperCase()}|`)) ? [] : [key];
  }
  async writeBinary(key: string, name: string, data: Uint8Array): Promise<void> {
    this.values.set(this.id(key, name), { type: 3, data });
  }
  async writeValue(key: string, name: string, value: RegistryValue): Promise<void> {
    this.values.set(this.id(key, name), value);
  }
  async deleteValue(key: string, name: string): Promise<void> {
    this.values.delete(this.id(key, name));
  }
  async deleteEmptyKey(key: string): Promise<'deleted' | 'absent' | 'not-empty'> {
    return (await this.missingKeys(key)).length ? 'absent' : 'not-empty';
  }
  async exportKey(key: string, file: string): Promise<void> {
    fs.writeFileSync(file, `Windows Registry Editor Version 5.00\r\n\r\n[${key}]\r\n`);
  }
}

function manifestRow(uri: vscode.Uri): ManifestNode {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return { uri: uri.toString(), name, relativeDir: '', node: { id: 'manifest', kind: 'manifest', label: name, contextValue: 'atpProxy.manifest' } };
}

function fakeUi(answer: string | undefined, opened: { title: string; content: string }[]): FakeableServices['ui'] {
  return {
    ask: async () => answer,
    pick: async () => undefined,
    input: async () => undefined,
    pickFile: async () => undefined,
    openUntitled: async () => undefined,
    openReadOnly: async (title, content) => {
      opened.push({ title, content });
    },
    openDiff: async () => undefined,
    reveal: async () => undefined,
  };
}

describe('the Machine view, Compare, Preview Apply and Apply', () => {
  const contoso = (): vscode.Uri => workspaceFile('sites', 'europe', 'contoso.atpproxy.json');
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('imports a .reg export, shows each account’s values and where they differ from the manifest', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(contoso()));
    const reg = workspaceFile('dc01.reg');
    await vscode.workspace.fs.writeFile(
      reg,
      Buffer.from(
        [
          'Windows Registry Editor Version 5.00',
          '',
          `[HKEY_USERS\\S-1-5-18\\${CONNECTIONS}]`,
          regLine('DefaultConnectionSettings', value('proxy.contoso.com:8080', '<local>;*.contoso.com')),
          '',
          `[HKEY_USERS\\S-1-5-19\\${CONNECTIONS}]`,
          regLine('DefaultConnectionSettings', value('oldproxy:3128', '<local>')),
          '',
        ].join('\r\n'),
      ),
    );
    try {
      const snapshot = await vscode.commands.executeCommand<{ source: string }>('atpProxy.importRegExport', reg);
      assert.strictEqual(snapshot.source, 'dc01.reg');
      const rows = await testingApi().machineRows();
      assert.strictEqual(rows[0].label, 'Source: dc01.reg');
      assert.strictEqual(rows[0].description, 'compared with contoso.atpproxy.json');
      const system = rows.find((r) => r.id === 'LocalSystem');
      const service = rows.find((r) => r.id === 'LocalService');
      assert.strictEqual(system?.children?.find((v) => v.label === 'DefaultConnectionSettings')?.icon, 'pass');
      const differs = service?.children?.find((v) => v.label === 'DefaultConnectionSettings');
      assert.strictEqual(differs?.icon, 'diff');
      assert.match(differs?.tooltip ?? '', /proxyServer oldproxy:3128 \(manifest proxy\.contoso\.com:8080\)/);

      const texts = await vscode.commands.executeCommand<{ machine: string; manifest: string }>('atpProxy.compareMachine', manifestRow(contoso()));
      assert.match(texts.machine, /oldproxy:3128/);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'no diff editor');
      assert.strictEqual(tab.label, 'dc01.reg ↔ contoso.atpproxy.json');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(reg);
    }
  });

  it('imports a sensor’s SensorConfiguration.json: proxy, user, password present and API address against the manifest', async () => {
    const fixtures = path.resolve(__dirname, '../../../../test/fixtures/sensor');
    const file = workspaceFile('dc01-SensorConfiguration.json');
    const sensorManifest = workspaceFile('sensor-method.atpproxy.json');
    await vscode.workspace.fs.writeFile(file, fs.readFileSync(path.join(fixtures, 'setup-proxy-auth.SensorConfiguration.json')));
    await vscode.workspace.fs.writeFile(
      sensorManifest,
      Buffer.from(
        JSON.stringify({
          version: 1,
          instance: 'contoso-corp',
          cloud: 'commercial',
          proxy: { mode: 'static', method: 'sensor', server: 'proxy.contoso.com:8080', user: 'CONTOSO\\svc-mdi-proxy' },
          firewall: {
            port: 443,
            allow: ['contoso-corpsensorapi.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'],
            sslInspection: 'none',
          },
        }),
      ),
    );
    try {
      // Against contoso (method wininet: a registry section): the sensor should hold no proxy of its own.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(contoso()));
      const snapshot = await vscode.commands.executeCommand<{ source: string }>('atpProxy.importSensorConfiguration', file);
      assert.match(snapshot.source, /dc01-SensorConfiguration\.json$/);
      let rows = await testingApi().machineRows();
      let sensor = rows.find((r) => r.id === 'sensor');
      assert.strictEqual(sensor?.label, 'Sensor configuration (SensorConfiguration.json)');
      const fields = (node: typeof sensor): string[][] => (node?.children ?? []).map((c) => [c.label, c.description ?? '', c.icon ?? '']);
      assert.deepStrictEqual(fields(sensor), [
        ['Proxy URL', 'http://proxy.contoso.com:8080', 'diff'],
        ['User', 'CONTOSO\\svc-mdi-proxy', 'diff'],
        ['Password', 'yes (encrypted, not shown)', 'diff'],
        ['Sensor API address', 'contoso-corpsensorapi.atp.azure.com (port 443) · the manifest’s instance', 'pass'],
      ]);
      assert.match(sensor?.children?.[0].tooltip ?? '', /Manifest: \(none: method wininet\)/);
      // Against a method-sensor manifest: everything matches.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sensorManifest));
      await testingApi().machineRows(); // the active editor changed: the view redraws
      rows = await testingApi().machineRows();
      sensor = rows.find((r) => r.id === 'sensor');
      assert.deepStrictEqual(
        fields(sensor).map(([label, , icon]) => [label, icon]),
        [
          ['Proxy URL', 'pass'],
          ['User', 'pass'],
          ['Password', 'pass'],
          ['Sensor API address', 'pass'],
        ],
      );
      assert.strictEqual(sensor?.description, 'proxy http://proxy.contoso.com:8080 · matches the manifest');
      const texts = await vscode.commands.executeCommand<{ machine: string; manifest: string }>('atpProxy.compareMachine', manifestRow(sensorManifest));
      assert.match(texts.manifest, /Proxy URL +http:\/\/proxy\.contoso\.com:8080\n +User +CONTOSO\\svc-mdi-proxy\n +Password +yes\n/);
      assert.ok(!texts.machine.includes('EncryptedBytes') && !/[A-Za-z0-9+/]{40,}/.test(texts.machine), 'no encrypted bytes in Compare');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file);
      await vscode.workspace.fs.delete(sensorManifest);
    }
  });

  it('a v3 machine: the Defender for Endpoint policy beside WinHTTP, their disagreement and a leftover v2 configuration flagged', async () => {
    const reg = workspaceFile('dc02-v3.reg');
    const config = workspaceFile('dc02-SensorConfiguration.json');
    const manifest = workspaceFile('adatum-v3.atpproxy.json');
    const fixtures = path.resolve(__dirname, '../../../../test/fixtures/sensor');
    const winHttp = (proxy: string): Uint8Array => {
      const dword = (n: number): Buffer => Buffer.from(new Uint32Array([n]).buffer);
      return new Uint8Array(
        Buffer.concat([dword(0x28), dword(0), dword(3), dword(proxy.length), Buffer.from(proxy, 'latin1'), dword(7), Buffer.from('<local>')]),
      );
    };
    await vscode.workspace.fs.writeFile(
      reg,
      Buffer.from(
        [
          'Windows Registry Editor Version 5.00',
          '',
          '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]',
          '"TelemetryProxyServer"="proxy.adatum.com:8080"',
          '"DisableEnterpriseAuthProxy"=dword:00000001',
          '',
          `[HKEY_LOCAL_MACHINE\\${CONNECTIONS}]`,
          regLine('WinHttpSettings', winHttp('old.adatum.com:3128')),
          '',
        ].join('\r\n'),
      ),
    );
    await vscode.workspace.fs.writeFile(config, fs.readFileSync(path.join(fixtures, 'setup-proxy-auth.SensorConfiguration.json')));
    await vscode.workspace.fs.writeFile(
      manifest,
      Buffer.from(
        JSON.stringify({
          version: 1,
          sensor: 'v3',
          instance: 'adatum',
          proxy: { mode: 'static', method: 'policy', server: 'proxy.adatum.com:8080', winhttp: { server: 'proxy.adatum.com:8080', bypass: ['<local>'] } },
          firewall: {
            port: 443,
            allow: ['*.endpoint.security.microsoft.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'],
            sslInspection: 'none',
          },
        }),
      ),
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manifest));
      await vscode.commands.executeCommand('atpProxy.importRegExport', reg);
      let rows = await testingApi().machineRows();
      assert.strictEqual(rows[0].description, 'compared with adatum-v3.atpproxy.json');
      const policy = rows.find((r) => r.id === 'defenderPolicy');
      assert.deepStrictEqual(
        (policy?.children ?? []).map((c) => [c.label, c.description, c.icon]),
        [
          ['TelemetryProxyServer', 'proxy.adatum.com:8080', 'pass'],
          ['DisableEnterpriseAuthProxy', '1 (REG_DWORD)', 'pass'],
          // proxy.winhttp is set: the machine is not otherwise offline, the manifest asks nothing of it.
          ['PreferStaticProxyForHttpRequest', '(not set)', 'circle-large-outline'],
        ],
      );
      const hklm = rows.find((r) => r.id === 'HKLM')?.children?.find((c) => c.label === 'WinHttpSettings');
      assert.strictEqual(hklm?.description, 'proxy old.adatum.com:3128');
      assert.strictEqual(hklm?.icon, 'diff');
      const warning = rows.find((r) => r.id === 'policy-winhttp');
      assert.strictEqual(warning?.description, 'TelemetryProxyServer proxy.adatum.com:8080 ≠ WinHttpSettings old.adatum.com:3128');

      await vscode.commands.executeCommand('atpProxy.importSensorConfiguration', config);
      rows = await testingApi().machineRows();
      assert.match(
        rows.find((r) => r.id === 'v2-configuration')?.description ?? '',
        /^SensorConfiguration\.json still has proxy http:\/\/proxy\.contoso\.com:8080$/,
      );

      const texts = await vscode.commands.executeCommand<{ machine: string; manifest: string }>('atpProxy.compareMachine', manifestRow(manifest));
      assert.match(texts.machine, /\[Defender for Endpoint policy \(HKLM\)\]\n +TelemetryProxyServer +proxy\.adatum\.com:8080\n/);
      assert.match(texts.machine, /Policy and WinHTTP disagree: Two methods hold a proxy/);
      assert.match(texts.machine, /v2 sensor configuration on a v3 machine: The manifest describes sensor v3/);
      assert.match(texts.manifest, /Policy and WinHTTP disagree: no\nv2 sensor configuration on a v3 machine: no/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(reg);
      await vscode.workspace.fs.delete(config);
      await vscode.workspace.fs.delete(manifest);
    }
  });

  it('reads the live sensor configuration from the AATPSensor service’s folder with the registry', async () => {
    const backend = new MemoryBackend();
    restore = testingApi().fake({
      environment: { platform: 'win32', env: { ProgramFiles: 'C:\\Program Files' }, isTrusted: () => true, storagePath: os.tmpdir(), labOverrides: true },
      registry: async () => backend,
    });
    await vscode.commands.executeCommand('atpProxy.readMachine');
    let sensor = (await testingApi().machineRows()).find((r) => r.id === 'sensor');
    assert.strictEqual(sensor?.description, 'not found');
    assert.match(sensor?.tooltip ?? '', /no AATPSensor service here/);
    // The service's ImagePath names a folder this (Linux) host does not have: the row names the file it tried.
    backend.values.set('HKEY_LOCAL_MACHINE\\SYSTEM\\CURRENTCONTROLSET\\SERVICES\\AATPSENSOR|imagepath', {
      type: 2,
      data: new Uint8Array(Buffer.from('"%ProgramFiles%\\Azure Advanced Threat Protection Sensor\\2.250.1\\Microsoft.Tri.Sensor.exe"\0', 'utf16le')),
    });
    await vscode.commands.executeCommand('atpProxy.refresh');
    sensor = (await testingApi().machineRows()).find((r) => r.id === 'sensor');
    assert.strictEqual(sensor?.description, 'unreadable');
    assert.match(sensor?.tooltip ?? '', /^cannot read C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2\.250\.1\\SensorConfiguration\.json: /);
  });

  it('Apply is refused in Restricted Mode', async () => {
    const errors: string[] = [];
    restore = testingApi().fake({
      window: { showErrorMessage: (m) => errors.push(m), showInformationMessage: () => undefined },
      environment: { platform: 'win32', env: {}, isTrusted: () => false, storagePath: os.tmpdir(), labOverrides: true },
    });
    assert.strictEqual(await vscode.commands.executeCommand('atpProxy.apply', manifestRow(contoso())), undefined);
    assert.match(errors[0], /Apply changes this machine's registry, so it is disabled in Restricted Mode/);
  });

  it('Preview Apply shows the plan decoded; Apply, confirmed, backs up and writes both accounts', async () => {
    const backend = new MemoryBackend();
    await backend.writeBinary(`HKEY_CURRENT_USER\\${CONNECTIONS}`, 'DefaultConnectionSettings', value('proxy.contoso.com:8080', '<local>;*.contoso.com', 4));
    await backend.writeBinary(`HKEY_USERS\\S-1-5-19\\${CONNECTIONS}`, 'DefaultConnectionSettings', value('oldproxy:3128', '<local>', 9));
    const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-host-backups-'));
    const config = vscode.workspace.getConfiguration('atpProxy');
    await config.update('registry.backupDirectory', backups, vscode.ConfigurationTarget.Global);
    const opened: { title: string; content: string }[] = [];
    const infos: string[] = [];
    try {
      restore = testingApi().fake({
        ui: fakeUi('Apply', opened),
        window: { showErrorMessage: (m) => assert.fail(m), showInformationMessage: (m) => infos.push(m) },
        environment: { platform: 'win32', env: {}, isTrusted: () => true, storagePath: os.tmpdir(), labOverrides: true },
        registry: async (command) => {
          // By its full path (SystemRoot defaults to C:\Windows): never a reg.exe of the current directory.
          assert.deepStrictEqual(command, ['C:\\Windows\\System32\\reg.exe']);
          return backend;
        },
      });
      const markdown = await vscode.commands.executeCommand<string>('atpProxy.previewApply', manifestRow(contoso()));
      assert.match(
        markdown,
        /\| LocalService \| DefaultConnectionSettings \| counter 9, flags 0x3, proxy `oldproxy:3128`, bypass `<local>` \| counter 10, flags 0x3, proxy `proxy\.contoso\.com:8080`/,
      );
      assert.deepStrictEqual(fs.readdirSync(backups), [], 'the preview changed something');
      assert.strictEqual(opened[0].title, 'contoso.apply-plan.md');

      const report = await vscode.commands.executeCommand<{ outcome: string; backups: string[] }>('atpProxy.apply', manifestRow(contoso()));
      assert.strictEqual(report.outcome, 'applied');
      assert.deepStrictEqual(
        report.backups.map((f) => path.basename(f).slice(0, 20)),
        ['S-1-5-19-Connections'],
      );
      for (const sid of ['S-1-5-18', 'S-1-5-19']) {
        const written = await backend.readValue(`HKEY_USERS\\${sid}\\${CONNECTIONS}`, 'DefaultConnectionSettings');
        assert.ok(written && Buffer.from(written.data).includes(Buffer.from('proxy.contoso.com:8080')), `${sid} not written`);
      }
      assert.match(infos.at(-1) ?? '', /^Applied contoso\.atpproxy\.json/);
    } finally {
      await config.update('registry.backupDirectory', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(backups, { recursive: true, force: true });
    }
  });
});
