import * as assert from 'assert';
import * as sinon from 'sinon';
import { RegistryError } from '../../src/core/apply/backend';
import { RegExeBackend, Runner, parseRegQuery, splitCommand } from '../../src/core/apply/regExeBackend';
import { accountConnectionsKey } from '../../src/core/wininet/accounts';
import { toHex } from '../../src/core/wininet/hex';
import { REG_BINARY, REG_DWORD, REG_SZ } from '../../src/core/wininet/regFile';

const S18 = accountConnectionsKey('LocalSystem');
const QUERY = `\r\n${S18}\r\n    DefaultConnectionSettings    REG_BINARY    46000000020000000100\r\n    Empty    REG_BINARY    \r\n    ProxySettingsPerUser    REG_DWORD    0x0\r\n    (Default)    REG_SZ    some text\r\n\r\n`;

describe('reg.exe backend', () => {
  it('splits --reg-command into argv words without a shell', () => {
    assert.deepStrictEqual(splitCommand('wine reg'), ['wine', 'reg']);
    assert.deepStrictEqual(splitCommand('  "C:\\Program Files\\Tools\\reg.exe"  /reg:64 '), ['C:\\Program Files\\Tools\\reg.exe', '/reg:64']);
    assert.deepStrictEqual(splitCommand("sh -c 'a; b' $(x) `y` > z"), ['sh', '-c', 'a; b', '$(x)', '`y`', '>', 'z']);
    assert.deepStrictEqual(splitCommand('a "" b'), ['a', '', 'b']);
    assert.ok('error' in (splitCommand('wine "reg') as object));
    assert.ok('error' in (splitCommand('   ') as object));
  });

  it('parses reg query output: binary, empty binary, dword, default value', () => {
    const values = parseRegQuery(QUERY);
    assert.strictEqual(toHex(values.get('defaultconnectionsettings')?.data ?? new Uint8Array()), '46000000020000000100');
    assert.strictEqual(values.get('defaultconnectionsettings')?.type, REG_BINARY);
    assert.strictEqual(values.get('empty')?.data.length, 0);
    assert.strictEqual(values.get('proxysettingsperuser')?.type, REG_DWORD);
    assert.strictEqual(values.get('')?.type, REG_SZ);
  });

  it('runs reg with argument arrays: query, add /t REG_BINARY /d HEX /f, delete /f, export /y', async () => {
    const run = sinon.stub<Parameters<Runner>, ReturnType<Runner>>().resolves({ code: 0, stdout: QUERY, stderr: '' });
    const backend = new RegExeBackend(['wine', 'reg'], run);
    const v = await backend.readValue(S18, 'defaultConnectionSettings');
    assert.strictEqual(v?.type, REG_BINARY);
    await backend.writeBinary(S18, 'DefaultConnectionSettings', Uint8Array.from([0x46, 0, 0, 0]));
    await backend.deleteValue(S18, 'SavedLegacySettings');
    await backend.exportKey(S18, '/tmp/b 1.reg');
    assert.deepStrictEqual(run.args, [
      ['wine', ['reg', 'query', S18]],
      ['wine', ['reg', 'add', S18, '/v', 'DefaultConnectionSettings', '/t', 'REG_BINARY', '/d', '46000000', '/f']],
      ['wine', ['reg', 'delete', S18, '/v', 'SavedLegacySettings', '/f']],
      ['wine', ['reg', 'export', S18, '/tmp/b 1.reg', '/y']],
    ]);
  });

  it('a missing key or value reads as undefined; any other failure is a RegistryError', async () => {
    const missing = new RegExeBackend(['reg'], async () => ({ code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' }));
    assert.strictEqual(await missing.readValue(S18, 'X'), undefined);
    assert.strictEqual(await missing.keyExists(S18), false);
    const denied = new RegExeBackend(['reg'], async () => ({ code: 1, stdout: '', stderr: 'ERROR: Access is denied.' }));
    await assert.rejects(denied.readValue(S18, 'X'), (e: unknown) => e instanceof RegistryError && /Access is denied/.test(e.message));
    await assert.rejects(denied.writeBinary(S18, 'X', new Uint8Array(1)), /Access is denied/);
    await assert.rejects(denied.exportKey(S18, 'f.reg'), /export/);
    await assert.rejects(denied.deleteValue(S18, 'X'), /Access is denied/);
    const notThere = new RegExeBackend(['reg'], async () => ({ code: 1, stdout: '', stderr: 'reg: Unable to find the specified registry value' }));
    await notThere.deleteValue(S18, 'X');
  });

  it('refuses to write or delete anything but the Connections keys of S-1-5-18 and S-1-5-19, without running reg', async () => {
    const run = sinon.stub<Parameters<Runner>, ReturnType<Runner>>().resolves({ code: 0, stdout: '', stderr: '' });
    const backend = new RegExeBackend(['reg'], run);
    for (const key of [
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
      'HKEY_USERS\\S-1-5-20\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
      'HKEY_USERS\\.DEFAULT\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
      'HKEY_USERS\\S-1-5-18\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
    ]) {
      await assert.rejects(backend.writeBinary(key, 'DefaultConnectionSettings', new Uint8Array(1)), (e: unknown) => e instanceof RegistryError && e.operation === 'refused');
      await assert.rejects(backend.deleteValue(key, 'DefaultConnectionSettings'), /refused/);
    }
    assert.ok(run.notCalled);
    await backend.writeBinary('HKU\\S-1-5-19\\software\\microsoft\\windows\\currentversion\\internet settings\\connections\\', 'X', new Uint8Array(1));
    assert.ok(run.calledOnce);
  });
});
