// The Machine view and Compare for a sensor v3 machine: the Defender for Endpoint policy values and WinHttpSettings,
// read from .reg exports and an in-memory registry, compared with v3 manifests.
import * as assert from 'assert';
import { comparisonTexts } from '../../src/core/machine/compare';
import { comparePolicyValues, v3Warnings } from '../../src/core/machine/comparePolicy';
import { machineFromRegFile, readMachine, type MachineSnapshot } from '../../src/core/machine/snapshot';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { encodeWinHttpSettings } from '../../src/core/wininet/winHttpSettings';
import { REG_DWORD, REG_SZ } from '../../src/core/wininet/regFile';
import { machineNodes, type MachineNode } from '../../src/extension/machine/machineNodes';
import { MemoryRegistry } from './support/memoryRegistry';

const DATA_COLLECTION = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection';
const ATP_POLICY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection';
const CONNECTIONS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';

function v3(proxy: object): ReturnType<typeof settingsOf> {
  const text = JSON.stringify({ version: 1, sensor: 'v3', instance: 'adatum', proxy, firewall: { port: 443, allow: ['*.endpoint.security.microsoft.com'] } });
  return settingsOf(parseManifest(text).manifest);
}

const POLICY = v3({ mode: 'static', method: 'policy', server: 'proxy.adatum.com:8080' });
const WINHTTP = v3({ mode: 'static', method: 'winhttp', server: 'proxy.adatum.com:8080', bypass: ['<local>'] });

