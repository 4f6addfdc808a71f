import * as assert from 'assert';
import { planMarkdown } from '../../src/extension/apply/planMarkdown';
import type { ApplyPlan } from '../../src/core/apply/plan';
import { DATA_COLLECTION_KEY, WINHTTP_KEY } from '../../src/core/apply/machineValue';
import { policySettingsOf, policyValues } from '../../src/core/policy/policySettings';
import { winHttpSettingsOf, winHttpValue } from '../../src/core/winhttp/winHttpFromManifest';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { REG_BINARY, REG_DWORD, REG_SZ } from '../../src/core/wininet/regFile';

function settings(method: string): ReturnType<typeof settingsOf> {
  const text = JSON.stringify({
    version: 1,
    sensor: 'v3',
    instance: 'contoso',
    proxy: { mode: 'static', method, server: 'proxy.contoso.com:8080', bypass: ['<local>'] },
    firewall: { port: 443, allow: ['*.endpoint.security.microsoft.com'] },
  });
  return settingsOf(parseManifest(text).manifest);
}

function row(markdown: string, value: string): string {
  const line = markdown.split('\n').find((l) => l.startsWith(`| LocalMachine | ${value} |`));
  assert.ok(line, `a row for ${value} in:\n${markdown}`);
  return line;
}

describe('Preview Apply for the v3 methods', () => {
  it('shows the policy values as REG_SZ text and REG_DWORD numbers, not "not decodable"', () => {
    const policy = policySettingsOf(settings('policy'));
    assert.ok(policy.ok);
    const values = policyValues(policy.settings);
    const plan: ApplyPlan = {
      sourceDescription: 'the manifest',
      backups: [],
      notes: [],
      writes: values.map((v) => ({
        account: 'LocalMachine',
        key: v.key,
        value: v.name,
        type: v.type,
        next: v.data,
        unchanged: false,
        createsKeys: [],
        ...(v.type === REG_SZ ? { previous: new Uint8Array(Buffer.from('old.proxy:3128\0', 'utf16le')), previousType: REG_SZ } : {}),
      })),
    };
    const md = planMarkdown(plan, 'dc.atpproxy.json', 'described');
    assert.ok(!md.includes('not decodable'), md);
    assert.match(row(md, 'TelemetryProxyServer'), /\| `"old\.proxy:3128"` \| `"proxy\.contoso\.com:8080"` \|$/);
    assert.match(row(md, 'DisableEnterpriseAuthProxy'), /\| \(no value\) \| `1 \(REG_DWORD\)` \|$/);
    assert.ok(values.every((v) => v.key.startsWith(DATA_COLLECTION_KEY) || v.type === REG_DWORD));
  });

  it('decodes WinHttpSettings with its own layout (proxy and bypass), before and after', () => {
    const w = winHttpSettingsOf(settings('winhttp'));
    assert.ok(w.ok);
    const value = winHttpValue(w.settings);
    const before = winHttpValue({ ...w.settings, proxyServer: 'old.proxy:3128', bypass: '' });
    const plan: ApplyPlan = {
      sourceDescription: 'the manifest',
      backups: [],
      notes: [],
      writes: [
        {
          account: 'LocalMachine',
          key: WINHTTP_KEY,
          value: value.name,
          type: REG_BINARY,
          previous: before.data,
          previousType: REG_BINARY,
          next: value.data,
          unchanged: false,
          createsKeys: [],
        },
      ],
    };
    const md = planMarkdown(plan, 'dc.atpproxy.json', 'described');
    assert.match(
      row(md, 'WinHttpSettings'),
      /\| counter 0, flags 0x3, proxy `old\.proxy:3128` \| counter 0, flags 0x3, proxy `proxy\.contoso\.com:8080`, bypass `<local>` \|$/,
    );
  });
});
