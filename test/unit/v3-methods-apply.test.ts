import * as assert from 'assert';
import * as sinon from 'sinon';
import { RegistryBackend, RegistryError } from '../../src/core/apply/backend';
import { describePlan } from '../../src/core/apply/describePlan';
import { executePlan } from '../../src/core/apply/execute';
import { ATP_POLICY_KEY, DATA_COLLECTION_KEY, WINHTTP_KEY } from '../../src/core/apply/machineValue';
import { RegExeBackend, Runner } from '../../src/core/apply/regExeBackend';
import { planMachineApply } from '../../src/core/usecases/machineMethod';
import { REG_BINARY, REG_DWORD, REG_SZ, regString } from '../../src/core/wininet/regFile';
import { FaultyRegistry, Mode, Operation } from './support/faultyRegistry';
import { MemoryFiles, MemoryRegistry } from './support/memoryRegistry';
import { POLICY_OFFLINE, WINHTTP } from './support/v3Manifests';

const dword = (n: number) => Uint8Array.from([n, 0, 0, 0]);

/** DataCollection exists with an older proxy (REG_SZ) and an unrelated value; the ATP policy key does not exist. */
function start(): MemoryRegistry {
  const reg = new MemoryRegistry();
  reg.set(DATA_COLLECTION_KEY, 'TelemetryProxyServer', { type: REG_SZ, data: regString('old.contoso.com:3128') });
  reg.set(DATA_COLLECTION_KEY, 'AllowTelemetry', { type: REG_DWORD, data: dword(1) });
  reg.set(WINHTTP_KEY, 'WinHttpSettings', { type: REG_BINARY, data: Uint8Array.from([0x28, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) });
  return reg;
}

async function apply(text: string, backend: RegistryBackend, files: MemoryFiles) {
  const prepared = await planMachineApply(text, backend, { backupDir: '/backups', now: new Date('2026-12-01T10:00:00Z'), files });
  if (!prepared.ok) throw new Error(prepared.reason);
  return { plan: prepared.plan, report: await executePlan(prepared.plan, backend, files) };
}

describe('apply, method policy: backup, typed writes, read-back, rollback (memory registry)', () => {
  it('backs up the key that exists, writes REG_SZ and REG_DWORD values, and the plan shows them as text and numbers', async () => {
    const reg = start();
    const files = new MemoryFiles(reg);
    const { plan, report } = await apply(POLICY_OFFLINE, reg, files);
    assert.strictEqual(report.outcome, 'applied', report.reason);
    assert.deepStrictEqual(report.backups, ['/backups/HKLM-DataCollection-20261201T100000Z.reg']);
    assert.deepStrictEqual(reg.get(DATA_COLLECTION_KEY, 'TelemetryProxyServer'), { type: REG_SZ, data: regString('proxy.contoso.com:8080') });
    assert.deepStrictEqual(reg.get(DATA_COLLECTION_KEY, 'DisableEnterpriseAuthProxy'), { type: REG_DWORD, data: dword(1) });
    assert.deepStrictEqual(reg.get(ATP_POLICY_KEY, 'PreferStaticProxyForHttpRequest'), { type: REG_DWORD, data: dword(1) });
    const text = describePlan(plan);
    assert.match(
      text,
      /LocalMachine: HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection\\TelemetryProxyServer\n {4}before: "old\.contoso\.com:3128"\n {4}after: {2}"proxy\.contoso\.com:8080"/,
    );
    assert.match(text, /DisableEnterpriseAuthProxy\n {4}before: \(no value\)\n {4}after: {2}1 \(REG_DWORD\)/);
    assert.match(text, /Windows Advanced Threat Protection does not exist yet/);
  });

  it('a second apply finds every value already set and writes nothing', async () => {
    const reg = start();
    await apply(POLICY_OFFLINE, reg, new MemoryFiles(reg));
    const writes = sinon.spy(reg, 'writeValue');
    const { report } = await apply(POLICY_OFFLINE, reg, new MemoryFiles(reg));
    assert.strictEqual(report.outcome, 'applied');
    assert.strictEqual(writes.callCount, 0);
    assert.ok(report.steps.filter((s) => /already holds these settings/.test(s)).length === 3);
  });

  it('method winhttp: WinHttpSettings written as REG_BINARY, equal apart from the counter is left as it is', async () => {
    const reg = start();
    const { report } = await apply(WINHTTP, reg, new MemoryFiles(reg));
    assert.strictEqual(report.outcome, 'applied', report.reason);
    const v = reg.get(WINHTTP_KEY, 'WinHttpSettings');
    assert.strictEqual(v?.type, REG_BINARY);
    assert.strictEqual(
      Buffer.from(v?.data ?? [])
        .subarray(0, 12)
        .toString('hex'),
      '280000000000000003000000',
    );
    // netsh bumps the counter; the same proxy with another counter is not rewritten.
    const bumped = Uint8Array.from(v?.data ?? []);
    bumped[4] = 9;
    reg.set(WINHTTP_KEY, 'WinHttpSettings', { type: REG_BINARY, data: bumped });
    const again = await apply(WINHTTP, reg, new MemoryFiles(reg));
    assert.ok(again.report.steps.some((s) => /WinHttpSettings already holds these settings/.test(s)));
  });

  describe('a fault at every registry call', () => {
    let clean: { calls: Operation[]; start: string };
    before(async () => {
      const reg = start();
      const backend = new FaultyRegistry(reg);
      const snapshot = reg.snapshot();
      const { report } = await apply(POLICY_OFFLINE, backend, new MemoryFiles(reg));
      assert.strictEqual(report.outcome, 'applied');
      clean = { calls: backend.calls, start: snapshot };
    });

    it('a clean apply makes the calls the faults go into', () => {
      // Per value: missing + read (DataCollection exists, twice), missing only (ATP key absent); export; 3 × (write + read-back).
      assert.deepStrictEqual(clean.calls, ['missing', 'read', 'missing', 'read', 'missing', 'export', 'write', 'read', 'write', 'read', 'write', 'read']);
    });

    const cases: { at: number; mode: Mode }[] = [];
    for (let at = 1; at <= 12; at++) cases.push({ at, mode: 'throw' });
    for (const at of [7, 9, 11]) cases.push({ at, mode: 'landed' });
    for (const at of [8, 10, 12]) cases.push({ at, mode: 'corrupt' });
    for (const { at, mode } of cases) {
      it(`call ${at} ${mode}: the registry ends as it started (old REG_SZ back, created key deleted)`, async () => {
        const reg = start();
        const backend = new FaultyRegistry(reg, at, mode);
        const { plan, report } = await apply(POLICY_OFFLINE, backend, new MemoryFiles(reg));
        assert.notStrictEqual(report.outcome, 'applied', `fault at ${clean.calls[at - 1]} #${at} went unnoticed`);
        assert.strictEqual(reg.snapshot(), clean.start);
        assert.deepStrictEqual(report.restoreFailures, []);
        assert.ok((report.reason ?? plan.refused ?? '').length > 0);
      });
    }
  });
});

describe('reg.exe backend: typed writes and the guard', () => {
  it('writes REG_SZ as text and REG_DWORD as a decimal number, with argument arrays', async () => {
    const run = sinon.stub<Parameters<Runner>, ReturnType<Runner>>().resolves({ code: 0, stdout: '', stderr: '' });
    const backend = new RegExeBackend(['wine', 'reg'], run);
    await backend.writeValue(DATA_COLLECTION_KEY, 'TelemetryProxyServer', { type: REG_SZ, data: regString('proxy.contoso.com:8080') });
    await backend.writeValue(ATP_POLICY_KEY, 'PreferStaticProxyForHttpRequest', { type: REG_DWORD, data: dword(1) });
    await backend.writeValue(WINHTTP_KEY, 'WinHttpSettings', { type: REG_BINARY, data: Uint8Array.from([0x28, 0]) });
    assert.deepStrictEqual(run.args, [
      ['wine', ['reg', 'add', DATA_COLLECTION_KEY, '/v', 'TelemetryProxyServer', '/t', 'REG_SZ', '/d', 'proxy.contoso.com:8080', '/f']],
      ['wine', ['reg', 'add', ATP_POLICY_KEY, '/v', 'PreferStaticProxyForHttpRequest', '/t', 'REG_DWORD', '/d', '1', '/f']],
      ['wine', ['reg', 'add', WINHTTP_KEY, '/v', 'WinHttpSettings', '/t', 'REG_BINARY', '/d', '2800', '/f']],
    ]);
  });

  it('refuses any other HKLM value, a v3 value of the wrong type, and a string reg add cannot carry, before running reg', async () => {
    const run = sinon.stub<Parameters<Runner>, ReturnType<Runner>>().resolves({ code: 0, stdout: '', stderr: '' });
    const backend = new RegExeBackend(['reg'], run);
    const refused = (e: unknown) => e instanceof RegistryError && e.operation === 'refused';
    await assert.rejects(backend.writeValue(DATA_COLLECTION_KEY, 'AllowTelemetry', { type: REG_DWORD, data: dword(0) }), refused);
    await assert.rejects(
      backend.writeValue('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'x', { type: REG_SZ, data: regString('evil.exe') }),
      refused,
    );
    await assert.rejects(backend.writeValue(DATA_COLLECTION_KEY, 'TelemetryProxyServer', { type: REG_DWORD, data: dword(1) }), refused);
    await assert.rejects(backend.writeValue(DATA_COLLECTION_KEY, 'TelemetryProxyServer', { type: REG_SZ, data: regString('a\r\nb') }), refused);
    await assert.rejects(backend.deleteValue(DATA_COLLECTION_KEY, 'AllowTelemetry'), refused);
    await assert.rejects(backend.deleteEmptyKey('HKLM\\SOFTWARE\\Microsoft'), refused);
    assert.strictEqual(run.callCount, 0);
  });

  it('executePlan refuses a plan that names another HKLM value, writing nothing', async () => {
    const reg = start();
    const before = reg.snapshot();
    const report = await executePlan(
      {
        sourceDescription: 'x',
        backups: [],
        notes: [],
        writes: [
          { account: 'LocalMachine', key: DATA_COLLECTION_KEY, value: 'AllowTelemetry', type: REG_DWORD, next: dword(0), unchanged: false, createsKeys: [] },
        ],
      },
      reg,
      new MemoryFiles(reg),
    );
    assert.strictEqual(report.outcome, 'refused');
    assert.strictEqual(reg.snapshot(), before);
  });
});
