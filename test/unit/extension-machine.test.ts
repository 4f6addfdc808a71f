// The Machine view's model and the apply commands, against .reg exports and an in-memory registry.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as sinon from 'sinon';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { accountConnectionsKey, CURRENT_USER_CONNECTIONS, PROXY_PER_USER_VALUE, PROXY_POLICY_KEY } from '../../src/core/wininet/accounts';
import { encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { REG_BINARY, REG_DWORD } from '../../src/core/wininet/regFile';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { ApplyCommand, PreviewApplyCommand } from '../../src/extension/commands/apply';
import { CompareMachineCommand, ImportRegExportCommand } from '../../src/extension/commands/machine';
import { compareValue, comparisonTexts } from '../../src/core/machine/compare';
import { MachineModel } from '../../src/extension/machine/machineModel';
import { machineNodes } from '../../src/extension/machine/machineNodes';
import { registryCommand, RESTRICTED_REGISTRY } from '../../src/extension/machine/registryCommand';
import { machineFromRegFile, readMachine, type MachineSnapshot } from '../../src/core/machine/snapshot';
import { fakeHost, manifestFile } from './support/fakeExtensionHost';
import { MemoryRegistry } from './support/memoryRegistry';

const ROOT = path.resolve(__dirname, '../../..');
const STATIC = manifestFile('contoso-2018.atpproxy.jsonc');
const staticText = fs.readFileSync(path.join(ROOT, 'examples', 'contoso-2018.atpproxy.jsonc'), 'utf8');
const settings = settingsOf(parseManifest(staticText).manifest);

function hexLine(name: string, data: Uint8Array): string {
  return `"${name}"=hex:${[...data].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

/** A .reg export as a reviewer would get it from a domain controller. */
function regExport(parts: { key: string; lines: string[] }[]): Uint8Array {
  return new Uint8Array(
    Buffer.from(`Windows Registry Editor Version 5.00\r\n\r\n${parts.map((p) => `[${p.key}]\r\n${p.lines.join('\r\n')}\r\n`).join('\r\n')}`, 'utf8'),
  );
}

const good = encodeConnectionSettings(newConnectionSettings({ flags: 3, proxyServer: 'proxy.contoso.com:8080', bypass: '<local>;*.contoso.com' }));
const stale = encodeConnectionSettings(newConnectionSettings({ flags: 3, proxyServer: 'oldproxy:3128', bypass: '<local>' }));

function snapshotOf(bytes: Uint8Array, name = 'dc01.reg'): MachineSnapshot {
  const file = parseRegFile(bytes);
  assert.ok(file.ok);
  return machineFromRegFile(file.value, name);
}

/** An in-memory registry whose exports land on disk, as reg export's do. */
class DiskExportingRegistry extends MemoryRegistry {
  override async exportKey(key: string, file: string): Promise<void> {
    await super.exportKey(key, file);
    fs.writeFileSync(file, `Windows Registry Editor Version 5.00\r\n\r\n[${key}]\r\n`);
  }
}

describe('extension: Machine view model', () => {
  it('reads HKCU, LocalSystem (also as HKU\\.DEFAULT), LocalService and HKLM WinHTTP from a .reg export and compares them', () => {
    const snapshot = snapshotOf(
      regExport([
        { key: CURRENT_USER_CONNECTIONS, lines: [hexLine('DefaultConnectionSettings', good), hexLine('SavedLegacySettings', good)] },
        {
          key: 'HKEY_USERS\\.DEFAULT\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
          lines: [hexLine('DefaultConnectionSettings', good)],
        },
        { key: accountConnectionsKey('LocalService'), lines: [hexLine('DefaultConnectionSettings', stale)] },
      ]),
    );
    const byPlace = Object.fromEntries(snapshot.values.map((v) => [`${v.location}/${v.name}`, compareValue(v, settings)]));
    assert.deepStrictEqual(byPlace['HKCU/DefaultConnectionSettings'], { kind: 'same' });
    assert.deepStrictEqual(byPlace['LocalSystem/DefaultConnectionSettings'], { kind: 'same' });
    assert.deepStrictEqual(byPlace['LocalSystem/SavedLegacySettings'], { kind: 'missing' });
    assert.deepStrictEqual(byPlace['LocalService/DefaultConnectionSettings'], {
      kind: 'differs',
      differences: [
        { field: 'proxyServer', machine: 'oldproxy:3128', manifest: 'proxy.contoso.com:8080' },
        { field: 'bypass', machine: '<local>', manifest: '<local>;*.contoso.com' },
      ],
    });
    assert.deepStrictEqual(byPlace['HKLM/WinHttpSettings'], { kind: 'missing' });
    const nodes = machineNodes(snapshot, settings, STATIC.name);
    assert.deepStrictEqual(
      nodes.map((n) => n.id),
      ['source', 'policy', 'HKCU', 'LocalSystem', 'LocalService', 'HKLM'],
    );
    const service = nodes.find((n) => n.id === 'LocalService');
    // SavedLegacySettings is missing there too.
    assert.strictEqual(service?.description, 'needs attention');
    const value = service?.children?.[0];
    assert.strictEqual(value?.icon, 'diff');
    assert.match(value?.tooltip ?? '', /differs from contoso-2018\.atpproxy\.jsonc: proxyServer oldproxy:3128 \(manifest proxy\.contoso\.com:8080\)/);
    assert.strictEqual(value?.children?.find((f) => f.label === 'Proxy server')?.tooltip, 'Machine: oldproxy:3128\nManifest: proxy.contoso.com:8080');
  });

  it('decodes the Wine exports of HKCU and HKLM (WinHttpSettings) and flags the per-machine policy', () => {
    const hkcu = snapshotOf(new Uint8Array(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'reg', 'wine-hkcu-static.reg'))));
    assert.strictEqual(hkcu.values.find((v) => v.location === 'HKCU' && v.name === 'DefaultConnectionSettings')?.state.kind, 'decoded');
    const hklm = snapshotOf(new Uint8Array(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'reg', 'wine-hklm-winhttp-mixed.reg'))));
    const winhttp = hklm.values.find((v) => v.name === 'WinHttpSettings');
    assert.ok(winhttp?.state.kind === 'decoded' && winhttp.state.value.settings.proxyServer === 'proxy.contoso.com:8080');
    assert.deepStrictEqual(compareValue(winhttp, settings), { kind: 'same' });
    const policy = snapshotOf(regExport([{ key: PROXY_POLICY_KEY, lines: [`"${PROXY_PER_USER_VALUE}"=dword:00000000`] }]));
    assert.strictEqual(policy.perUserPolicy, 0);
    const row = machineNodes(policy, settings, STATIC.name).find((n) => n.id === 'policy');
    assert.strictEqual(row?.icon, 'error');
    assert.match(row?.tooltip ?? '', /writing LocalSystem's and LocalService's values has no effect/);
  });

  it('lines up both sides of the comparison for the diff editor', () => {
    const snapshot = snapshotOf(regExport([{ key: accountConnectionsKey('LocalService'), lines: [hexLine('DefaultConnectionSettings', stale)] }]));
    const texts = comparisonTexts(snapshot, settings, STATIC.name);
    assert.match(texts.machine, /\[LocalService \(S-1-5-19, sensor service\)\] DefaultConnectionSettings\n {2}flags +0x3\n {2}proxy server +oldproxy:3128/);
    assert.match(
      texts.manifest,
      /\[LocalService \(S-1-5-19, sensor service\)\] DefaultConnectionSettings\n {2}flags +0x3\n {2}proxy server +proxy\.contoso\.com:8080/,
    );
  });

  it('reads the live registry through the backend, each failure on its own value', async () => {
    const registry = new MemoryRegistry();
    registry.set(CURRENT_USER_CONNECTIONS, 'DefaultConnectionSettings', { type: REG_BINARY, data: good });
    registry.set(PROXY_POLICY_KEY, PROXY_PER_USER_VALUE, { type: REG_DWORD, data: new Uint8Array([1, 0, 0, 0]) });
    const snapshot = await readMachine(registry, 'this machine');
    assert.strictEqual(snapshot.values.filter((v) => v.state.kind === 'decoded').length, 1);
    assert.strictEqual(snapshot.perUserPolicy, 1);
  });

  it('takes the reg command from user settings only, and %SystemRoot%\\System32\\reg.exe on Windows', async () => {
    const host = fakeHost();
    host.settings['registry.command'] = 'evil --from-workspace';
    assert.ok('unavailable' in (await registryCommand(host.configuration, { platform: 'linux', env: {}, isTrusted: () => true })));
    // Never a bare reg.exe, which Windows looks up in the current directory first.
    assert.deepStrictEqual(await registryCommand(host.configuration, { platform: 'win32', env: { SystemRoot: 'D:\\WINNT' }, isTrusted: () => true }), {
      command: ['D:\\WINNT\\System32\\reg.exe'],
      label: 'D:\\WINNT\\System32\\reg.exe',
    });
    assert.deepStrictEqual(await registryCommand(host.configuration, { platform: 'win32', env: {}, isTrusted: () => true }), {
      command: ['C:\\Windows\\System32\\reg.exe'],
      label: 'C:\\Windows\\System32\\reg.exe',
    });
    host.userSettings['registry.command'] = 'wine "C:\\tools\\reg.exe"';
    assert.deepStrictEqual(await registryCommand(host.configuration, { platform: 'linux', env: {}, isTrusted: () => true }), {
      command: ['wine', 'C:\\tools\\reg.exe'],
      label: 'wine "C:\\tools\\reg.exe"',
    });
  });

  it('runs no reg command in Restricted Mode: the view says why, Read This Machine is refused, an import still works', async () => {
    const exportUri = 'file:///ws/dc01.reg';
    const host = fakeHost({
      [STATIC.uri]: staticText,
      [exportUri]: regExport([{ key: accountConnectionsKey('LocalSystem'), lines: [hexLine('DefaultConnectionSettings', stale)] }]),
    });
    host.userSettings['registry.command'] = 'wine reg';
    host.trusted = false;
    let started = 0;
    const registry = async () => {
      started++;
      return new MemoryRegistry();
    };
    const machine = new MachineModel({ ...host, registry, workspace: { activeManifest: () => undefined } }, { list: async () => [STATIC] });
    const rows = await machine.nodes();
    assert.deepStrictEqual(
      rows.map((r) => [r.label, r.description]),
      [['Cannot read the registry', RESTRICTED_REGISTRY]],
    );
    await assert.rejects(machine.useRegistry(), (e: Error) => e.name === 'UserError' && e.message === RESTRICTED_REGISTRY);
    assert.strictEqual(
      ((await registryCommand(host.configuration, { platform: 'win32', env: {}, isTrusted: () => false })) as { unavailable: string }).unavailable,
      RESTRICTED_REGISTRY,
    );
    const deps = { machine, ui: host.ui, files: host.files, manifests: { list: async () => [STATIC] } };
    assert.strictEqual((await new ImportRegExportCommand(deps).execute({ uri: exportUri, name: 'dc01.reg', relativeDir: '' })).source, 'dc01.reg');
    assert.strictEqual(started, 0, 'a registry backend was made in Restricted Mode');
    // Trusted: the same model reads the registry (main.ts refreshes it when trust is granted).
    host.trusted = true;
    await machine.useRegistry();
    assert.strictEqual(started, 1);
  });

  it('imports a .reg export into the view, refuses a broken one, and compares it in a diff editor', async () => {
    const exportUri = 'file:///ws/dc01.reg';
    const host = fakeHost({
      [STATIC.uri]: staticText,
      [exportUri]: regExport([{ key: accountConnectionsKey('LocalSystem'), lines: [hexLine('DefaultConnectionSettings', stale)] }]),
      'file:///ws/bad.reg': 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_USERS\\x]\r\n"a"=hex:zz\r\n',
    });
    const manifests = { list: async () => [STATIC] };
    const machine = new MachineModel({ ...host, workspace: { activeManifest: () => undefined } }, manifests);
    assert.deepStrictEqual(await machine.nodes(), [], 'no source on Linux without a reg command: the welcome view shows');
    const deps = { machine, ui: host.ui, files: host.files, manifests };
    const snapshot = await new ImportRegExportCommand(deps).execute({ uri: exportUri, name: 'dc01.reg', relativeDir: '' });
    assert.strictEqual(snapshot.source, 'dc01.reg');
    const rows = await machine.nodes();
    assert.strictEqual(rows[0].label, 'Source: dc01.reg');
    assert.strictEqual(rows.find((n) => n.id === 'LocalSystem')?.description, 'needs attention');
    await assert.rejects(
      new ImportRegExportCommand(deps).execute({ uri: 'file:///ws/bad.reg', name: 'bad.reg', relativeDir: '' }),
      /bad\.reg is not a readable \.reg export: line 4/,
    );
    const texts = await new CompareMachineCommand(deps).execute(STATIC);
    assert.match(texts.machine, /oldproxy:3128/);
    assert.strictEqual((host.ui.openDiff as sinon.SinonSpy).lastCall.args[0], 'dc01.reg ↔ contoso-2018.atpproxy.jsonc');
  });
});

describe('extension: Preview Apply and Apply', () => {
  let backupDir: string;
  beforeEach(() => {
    backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-apply-unit-'));
  });
  afterEach(() => fs.rmSync(backupDir, { recursive: true, force: true }));

  function setup(options: { trusted?: boolean; command?: string } = {}) {
    const host = fakeHost({ [STATIC.uri]: staticText });
    host.trusted = options.trusted ?? true;
    if (options.command !== undefined) host.userSettings['registry.command'] = options.command;
    host.userSettings['registry.backupDirectory'] = backupDir;
    const registry = new DiskExportingRegistry();
    registry.set(CURRENT_USER_CONNECTIONS, 'DefaultConnectionSettings', { type: REG_BINARY, data: good });
    registry.set(CURRENT_USER_CONNECTIONS, 'SavedLegacySettings', { type: REG_BINARY, data: good });
    registry.set(accountConnectionsKey('LocalSystem'), 'DefaultConnectionSettings', { type: REG_BINARY, data: stale });
    host.backend = registry;
    const machine = { refresh: () => undefined };
    const deps = { ...host, manifests: { list: async () => [STATIC] }, machine };
    return { host, registry, deps };
  }

  it('is refused in Restricted Mode, and where no registry can be reached, saying what to do instead', async () => {
    await assert.rejects(new ApplyCommand(setup({ trusted: false, command: 'wine reg' }).deps).execute(STATIC), /disabled in Restricted Mode/);
    await assert.rejects(
      new PreviewApplyCommand(setup().deps).execute(STATIC),
      /only when VS Code runs on Windows.*atpProxy\.registry\.command.*Generate Deployment Script/s,
    );
  });

  it('takes the backup directory from user settings only, and refuses a network (UNC) path', async () => {
    const { deps, host } = setup({ command: 'wine reg' });
    // A repository's .vscode/settings.json: ignored (the setting is machine-scoped, and only the user's value is read).
    host.settings['registry.backupDirectory'] = '\\\\attacker\\share';
    const markdown = await new PreviewApplyCommand(deps).execute(STATIC);
    assert.ok(markdown.includes(path.join(backupDir, 'S-1-5-18-Connections-')), markdown);
    assert.doesNotMatch(markdown, /attacker/);
    for (const share of ['\\\\attacker\\share', '//attacker/share', '\\\\?\\UNC\\attacker\\share']) {
      host.userSettings['registry.backupDirectory'] = share;
      await assert.rejects(
        new PreviewApplyCommand(deps).execute(STATIC),
        (e: Error) => e.name === 'UserError' && e.message.includes(`atpProxy.registry.backupDirectory: ${share} is a network (UNC) path`),
        share,
      );
    }
  });

  it('previews the plan decoded before and after, changing nothing', async () => {
    const { deps, registry, host } = setup({ command: 'wine reg' });
    const before = registry.snapshot();
    const markdown = await new PreviewApplyCommand(deps).execute(STATIC);
    assert.match(markdown, /^# Apply plan for contoso\\-2018\\\.atpproxy\\\.jsonc/);
    assert.match(
      markdown,
      /\| LocalSystem \| DefaultConnectionSettings \| counter 1, flags 0x3, proxy `oldproxy:3128`, bypass `<local>` \| counter 2, flags 0x3, proxy `proxy\.contoso\.com:8080`/,
    );
    assert.match(markdown, /```text\nSource: copy of HKEY_CURRENT_USER/);
    assert.strictEqual(registry.snapshot(), before);
    assert.deepStrictEqual(fs.readdirSync(backupDir), []);
    assert.strictEqual(host.opened.at(-1)?.language, 'markdown');
  });

  it('asks a modal confirmation; declined, nothing changes', async () => {
    const { deps, registry, host } = setup({ command: 'wine reg' });
    const before = registry.snapshot();
    host.answers.push(undefined);
    assert.strictEqual(await new ApplyCommand(deps).execute(STATIC).catch((e: Error) => e.name), 'CancelledError');
    const [severity, message, options, button] = (host.ui.ask as sinon.SinonSpy).lastCall.args;
    assert.deepStrictEqual(
      [severity, message, options.modal, button],
      ['warning', "Apply contoso-2018.atpproxy.jsonc to this machine's registry?", true, 'Apply'],
    );
    assert.match(
      options.detail,
      /Writes LocalSystem DefaultConnectionSettings, LocalSystem SavedLegacySettings, LocalService DefaultConnectionSettings, LocalService SavedLegacySettings/,
    );
    assert.strictEqual(registry.snapshot(), before);
  });

  it('applied: backups first, both accounts written and verified, the Machine view refreshed', async () => {
    const { deps, registry, host } = setup({ command: 'wine reg' });
    let refreshed = 0;
    deps.machine.refresh = () => {
      refreshed++;
    };
    host.answers.push('Apply');
    const report = await new ApplyCommand(deps).execute(STATIC);
    assert.strictEqual(report.outcome, 'applied');
    for (const account of ['LocalSystem', 'LocalService'] as const) {
      assert.deepStrictEqual([...(registry.get(accountConnectionsKey(account), 'DefaultConnectionSettings')?.data ?? [])].slice(8), [...good].slice(8));
    }
    assert.deepStrictEqual(
      fs.readdirSync(backupDir).map((f) => f.replace(/-\d{8}T\d{6}Z/, '')),
      ['S-1-5-18-Connections.reg'],
    );
    assert.strictEqual(refreshed, 1);
    assert.match(
      (host.window.showInformationMessage as sinon.SinonSpy).lastCall.args[0],
      /Applied contoso-2018\.atpproxy\.jsonc .*Restart the sensor services/,
    );
  });

  it('a failed write is rolled back and reported', async () => {
    const { deps, registry, host } = setup({ command: 'wine reg' });
    const before = registry.snapshot();
    let writes = 0;
    const write = registry.writeBinary.bind(registry);
    registry.writeBinary = async (key, name, data) => {
      if (++writes === 2) throw new Error('access denied');
      return write(key, name, data);
    };
    host.answers.push('Apply');
    await assert.rejects(
      new ApplyCommand(deps).execute(STATIC),
      /Apply of contoso-2018\.atpproxy\.jsonc failed: writing .* failed: access denied; every value written was restored/,
    );
    assert.strictEqual(registry.snapshot(), before);
  });
});