function winhttp(proxyServer: string, bypass = '<local>'): string {
  const data = encodeWinHttpSettings({ version: 0x28, counter: 0, flags: 3, proxyServer, bypass, extra: new Uint8Array() });
  return `"WinHttpSettings"=hex:${[...data].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

/** A v3 domain controller's export: the policy values and the machine's WinHTTP. */
function snapshotOf(lines: { dataCollection?: string[]; atp?: string[]; connections?: string[] }): MachineSnapshot {
  const parts = [
    'Windows Registry Editor Version 5.00',
    '',
    `[${DATA_COLLECTION}]`,
    ...(lines.dataCollection ?? []),
    '',
    `[${ATP_POLICY}]`,
    ...(lines.atp ?? []),
    '',
    `[${CONNECTIONS}]`,
    ...(lines.connections ?? []),
    '',
  ];
  const file = parseRegFile(new Uint8Array(Buffer.from(parts.join('\r\n'), 'utf8')));
  assert.ok(file.ok);
  return machineFromRegFile(file.value, 'dc01-v3.reg');
}

const MATCHING = {
  dataCollection: ['"TelemetryProxyServer"="proxy.adatum.com:8080"', '"DisableEnterpriseAuthProxy"=dword:00000001'],
  atp: ['"PreferStaticProxyForHttpRequest"=dword:00000001'],
  connections: [winhttp('proxy.adatum.com:8080')],
};

function row(nodes: MachineNode[], id: string): MachineNode {
  const found = nodes.find((n) => n.id === id);
  assert.ok(found, `no row ${id} in ${nodes.map((n) => n.id).join(', ')}`);
  return found;
}

describe('Machine view and Compare, sensor v3', () => {
  it('reads the three policy values with their types from a .reg export', () => {
    const s = snapshotOf(MATCHING);
    assert.deepStrictEqual(
      s.policy?.map((v) => [v.name, v.state]),
      [
        ['TelemetryProxyServer', { kind: 'text', text: 'proxy.adatum.com:8080' }],
        ['DisableEnterpriseAuthProxy', { kind: 'number', number: 1 }],
        ['PreferStaticProxyForHttpRequest', { kind: 'number', number: 1 }],
      ],
    );
  });

  it('method policy: each value matches (host and port without case) or differs, and a missing one needs attention', () => {
    const s = snapshotOf({ ...MATCHING, dataCollection: ['"TelemetryProxyServer"="PROXY.adatum.com:8080"'] });
    const rows = comparePolicyValues(s.policy ?? [], POLICY);
    assert.deepStrictEqual(
      rows.map((r) => [r.name, r.verdict.kind, r.manifest]),
      [
        ['TelemetryProxyServer', 'same', 'proxy.adatum.com:8080'],
        ['DisableEnterpriseAuthProxy', 'missing', '1 (REG_DWORD)'],
        ['PreferStaticProxyForHttpRequest', 'same', '1 (REG_DWORD)'],
      ],
    );
    const other = comparePolicyValues(snapshotOf({ dataCollection: ['"TelemetryProxyServer"="old.adatum.com:3128"'] }).policy ?? [], POLICY);
    assert.strictEqual(other[0].verdict.kind, 'differs');
  });

  it('a value of the wrong type is unreadable with its line, not a crash', () => {
    const s = snapshotOf({ dataCollection: ['"TelemetryProxyServer"=dword:00001f90', '"DisableEnterpriseAuthProxy"="1"'] });
    const [telemetry, disable] = s.policy ?? [];
    assert.deepStrictEqual(telemetry.state.kind, 'malformed');
    assert.match(telemetry.state.kind === 'malformed' ? telemetry.state.reason : '', /^line 4: TelemetryProxyServer is REG_DWORD: .*REG_SZ/);
    assert.match(disable.state.kind === 'malformed' ? disable.state.reason : '', /^line 5: DisableEnterpriseAuthProxy is REG_SZ .*REG_DWORD/);
    assert.strictEqual(comparePolicyValues(s.policy ?? [], POLICY)[0].verdict.kind, 'unreadable');
  });

  it('method winhttp: WinHttpSettings is compared with proxy.server and proxy.bypass; a TelemetryProxyServer left over differs', () => {
    const s = snapshotOf({ dataCollection: ['"TelemetryProxyServer"="proxy.adatum.com:8080"'], connections: [winhttp('proxy.adatum.com:8080')] });
    const nodes = machineNodes(s, WINHTTP, 'adatum-winhttp.atpproxy.json');
    const hklm = row(nodes, 'HKLM').children?.find((c) => c.label === 'WinHttpSettings');
    assert.strictEqual(hklm?.icon, 'pass', hklm?.tooltip);
    const policy = row(nodes, 'defenderPolicy');
    const telemetry = policy.children?.find((c) => c.label === 'TelemetryProxyServer');
    assert.strictEqual(telemetry?.icon, 'diff');
    assert.match(telemetry?.tooltip ?? '', /Manifest: \(not set: method winhttp\)/);
    const other = machineNodes(snapshotOf({ connections: [winhttp('old.adatum.com:3128')] }), WINHTTP, 'm');
    assert.match(
      row(other, 'HKLM').children?.find((c) => c.label === 'WinHttpSettings')?.tooltip ?? '',
      /proxyServer old\.adatum\.com:3128 \(manifest proxy\.adatum\.com:8080\)/,
    );
  });

  it('the view: the policy group beside the machine WinHTTP, rows with the machine data and a verdict icon', () => {
    const nodes = machineNodes(snapshotOf(MATCHING), POLICY, 'adatum-v3-policy.atpproxy.jsonc');
    const ids = nodes.map((n) => n.id);
    assert.ok(ids.indexOf('defenderPolicy') === ids.indexOf('HKLM') - 1, ids.join(', '));
    const policy = row(nodes, 'defenderPolicy');
    assert.strictEqual(policy.description, 'static proxy proxy.adatum.com:8080 · matches the manifest');
    assert.deepStrictEqual(
      policy.children?.map((c) => [c.label, c.description, c.icon]),
      [
        ['TelemetryProxyServer', 'proxy.adatum.com:8080', 'pass'],
        ['DisableEnterpriseAuthProxy', '1 (REG_DWORD)', 'pass'],
        ['PreferStaticProxyForHttpRequest', '1 (REG_DWORD)', 'pass'],
      ],
    );
    assert.ok(!ids.includes('policy-winhttp'), 'policy and WinHTTP agree: no warning');
  });

  it('flags the policy and WinHTTP disagreeing (SPEC section 7), in the view and in Compare', () => {
    const s = snapshotOf({ ...MATCHING, connections: [winhttp('http=a:1;https=other.adatum.com:3128')] });
    const nodes = machineNodes(s, POLICY, 'm');
    const warning = row(nodes, 'policy-winhttp');
    assert.strictEqual(warning.icon, 'warning');
    assert.strictEqual(warning.description, 'TelemetryProxyServer proxy.adatum.com:8080 ≠ WinHttpSettings http=a:1;https=other.adatum.com:3128');
    assert.match(warning.tooltip ?? '', /changed with the method first used, not which one wins/);
    // The HTTPS entry of WinHTTP's list is what counts: the same proxy there is no disagreement.
    assert.deepStrictEqual(v3Warnings(snapshotOf({ ...MATCHING, connections: [winhttp('http=a:1;https=proxy.adatum.com:8080')] }), POLICY), []);
    const texts = comparisonTexts(s, POLICY, 'm');
    assert.match(texts.machine, /Policy and WinHTTP disagree: Two methods hold a proxy and disagree/);
    assert.match(texts.manifest, /Policy and WinHTTP disagree: no/);
  });

  it('flags a v2 SensorConfiguration.json with a proxy on a v3 machine; not on a v2 one', () => {
    const s: MachineSnapshot = {
      ...snapshotOf(MATCHING),
      sensor: { kind: 'read', source: 'SensorConfiguration.json', value: { proxy: { url: 'http://old.adatum.com:3128', passwordPresent: false } } },
    };
    const nodes = machineNodes(s, POLICY, 'm');
    const warning = row(nodes, 'v2-configuration');
    assert.strictEqual(warning.description, 'SensorConfiguration.json still has proxy http://old.adatum.com:3128');
    assert.match(warning.tooltip ?? '', /does not read it: remove the v2 sensor, or clear its proxy/);
    assert.deepStrictEqual(
      v3Warnings(s, settingsOf(parseManifest(JSON.stringify({ version: 1, instance: 'adatum', proxy: { mode: 'direct' }, firewall: {} })).manifest)),
      [],
    );
    assert.match(comparisonTexts(s, POLICY, 'm').machine, /v2 sensor configuration on a v3 machine: The manifest describes sensor v3/);
  });

  it('Compare lines the policy values up on both sides; a match is written as the machine has it', () => {
    const s = snapshotOf({ ...MATCHING, dataCollection: ['"TelemetryProxyServer"="old.adatum.com:3128"', '"DisableEnterpriseAuthProxy"=dword:00000001'] });
    const { machine, manifest } = comparisonTexts(s, POLICY, 'adatum.atpproxy.jsonc');
    const section = (text: string): string[] => {
      const lines = text.split('\n');
      const start = lines.indexOf('[Defender for Endpoint policy (HKLM)]');
      return lines.slice(start, start + 4).map((l) => l.replace(/\s+/g, ' ').trim());
    };
    assert.deepStrictEqual(section(machine), [
      '[Defender for Endpoint policy (HKLM)]',
      'TelemetryProxyServer old.adatum.com:3128',
      'DisableEnterpriseAuthProxy 1 (REG_DWORD)',
      'PreferStaticProxyForHttpRequest 1 (REG_DWORD)',
    ]);
    assert.deepStrictEqual(section(manifest), [
      '[Defender for Endpoint policy (HKLM)]',
      'TelemetryProxyServer proxy.adatum.com:8080',
      'DisableEnterpriseAuthProxy 1 (REG_DWORD)',
      'PreferStaticProxyForHttpRequest 1 (REG_DWORD)',
    ]);
  });

  it('a v2 manifest and a machine without policy values show no policy group', () => {
    const v2 = settingsOf(parseManifest(JSON.stringify({ version: 1, instance: 'adatum', proxy: { mode: 'direct' }, firewall: {} })).manifest);
    assert.ok(!machineNodes(snapshotOf({}), v2, 'm').some((n) => n.id === 'defenderPolicy'));
    assert.ok(!comparisonTexts(snapshotOf({}), v2, 'm').machine.includes('Defender for Endpoint policy'));
    // A value set on a v2-described machine is still shown, compared with nothing.
    const shown = row(machineNodes(snapshotOf(MATCHING), v2, 'm'), 'defenderPolicy');
    assert.match(shown.children?.[0].tooltip ?? '', /not compared: the manifest describes sensor v2/);
  });

  it('reads the policy values live through the registry backend (reg.exe on Windows)', async () => {
    const registry = new MemoryRegistry();
    await registry.writeValue(DATA_COLLECTION, 'TelemetryProxyServer', {
      type: REG_SZ,
      data: new Uint8Array(Buffer.from('proxy.adatum.com:8080\0', 'utf16le')),
    });
    await registry.writeValue(DATA_COLLECTION, 'DisableEnterpriseAuthProxy', { type: REG_DWORD, data: new Uint8Array([1, 0, 0, 0]) });
    const s = await readMachine(registry, 'this machine (reg.exe)');
    assert.deepStrictEqual(
      s.policy?.map((v) => v.state.kind),
      ['text', 'number', 'missing'],
    );
    assert.strictEqual(comparePolicyValues(s.policy ?? [], POLICY)[0].verdict.kind, 'same');
  });
});
