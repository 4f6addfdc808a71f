import * as assert from 'assert';
import { RegistryBackend } from '../../src/core/apply/backend';
import { executePlan } from '../../src/core/apply/execute';
import { buildPlanSafely } from '../../src/core/apply/plan';
import { CURRENT_USER_CONNECTIONS, accountConnectionsKey } from '../../src/core/wininet/accounts';
import { encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { REG_BINARY, REG_DWORD } from '../../src/core/wininet/regFile';
import { FaultyRegistry, Mode, Operation } from './support/faultyRegistry';
import { MemoryFiles, MemoryRegistry } from './support/memoryRegistry';

// Every registry call of a whole apply (plan + execute), each one failed in turn: the registry must end as it
// started (or fully applied, when the fault cannot matter), and the report must say what happened.

const S18 = accountConnectionsKey('LocalSystem');
const HKCU_VALUE = encodeConnectionSettings(newConnectionSettings({ flags: 3, counter: 9, proxyServer: 'proxy.contoso.com:8080', bypass: '<local>' }));
const OLD = encodeConnectionSettings(newConnectionSettings({ flags: 1, counter: 41 }));

function start(): MemoryRegistry {
  const reg = new MemoryRegistry();
  reg.set(CURRENT_USER_CONNECTIONS, 'DefaultConnectionSettings', { type: REG_BINARY, data: HKCU_VALUE });
  reg.set(CURRENT_USER_CONNECTIONS, 'SavedLegacySettings', { type: REG_BINARY, data: HKCU_VALUE });
  reg.set(S18, 'DefaultConnectionSettings', { type: REG_BINARY, data: OLD });
  reg.set(S18, 'Unrelated', { type: REG_DWORD, data: Uint8Array.from([7, 0, 0, 0]) });
  return reg;
}

/** A whole apply as the CLI runs it: plan (reads), then backups, writes and read-backs. */
async function apply(backend: RegistryBackend, files: MemoryFiles) {
  const encoded = encodeManifestText(
    JSON.stringify({
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>'] },
      registry: { source: 'currentUser', targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings', 'SavedLegacySettings'], backup: true },
      firewall: { port: 443, allow: [] },
    }),
  );
  if (!encoded.ok) throw new Error(encoded.reason);
  const plan = await buildPlanSafely(backend, {
    manifest: encoded.manifest,
    encoded: encoded.settings,
    backupDir: '/backups',
    now: new Date('2024-03-01T10:00:00Z'),
    fileExists: (f) => files.exists(f),
  });
  return { plan, report: await executePlan(plan, backend, files) };
}

const WHAT_HAPPENED: Record<Operation, RegExp> = {
  read: /could not read the registry \(read .*injected fault.*\); nothing was changed|read-back of .* differs|writing .* failed|injected fault.*every value written was restored/,
  missing: /could not read the registry \(read .*injected fault.*\); nothing was changed/,
  export: /backup of .* failed \(export .*injected fault.*\); nothing was changed/,
  write: /writing .* failed: write .*injected fault.*; every value written was restored/,
  delete: /./,
  deleteKey: /./,
};

describe('apply: a fault at every registry call (fake backend)', () => {
  let clean: { calls: Operation[]; applied: string; start: string };

  before(async () => {
    const reg = start();
    const backend = new FaultyRegistry(reg);
    const startState = reg.snapshot();
    const { report } = await apply(backend, new MemoryFiles(reg));
    assert.strictEqual(report.outcome, 'applied');
    clean = { calls: backend.calls, applied: reg.snapshot(), start: startState };
  });

  it('a clean apply makes the calls the faults are injected into', () => {
    // policy, HKCU ×2, S-1-5-18 exists + 2 values, S-1-5-19 missing; export; 4 × (write + read-back).
    assert.deepStrictEqual(clean.calls, [
      'read',
      'read',
      'read',
      'missing',
      'read',
      'read',
      'missing',
      'export',
      'write',
      'read',
      'write',
      'read',
      'write',
      'read',
      'write',
      'read',
    ]);
  });

  const cases: { at: number; mode: Mode }[] = [];
  for (let at = 1; at <= 16; at++) cases.push({ at, mode: 'throw' });
  for (const at of [9, 11, 13, 15]) cases.push({ at, mode: 'landed' });
  for (const at of [10, 12, 14, 16]) cases.push({ at, mode: 'corrupt' });

  for (const { at, mode } of cases) {
    it(`call ${at} ${mode === 'throw' ? 'fails' : mode === 'landed' ? 'writes, then reports failure' : 'reads back other bytes'}: registry as it started, the user told what happened`, async () => {
      const reg = start();
      const backend = new FaultyRegistry(reg, at, mode);
      const files = new MemoryFiles(reg);
      const { plan, report } = await apply(backend, files);
      const op = clean.calls[at - 1];
      assert.notStrictEqual(report.outcome, 'applied', `fault at ${op} #${at} went unnoticed`);
      assert.strictEqual(reg.snapshot(), clean.start, 'the registry is as it was');
      assert.deepStrictEqual(report.restoreFailures, []);
      const reason = report.reason ?? plan.refused ?? '';
      assert.match(
        reason,
        mode === 'corrupt'
          ? /read-back of .* differs from what was written.*every value written was restored/
          : mode === 'landed'
            ? /injected fault after the value was written.*every value written was restored/
            : WHAT_HAPPENED[op],
        reason,
      );
      if (at <= 8) assert.ok(!backend.calls.includes('write'), 'a fault before the first write stops before any write');
    });
  }
});
