// Issue 18, low: backups go into a folder only administrators (Windows) or the owner (POSIX) can use, and each
// backup file is created exclusively, so nothing planted at its name (a file, a link) is overwritten or followed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { executePlan } from '../../src/core/apply/execute';
import { buildPlan } from '../../src/core/apply/plan';
import type { Runner } from '../../src/core/apply/regExeBackend';
import { diskFiles } from '../../src/core/usecases/apply';
import { CURRENT_USER_CONNECTIONS, accountConnectionsKey } from '../../src/core/wininet/accounts';
import { encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { REG_BINARY } from '../../src/core/wininet/regFile';
import { MemoryRegistry } from './support/memoryRegistry';

const VALUE = encodeConnectionSettings(newConnectionSettings({ flags: 3, counter: 9, proxyServer: 'proxy.contoso.com:8080' }));

/** A registry whose exports land on disk the way reg export /y writes them (over whatever file is there). */
class DiskExportRegistry extends MemoryRegistry {
  override async exportKey(key: string, file: string): Promise<void> {
    await super.exportKey(key, file);
    fs.writeFileSync(file, `Windows Registry Editor Version 5.00\r\n\r\n[${key}]\r\n`);
  }
}

async function plan(backupDir: string) {
  const reg = new DiskExportRegistry();
  reg.set(CURRENT_USER_CONNECTIONS, 'DefaultConnectionSettings', { type: REG_BINARY, data: VALUE });
  reg.set(accountConnectionsKey('LocalSystem'), 'DefaultConnectionSettings', {
    type: REG_BINARY,
    data: encodeConnectionSettings(newConnectionSettings({ flags: 1, counter: 1 })),
  });
  const e = encodeManifestText(
    JSON.stringify({
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', server: 'proxy.contoso.com:8080' },
      registry: { source: 'currentUser', targets: ['LocalSystem'] },
      firewall: { port: 443, allow: [] },
    }),
  );
  if (!e.ok) throw new Error(e.reason);
  const p = await buildPlan(reg, {
    manifest: e.manifest,
    encoded: e.settings,
    backupDir,
    now: new Date('2026-11-30T12:00:00Z'),
    fileExists: (f) => fs.existsSync(f),
  });
  if (p.refused || p.skipped) throw new Error(p.refused ?? p.skipped);
  return { reg, plan: p };
}

describe('apply: the backup folder and files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-backup-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('POSIX: creates the folder 0700, and makes a folder that was there 0700 too', async () => {
    const files = diskFiles('linux', {});
    const fresh = path.join(dir, 'a', 'backups');
    await files.ensurePrivateDir(fresh);
    assert.strictEqual(fs.statSync(fresh).mode & 0o777, 0o700);
    const open = path.join(dir, 'open');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    await files.ensurePrivateDir(open);
    assert.strictEqual(fs.statSync(open).mode & 0o777, 0o700);
  });

  it('Windows: icacls from System32, inheritance removed, full control for Administrators and SYSTEM only', async () => {
    const calls: [string, string[]][] = [];
    const runner: Runner = async (file, args) => {
      calls.push([file, args]);
      return { code: 0, stdout: 'processed file', stderr: '' };
    };
    await diskFiles('win32', { SystemRoot: 'C:\\Windows' }, runner).ensurePrivateDir(path.join(dir, 'b'));
    assert.deepStrictEqual(calls, [
      ['C:\\Windows\\System32\\icacls.exe', [path.join(dir, 'b'), '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F']],
    ]);
  });

  it('Windows: when the folder cannot be restricted, apply stops before any backup or write', async () => {
    const runner: Runner = async () => ({ code: 5, stdout: '', stderr: 'Access is denied.' });
    const { reg, plan: p } = await plan(path.join(dir, 'c'));
    const before = reg.snapshot();
    const report = await executePlan(p, reg, diskFiles('win32', {}, runner));
    assert.strictEqual(report.outcome, 'failed');
    assert.match(report.reason ?? '', /could not restrict .* to administrators \(icacls: Access is denied\.\).*nothing was changed/);
    assert.strictEqual(reg.snapshot(), before);
    assert.deepStrictEqual(reg.exported, []);
  });

  it('a link planted at the backup name after planning is not followed: apply stops, its target is untouched', async () => {
    const folder = path.join(dir, 'd');
    const { reg, plan: p } = await plan(folder);
    const target = p.backups[0].file;
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'keep me\n');
    fs.mkdirSync(folder);
    fs.symlinkSync(victim, target);
    const before = reg.snapshot();
    const report = await executePlan(p, reg, diskFiles('linux', {}));
    assert.strictEqual(report.outcome, 'failed');
    assert.match(report.reason ?? '', /already exists and is never overwritten.*EEXIST/);
    assert.strictEqual(fs.readFileSync(victim, 'utf8'), 'keep me\n');
    assert.strictEqual(reg.snapshot(), before);
  });

  it('the export fills the file apply created; a failed export leaves no empty file behind', async () => {
    const { reg, plan: p } = await plan(path.join(dir, 'e'));
    const report = await executePlan(p, reg, diskFiles('linux', {}));
    assert.strictEqual(report.outcome, 'applied', report.reason);
    assert.match(fs.readFileSync(p.backups[0].file, 'utf8'), /^Windows Registry Editor Version 5\.00/);
    assert.strictEqual(fs.statSync(p.backups[0].file).mode & 0o777, 0o600);
    const second = await plan(path.join(dir, 'f'));
    second.reg.exportKey = async () => {
      throw new Error('export refused');
    };
    const failed = await executePlan(second.plan, second.reg, diskFiles('linux', {}));
    assert.strictEqual(failed.outcome, 'failed');
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'f')), []);
  });
});
