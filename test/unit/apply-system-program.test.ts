// Issue 18 item 4: programs apply starts on Windows are named by absolute path, never looked up in the
// current directory, where a repository or a download folder could hold a planted reg.exe.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { systemProgram, systemRoot } from '../../src/core/apply/systemProgram';
import { applyCommand } from '../../src/cli/commands/apply';
import type { Runner } from '../../src/core/apply/regExeBackend';
import { MemoryIO } from './support/memoryIO';

describe('apply: Windows programs by absolute path', () => {
  it('takes %SystemRoot% from the environment in any case of its name, else C:\\Windows', () => {
    assert.strictEqual(systemProgram('reg.exe', { SystemRoot: 'D:\\WINNT' }), 'D:\\WINNT\\System32\\reg.exe');
    assert.strictEqual(systemProgram('reg.exe', { SYSTEMROOT: 'E:\\Win\\' }), 'E:\\Win\\System32\\reg.exe');
    assert.strictEqual(systemProgram('icacls.exe', {}), 'C:\\Windows\\System32\\icacls.exe');
  });

  it('ignores a %SystemRoot% that is relative, UNC or quoted (it would name a program elsewhere)', () => {
    for (const value of ['.', 'Windows', '\\\\attacker\\share', '\\\\?\\UNC\\attacker\\share', '"C:\\x"', 'C:Windows', '']) {
      assert.strictEqual(systemRoot({ SystemRoot: value }), 'C:\\Windows', value);
    }
  });

  it('atp-proxy apply on win32 starts %SystemRoot%\\System32\\reg.exe, not reg.exe', async () => {
    const started: string[] = [];
    const runner: Runner = async (file) => {
      started.push(file);
      return { code: 1, stdout: '', stderr: 'denied' };
    };
    const io = Object.assign(
      new MemoryIO({ 'm.atpproxy.json': fs.readFileSync(path.resolve(__dirname, '../../../examples/contoso-2018.atpproxy.jsonc'), 'utf8') }),
      { platform: 'win32', env: { SystemRoot: 'C:\\Windows' } },
    );
    await applyCommand(['--dry-run', 'm.atpproxy.json'], io, runner);
    assert.ok(started.length > 0, io.err);
    assert.deepStrictEqual([...new Set(started)], ['C:\\Windows\\System32\\reg.exe']);
  });
});
