import * as assert from 'assert';
import * as sinon from 'sinon';
import { RegistryError } from '../../src/core/apply/backend';
import { describePlan } from '../../src/core/apply/describePlan';
import { executePlan } from '../../src/core/apply/execute';
import { ApplyPlan, buildPlan, buildPlanSafely, PlanOptions } from '../../src/core/apply/plan';
import { CURRENT_USER_CONNECTIONS, PROXY_POLICY_KEY, accountConnectionsKey, canonicalKey } from '../../src/core/wininet/accounts';
import { counterOf, encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { toHex } from '../../src/core/wininet/hex';
import { REG_BINARY, REG_DWORD } from '../../src/core/wininet/regFile';
import { MemoryFiles, MemoryRegistry } from './support/memoryRegistry';

const S18 = accountConnectionsKey('LocalSystem');
const S19 = accountConnectionsKey('LocalService');
const OLD = encodeConnectionSettings(newConnectionSettings({ flags: 1, counter: 41 }));
const HKCU_VALUE = encodeConnectionSettings(newConnectionSettings({ flags: 3, counter: 9, proxyServer: 'proxy.contoso.com:8080', bypass: '<local>' }));

function manifest(registry: object, proxy: object = { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>'] }) {
  const e = encodeManifestText(JSON.stringify({ version: 1, instance: 'contoso', region: 'europe', proxy, registry, firewall: { port: 443, allow: [] } }));
  if (!e.ok) throw new Error(e.reason);
  return e;
}

function setup(registry: object = { source: 'currentUser', values: ['DefaultConnectionSettings', 'SavedLegacySettings'] }, proxy?: object) {
  const reg = new MemoryRegistry();
  reg.set(CURRENT_USER_CONNECTIONS, 'DefaultConnectionSettings', { type: REG_BINARY, data: HKCU_VALUE });
  reg.set(CURRENT_USER_CONNECTIONS, 'SavedLegacySettings', { type: REG_BINARY, data: HKCU_VALUE });
  reg.set(S18, 'DefaultConnectionSettings', { type: REG_BINARY, data: OLD });
  reg.set(S18, 'Other', { type: REG_BINARY, data: Uint8Array.from([1]) });
  const files = new MemoryFiles(reg);
  const e = manifest(registry, proxy);
  const options: PlanOptions = {
    manifest: e.manifest,
    encoded: e.settings,
    backupDir: '/backups',
    now: new Date('2024-03-01T10:00:00Z'),
    fileExists: (f) => files.exists(f),
  };
  return { reg, files, options };
}

async function planned(s: ReturnType<typeof setup>): Promise<ApplyPlan> {
  return buildPlan(s.reg, s.options);
}

/**
 * Puts a fault into the registry's writes: `fault(n, key, name)` runs at write number `n` (from 1) and may throw to
 * fail it. The write happens after the fault, or before it when `landed` (reg wrote the value but reported an error).
 */
function faultyWrites(s: ReturnType<typeof setup>, fault: (n: number, key: string, name: string) => void, landed = false): void {
  const real = s.reg.writeBinary.bind(s.reg);
  let writes = 0;
  sinon.stub(s.reg, 'writeBinary').callsFake(async (key, name, data) => {
    writes++;
    if (landed) await real(key, name, data);
    fault(writes, key, name);
    if (!landed) await real(key, name, data);
  });
}

describe('apply: plan', () => {
  it('reads HKCU, each target, and plans backups and writes with the counter bumped', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    const plan = await planned(s);
    assert.strictEqual(s.reg.snapshot(), before, 'planning changes nothing');
    assert.strictEqual(plan.refused, undefined);
    assert.deepStrictEqual(
      plan.backups.map((b) => [b.file, b.keyExists]),
      [
        ['/backups/S-1-5-18-Connections-20240301T100000Z.reg', true],
        ['/backups/S-1-5-19-Connections-20240301T100000Z.reg', false],
      ],
    );
    assert.deepStrictEqual(
      plan.writes.map((w) => [w.account, w.value, w.previous ? counterOf(w.previous) : null, counterOf(w.next)]),
      [
        ['LocalSystem', 'DefaultConnectionSettings', 41, 42],
        ['LocalSystem', 'SavedLegacySettings', null, 9],
        ['LocalService', 'DefaultConnectionSettings', null, 9],
        ['LocalService', 'SavedLegacySettings', null, 9],
      ],
    );
    assert.strictEqual(toHex(plan.writes[0].next.slice(8)), toHex(HKCU_VALUE.slice(8)), 'apart from the counter, a copy of HKCU');
    const text = describePlan(plan);
    assert.match(text, /before: counter 41, flags 0x1/);
    assert.match(text, /after: {2}counter 42, flags 0x3, proxy proxy\.contoso\.com:8080/);
  });

  it('never names a backup after an existing file', async () => {
    const s = setup();
    s.files.files.add('/backups/S-1-5-18-Connections-20240301T100000Z.reg');
    const plan = await planned(s);
    assert.strictEqual(plan.backups[0].file, '/backups/S-1-5-18-Connections-20240301T100000Z-1.reg');
  });

  it('source manifest writes the encoded value', async () => {
    const s = setup({ source: 'manifest' }, { mode: 'pac', pacUrl: 'http://proxy/p.pac' });
    const plan = await planned(s);
    assert.match(plan.sourceDescription, /encoded from the manifest/);
    assert.deepStrictEqual(
      plan.writes.map((w) => w.value),
      ['DefaultConnectionSettings', 'DefaultConnectionSettings'],
    );
    assert.strictEqual(plan.writes[1].next[8], 5);
  });

  it('refuses when ProxySettingsPerUser = 0, and explains', async () => {
    const s = setup();
    s.reg.set(PROXY_POLICY_KEY, 'ProxySettingsPerUser', { type: REG_DWORD, data: Uint8Array.from([0, 0, 0, 0]) });
    const plan = await planned(s);
    assert.match(plan.refused ?? '', /ProxySettingsPerUser = 0.*HKLM.*no effect/);
    const report = await executePlan(plan, s.reg, s.files);
    assert.strictEqual(report.outcome, 'refused');
    s.reg.set(PROXY_POLICY_KEY, 'ProxySettingsPerUser', { type: REG_DWORD, data: Uint8Array.from([1, 0, 0, 0]) });
    assert.strictEqual((await planned(s)).refused, undefined);
  });

  it('refuses when HKCU has no value to copy or a malformed one', async () => {
    const s = setup();
    await s.reg.deleteValue(CURRENT_USER_CONNECTIONS, 'SavedLegacySettings');
    assert.match((await planned(s)).refused ?? '', /HKEY_CURRENT_USER has no SavedLegacySettings/);
    s.reg.set(CURRENT_USER_CONNECTIONS, 'SavedLegacySettings', { type: REG_BINARY, data: Uint8Array.from([0x46, 0, 0]) });
    assert.match((await planned(s)).refused ?? '', /malformed/);
  });

  it('skips transparent and wpad: nothing to write', async () => {
    for (const mode of ['transparent', 'wpad']) {
      const s = setup({}, { mode });
      const plan = await planned(s);
      assert.match(plan.skipped ?? '', /need no WinINET configuration/);
      assert.strictEqual((await executePlan(plan, s.reg, s.files)).outcome, 'skipped');
    }
  });

  it('a read fault while planning is a refusal: nothing written', async () => {
    const s = setup();
    sinon.stub(s.reg, 'readValue').rejects(new RegistryError('read', S18, 'Access is denied.'));
    const plan = await buildPlanSafely(s.reg, s.options);
    assert.match(plan.refused ?? '', /could not read the registry.*Access is denied/);
  });

  it('leaves values that already say the same alone', async () => {
    const s = setup({ source: 'currentUser' });
    s.reg.set(S19, 'DefaultConnectionSettings', { type: REG_BINARY, data: HKCU_VALUE });
    const plan = await planned(s);
    assert.deepStrictEqual(
      plan.writes.map((w) => w.unchanged),
      [false, true],
    );
  });
});

describe('apply: execute with faults', () => {
  afterEach(() => sinon.restore());

  it('applies: backups first, each write read back, progress reported', async () => {
    const s = setup();
    const progress: string[] = [];
    const report = await executePlan(await planned(s), s.reg, s.files, { onProgress: (m) => progress.push(m) });
    assert.strictEqual(report.outcome, 'applied');
    assert.deepStrictEqual(s.reg.exported, ['/backups/S-1-5-18-Connections-20240301T100000Z.reg']);
    assert.deepStrictEqual(report.backups, s.reg.exported);
    assert.match(progress[0], /backed up/);
    assert.strictEqual(progress.filter((p) => p.startsWith('wrote and verified')).length, 4);
    assert.strictEqual(counterOf(s.reg.get(S18, 'DefaultConnectionSettings')?.data ?? new Uint8Array()), 42);
    assert.strictEqual(toHex(s.reg.get(S19, 'SavedLegacySettings')?.data ?? new Uint8Array()), toHex(HKCU_VALUE));
  });

  it('a backup that cannot be written stops before any write', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    sinon.stub(s.reg, 'exportKey').rejects(new RegistryError('export', S18, 'disk full'));
    const write = sinon.spy(s.reg, 'writeBinary');
    const report = await executePlan(await planned(s), s.reg, s.files);
    assert.strictEqual(report.outcome, 'failed');
    assert.match(report.reason ?? '', /backup of .* failed .*disk full.*nothing was changed/);
    assert.ok(write.notCalled);
    assert.strictEqual(s.reg.snapshot(), before);
  });

  it('a backup file that does not appear, or appeared meanwhile, stops before any write', async () => {
    const s = setup();
    const plan = await planned(s);
    sinon.stub(s.files, 'size').returns(undefined);
    sinon.stub(s.reg, 'exportKey').resolves();
    const write = sinon.spy(s.reg, 'writeBinary');
    assert.match((await executePlan(plan, s.reg, s.files)).reason ?? '', /was not written/);
    sinon.restore();
    const t = setup();
    const plan2 = await planned(t);
    t.files.files.add(plan2.backups[0].file);
    assert.match((await executePlan(plan2, t.reg, t.files)).reason ?? '', /already exists and is never overwritten/);
    assert.ok(write.notCalled);
  });

  for (const failing of [1, 2, 3, 4]) {
    it(`write ${failing} of 4 fails: every value already written is restored (previous data or deleted)`, async () => {
      const s = setup();
      const before = s.reg.snapshot();
      faultyWrites(s, (n, key, name) => {
        if (n === failing) throw new RegistryError('write', key, `${name}: ERROR: Access is denied.`);
      });
      const report = await executePlan(await planned(s), s.reg, s.files);
      assert.strictEqual(report.outcome, 'failed');
      assert.match(report.reason ?? '', /Access is denied.*every value written was restored/);
      assert.strictEqual(report.restored.filter((r) => !r.includes('key deleted')).length, failing);
      assert.strictEqual(s.reg.snapshot(), before, 'the registry is as it was, with no key left behind');
    });
  }

  it('keys the writes created are deleted again, deepest first: no empty Connections key is left behind', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    const plan = await planned(s);
    const chain = [
      S19,
      ...['Internet Settings', 'CurrentVersion', 'Windows', 'Microsoft', 'Software', 'S-1-5-19'].map((_, i) =>
        S19.split('\\')
          .slice(0, -1 - i)
          .join('\\'),
      ),
    ];
    assert.deepStrictEqual(
      plan.writes.map((w) => w.createsKeys),
      [[], [], chain, chain],
    );
    faultyWrites(
      s,
      (n, key, name) => {
        if (n === 4) throw new RegistryError('write', key, `${name}: ERROR: it landed, but reg says it failed`);
      },
      true,
    );
    const deleteKey = sinon.spy(s.reg, 'deleteEmptyKey');
    const report = await executePlan(plan, s.reg, s.files);
    assert.strictEqual(report.outcome, 'failed');
    assert.match(report.reason ?? '', /every value written was restored and the keys apply created were deleted/);
    assert.deepStrictEqual(
      deleteKey.args.map(([k]) => k),
      chain,
    );
    assert.deepStrictEqual(
      report.restored.filter((r) => r.includes('key deleted')),
      chain.map((k) => `${k} (key deleted: it did not exist before)`),
    );
    assert.strictEqual(s.reg.snapshot(), before);
    assert.deepStrictEqual(await s.reg.missingKeys(S19), chain);
  });

  it('a write that fails before creating the key leaves nothing to delete, and says nothing about keys', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    faultyWrites(s, (_, key) => {
      if (canonicalKey(key) === canonicalKey(S19)) throw new RegistryError('write', key, 'ERROR: Access is denied.');
    });
    const report = await executePlan(await planned(s), s.reg, s.files);
    assert.match(report.reason ?? '', /every value written was restored$/);
    assert.strictEqual(s.reg.snapshot(), before);
  });

  it('a created key that is no longer empty at rollback is left in place and reported, its parents untouched', async () => {
    const s = setup();
    const plan = await planned(s);
    faultyWrites(s, (n, key) => {
      if (n !== 4) return;
      // Someone else wrote into the new key meanwhile: its value must not be lost.
      s.reg.set(S19, 'ForeignValue', { type: REG_DWORD, data: Uint8Array.from([1, 0, 0, 0]) });
      throw new RegistryError('write', key, 'ERROR: Access is denied.');
    });
    const deleteKey = sinon.spy(s.reg, 'deleteEmptyKey');
    const report = await executePlan(plan, s.reg, s.files);
    assert.strictEqual(report.outcome, 'failed');
    assert.deepStrictEqual(
      deleteKey.args.map(([k]) => k),
      [S19],
    );
    assert.strictEqual(report.restoreFailures.length, 1);
    assert.match(report.reason ?? '', /NOT restored: .*S-1-5-19.*Connections: apply created this key, but it is not empty, so it was left in place/);
    assert.ok(s.reg.get(S19, 'ForeignValue'));
  });

  it('a created key that cannot be deleted is reported so it can be removed by hand', async () => {
    const s = setup();
    const plan = await planned(s);
    faultyWrites(s, (n, key) => {
      if (n === 4) throw new RegistryError('write', key, 'ERROR: Access is denied.');
    });
    sinon.stub(s.reg, 'deleteEmptyKey').rejects(new RegistryError('delete', S19, 'FEHLER: Zugriff verweigert'));
    const report = await executePlan(plan, s.reg, s.files);
    assert.match(report.reason ?? '', /NOT restored: .*Connections: apply created this key and could not delete it: delete .*Zugriff verweigert/);
    assert.strictEqual(report.restoreFailures.length, 1, 'the parents of a key that stays are not tried');
  });

  it('a read-back that differs fails and rolls back', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    const plan = await planned(s);
    const real = s.reg.readValue.bind(s.reg);
    let reads = 0;
    sinon.stub(s.reg, 'readValue').callsFake(async (key, name) => {
      const v = await real(key, name);
      // The second write's read-back comes back altered.
      if (canonicalKey(key) === canonicalKey(S18) && name === 'SavedLegacySettings' && ++reads === 1 && v) return { ...v, data: v.data.slice(1) };
      return v;
    });
    const report = await executePlan(plan, s.reg, s.files);
    assert.strictEqual(report.outcome, 'failed');
    assert.match(report.reason ?? '', /read-back of .*SavedLegacySettings differs/);
    assert.strictEqual(s.reg.snapshot(), before);
  });

  it('a read-back that cannot be read fails and rolls back', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    const plan = await planned(s);
    const real = s.reg.readValue.bind(s.reg);
    let calls = 0;
    sinon.stub(s.reg, 'readValue').callsFake(async (key, name) => {
      if (++calls === 1) throw new RegistryError('read', key, 'reg query exited with 5');
      return real(key, name);
    });
    const report = await executePlan(plan, s.reg, s.files);
    assert.strictEqual(report.outcome, 'failed');
    assert.match(report.reason ?? '', /exited with 5/);
    assert.strictEqual(s.reg.snapshot(), before);
  });

  it('a restore that fails is reported with the previous value, so it can be restored by hand', async () => {
    const s = setup();
    faultyWrites(s, (n, key) => {
      if (n === 2) throw new RegistryError('write', key, 'failed');
      if (n === 3) throw new RegistryError('write', key, 'restore failed too');
    });
    sinon.stub(s.reg, 'deleteValue').rejects(new RegistryError('delete', S18, 'cannot delete'));
    const report = await executePlan(await planned(s), s.reg, s.files);
    assert.strictEqual(report.outcome, 'failed');
    assert.strictEqual(report.restoreFailures.length, 2);
    assert.match(report.reason ?? '', /NOT restored.*cannot delete.*restore failed too.*previous value 46000000290000000100/);
  });

  it('cancellation before a write restores what was written and reports cancelled', async () => {
    const s = setup();
    const before = s.reg.snapshot();
    let checks = 0;
    const report = await executePlan(await planned(s), s.reg, s.files, { isCancelled: () => ++checks > 2 });
    assert.strictEqual(report.outcome, 'cancelled');
    assert.strictEqual(report.restored.length, 2);
    assert.strictEqual(s.reg.snapshot(), before);
  });

  it("refuses a plan that would write anything but the service accounts' Connections keys", async () => {
    const s = setup();
    const plan = await planned(s);
    plan.writes[0] = { ...plan.writes[0], key: 'HKEY_USERS\\S-1-5-21-1-2-3-500\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections' };
    const write = sinon.spy(s.reg, 'writeBinary');
    assert.strictEqual((await executePlan(plan, s.reg, s.files)).outcome, 'refused');
    assert.ok(write.notCalled);
  });
});
