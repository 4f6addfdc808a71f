import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as sinon from 'sinon';
import { RegistryError } from '../../src/core/apply/backend';
import { RegExeBackend, Runner, parseRegQuery, parseRegSubkeys, splitCommand } from '../../src/core/apply/regExeBackend';
import { accountConnectionsKey } from '../../src/core/wininet/accounts';
import { toHex } from '../../src/core/wininet/hex';
import { REG_BINARY, REG_DWORD, REG_SZ } from '../../src/core/wininet/regFile';
import { ACCESS_DENIED, FakeTree, NOT_FOUND, addKey, fakeRegRunner, findKey } from './support/fakeRegExe';

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

  it('any failure is a RegistryError with what reg said, also when it reads like "not found" but the key is there', async () => {
    // Every command fails the same way, listing the parent too: reg's words alone never make a key absent.
    const missing = new RegExeBackend(['reg'], async () => ({
      code: 1,
      stdout: '',
      stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
    }));
    await assert.rejects(missing.readValue(S18, 'X'), (e: unknown) => e instanceof RegistryError && e.operation === 'read' && /unable to find/.test(e.message));
    const denied = new RegExeBackend(['reg'], async () => ({ code: 1, stdout: '', stderr: 'ERROR: Access is denied.' }));
    await assert.rejects(denied.readValue(S18, 'X'), (e: unknown) => e instanceof RegistryError && /Access is denied/.test(e.message));
    await assert.rejects(denied.missingKeys(S18), /Access is denied/);
    await assert.rejects(denied.writeBinary(S18, 'X', new Uint8Array(1)), /Access is denied/);
    await assert.rejects(denied.exportKey(S18, 'f.reg'), /export/);
    await assert.rejects(denied.deleteValue(S18, 'X'), /Access is denied/);
    await assert.rejects(denied.deleteEmptyKey(S18), /Access is denied/);
  });

  it('lists subkeys from reg query output, as Windows (key line first) and Wine (no key line without values) print it', () => {
    const windows = `\r\nHKEY_USERS\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\r\n    ProxyEnable    REG_DWORD    0x0\r\n\r\nHKEY_USERS\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Cache\r\nHKEY_USERS\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\r\n`;
    assert.deepStrictEqual(parseRegSubkeys(windows, 'HKU\\S-1-5-19\\software\\microsoft\\windows\\currentversion\\internet settings\\'), [
      'Cache',
      'Connections',
    ]);
    assert.deepStrictEqual(parseRegSubkeys('\nHKEY_USERS\\.Default\nHKEY_USERS\\S-1-5-21-0-0-0-1000\n', 'HKEY_USERS'), ['.Default', 'S-1-5-21-0-0-0-1000']);
    assert.deepStrictEqual(parseRegSubkeys(QUERY, S18), [], 'the key itself and its values are not subkeys');
  });

  for (const language of ['de', 'fr'] as const) {
    describe(`a reg.exe that speaks ${language === 'de' ? 'German' : 'French'}: absent is decided from exit codes and listed names`, () => {
      const S19 = accountConnectionsKey('LocalService');
      const INTERNET_SETTINGS = S19.slice(0, S19.lastIndexOf('\\'));
      function registry(): { tree: FakeTree; run: sinon.SinonSpy<Parameters<Runner>, ReturnType<Runner>> } {
        const tree: FakeTree = new Map();
        addKey(tree, S18).set('DefaultConnectionSettings', '46000000');
        addKey(tree, INTERNET_SETTINGS);
        return { tree, run: sinon.spy(fakeRegRunner(tree, language, ['HKEY_USERS\\S-1-5-20'])) };
      }

      it('a missing key or value reads as undefined; the walk up the tree names the keys a write creates', async () => {
        const { run } = registry();
        const backend = new RegExeBackend(['reg'], run);
        assert.strictEqual(await backend.readValue(S18, 'SavedLegacySettings'), undefined);
        assert.strictEqual((await backend.readValue(S18, 'defaultconnectionsettings'))?.type, REG_BINARY);
        run.resetHistory();
        assert.strictEqual(await backend.readValue(S19, 'DefaultConnectionSettings'), undefined);
        assert.deepStrictEqual(
          run.args.map(([, a]) => a),
          [
            ['query', S19],
            ['query', INTERNET_SETTINGS],
          ],
          'the key, then its parent, which does not list it',
        );
        assert.deepStrictEqual(await backend.missingKeys(S19), [S19]);
        assert.deepStrictEqual(await backend.missingKeys(S18), []);
        const other = 'HKEY_USERS\\S-1-5-99\\Software\\Microsoft';
        assert.deepStrictEqual(await backend.missingKeys(other), [other, 'HKEY_USERS\\S-1-5-99\\Software', 'HKEY_USERS\\S-1-5-99']);
      });

      it('a key its parent lists that cannot be read is an error with reg\'s own words, not "absent"', async () => {
        const { tree, run } = registry();
        addKey(tree, 'HKEY_USERS\\S-1-5-20\\Software');
        const backend = new RegExeBackend(['reg'], run);
        await assert.rejects(
          backend.readValue('HKEY_USERS\\S-1-5-20', 'X'),
          (e: unknown) => e instanceof RegistryError && e.message.includes(ACCESS_DENIED[language]),
        );
        // Below a key that cannot be listed, "not found" cannot be checked: an error, not a guess.
        await assert.rejects(
          backend.missingKeys('HKEY_USERS\\S-1-5-20\\Nope'),
          (e: unknown) => e instanceof RegistryError && e.message.includes(NOT_FOUND[language]),
        );
      });

      it('deleting an absent value is done; a value that stays is an error', async () => {
        const { tree, run } = registry();
        const backend = new RegExeBackend(['reg'], run);
        await backend.deleteValue(S18, 'SavedLegacySettings');
        await backend.deleteValue(S19, 'SavedLegacySettings');
        await backend.deleteValue(S18, 'DefaultConnectionSettings');
        assert.strictEqual(findKey(tree, S18)?.[1].size, 0);
        const stuck = new RegExeBackend(['reg'], async (file, args) =>
          args[0] === 'delete' ? { code: 1, stdout: '', stderr: ACCESS_DENIED[language] } : run(file, args),
        );
        await backend.writeBinary(S18, 'DefaultConnectionSettings', Uint8Array.from([0x46]));
        await assert.rejects(stuck.deleteValue(S18, 'DefaultConnectionSettings'), (e: unknown) => e instanceof RegistryError && e.operation === 'delete');
      });

      it('deletes a key only when empty, and only a Connections key or its parents below HKEY_USERS', async () => {
        const { tree, run } = registry();
        const backend = new RegExeBackend(['reg'], run);
        assert.strictEqual(await backend.deleteEmptyKey(S18), 'not-empty', 'it has a value');
        assert.strictEqual(await backend.deleteEmptyKey(S19), 'absent');
        addKey(tree, S19);
        assert.strictEqual(await backend.deleteEmptyKey(INTERNET_SETTINGS), 'not-empty', 'it has a subkey');
        assert.strictEqual(await backend.deleteEmptyKey(S19), 'deleted');
        assert.deepStrictEqual(await backend.missingKeys(S19), [S19]);
        assert.ok(run.args.some(([, a]) => a.join(' ') === `delete ${S19} /f`));
        run.resetHistory();
        for (const key of [
          'HKEY_USERS',
          'HKEY_USERS\\S-1-5-20\\Software',
          'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
          `${S19}\\Sub`,
        ]) {
          await assert.rejects(backend.deleteEmptyKey(key), (e: unknown) => e instanceof RegistryError && e.operation === 'refused', key);
        }
        assert.ok(run.notCalled);
      });
    });
  }

  it('a fake reg command (a process that answers in German) through the real runner', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-fake-reg-'));
    try {
      const script = path.join(dir, 'reg.js');
      // Lists HKEY_USERS (with S-1-5-18) and S-1-5-18 (empty); any other command: exit 1, German on stderr.
      const known = { HKEY_USERS: ['HKEY_USERS\\S-1-5-18'], 'HKEY_USERS\\S-1-5-18': [] };
      fs.writeFileSync(
        script,
        [
          `const known = ${JSON.stringify(known)};`,
          'const [cmd, key] = process.argv.slice(2);',
          'if (cmd === "query" && known[key]) { process.stdout.write(["", ...known[key], ""].join("\\r\\n")); process.exit(0); }',
          `process.stderr.write(${JSON.stringify(`${NOT_FOUND.de}\r\n`)}); process.exit(1);`,
        ].join('\n'),
      );
      const backend = new RegExeBackend([process.execPath, script]);
      assert.deepStrictEqual(await backend.missingKeys('HKEY_USERS\\S-1-5-18\\Software\\Microsoft'), [
        'HKEY_USERS\\S-1-5-18\\Software\\Microsoft',
        'HKEY_USERS\\S-1-5-18\\Software',
      ]);
      assert.strictEqual(await backend.readValue('HKEY_USERS\\S-1-5-19', 'X'), undefined);
      // HKEY_LOCAL_MACHINE itself cannot be listed here: nothing says its subkey is absent, so it is an error.
      await assert.rejects(
        backend.readValue('HKEY_LOCAL_MACHINE\\Software', 'X'),
        (e: unknown) => e instanceof RegistryError && e.message.includes(NOT_FOUND.de),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
      await assert.rejects(
        backend.writeBinary(key, 'DefaultConnectionSettings', new Uint8Array(1)),
        (e: unknown) => e instanceof RegistryError && e.operation === 'refused',
      );
      await assert.rejects(backend.deleteValue(key, 'DefaultConnectionSettings'), /refused/);
    }
    assert.ok(run.notCalled);
    await backend.writeBinary('HKU\\S-1-5-19\\software\\microsoft\\windows\\currentversion\\internet settings\\connections\\', 'X', new Uint8Array(1));
    assert.ok(run.calledOnce);
  });
});
