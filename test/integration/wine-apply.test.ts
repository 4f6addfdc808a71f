import * as assert from 'assert';
import { DiskIO } from '../unit/support/diskIO';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyCommand } from '../../src/cli/commands/apply';
import { parseRegQuery } from '../../src/core/apply/regExeBackend';
import { CURRENT_USER_CONNECTIONS, PROXY_POLICY_KEY, accountConnectionsKey } from '../../src/core/wininet/accounts';
import { counterOf, decodeConnectionSettings, encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { toHex } from '../../src/core/wininet/hex';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { WINE_REG, WINE_REG_COMMAND, WinePrefix } from './support/wine';

// Against Wine's real registry through `wine reg`: a scratch WINEPREFIX, a persistent wineserver (HKU\S-1-5-18/19
// live only in the server's memory), /f and /y always (Wine's reg otherwise prompts forever).
const S18 = accountConnectionsKey('LocalSystem');
const S19 = accountConnectionsKey('LocalService');
const S19_INTERNET_SETTINGS = S19.slice(0, S19.lastIndexOf('\\'));
const S19_HIVE = 'HKEY_USERS\\S-1-5-19';
const HKCU_VALUE = encodeConnectionSettings(
  newConnectionSettings({ flags: 3, counter: 9, proxyServer: 'proxy.contoso.com:8080', bypass: '<local>;*.contoso.com' }),
);
const OLD_S18 = encodeConnectionSettings(newConnectionSettings({ flags: 1, counter: 41 }));

function manifest(source: string): string {
  return JSON.stringify({
    version: 1,
    instance: 'contoso',
    region: 'europe',
    proxy: { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] },
    registry: { source, targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings', 'SavedLegacySettings'], backup: true },
    // Every endpoint the rules require, so apply does not refuse the manifest (error findings block a deployment).
    firewall: {
      port: 443,
      allow: [
        'contososensorapi.atp.azure.com',
        'contoso.atp.azure.com',
        'triprd1wceun1sensorapi.atp.azure.com',
        'triprd1wceuw1sensorapi.atp.azure.com',
        'crl.microsoft.com',
        'ctldl.windowsupdate.com',
        'www.microsoft.com',
      ],
    },
  });
}

describe("apply against Wine's registry (wine reg)", function () {
  this.timeout(180_000);
  // Wine's launcher fails now and then on a loaded machine before reg runs (see support/wine-reg.sh); a test it breaks
  // runs once more from its reset. A failure of ours fails both runs.
  this.retries(1);
  let dir: string;
  let wine: WinePrefix;

  function reg(...args: string[]): string {
    return wine.reg(...args);
  }
  function values(key: string): Map<string, string> {
    return new Map([...parseRegQuery(reg('query', key))].map(([n, v]) => [n, toHex(v.data)]));
  }
  /** Values of the three keys, and whether each key (and S-1-5-19's hive key) exists: an empty key left behind differs. */
  function snapshot(): string {
    return JSON.stringify([S18, S19, CURRENT_USER_CONNECTIONS, S19_HIVE].map((k) => [k, wine.keyExists(k), [...values(k)]]));
  }
  function backups(): string[] {
    return fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')).sort() : [];
  }
  async function apply(args: string[], source = 'currentUser'): Promise<{ code: number; io: DiskIO }> {
    const file = path.join(dir, `m-${source}.atpproxy.json`);
    fs.writeFileSync(file, manifest(source));
    const io = new DiskIO(process.env);
    const code = await applyCommand([...args, '--backup-dir', path.join(dir, 'backups'), file], io);
    return { code, io };
  }
  function reset(): void {
    reg('delete', S18, '/f');
    reg('delete', S19, '/f');
    // The policy key absent below an existing parent. S-1-5-19's Internet Settings present, as on Windows (where the
    // account's hive and Internet Settings exist): only its Connections key is missing.
    reg('delete', PROXY_POLICY_KEY, '/f');
    // The adds must land: a setup that silently failed would show up later as a wrong verdict of apply.
    wine.regOrThrow('add', PROXY_POLICY_KEY.slice(0, PROXY_POLICY_KEY.lastIndexOf('\\')), '/f');
    wine.regOrThrow('add', S19_INTERNET_SETTINGS, '/f');
    wine.regOrThrow('add', CURRENT_USER_CONNECTIONS, '/v', 'DefaultConnectionSettings', '/t', 'REG_BINARY', '/d', toHex(HKCU_VALUE), '/f');
    wine.regOrThrow('add', CURRENT_USER_CONNECTIONS, '/v', 'SavedLegacySettings', '/t', 'REG_BINARY', '/d', toHex(HKCU_VALUE), '/f');
    wine.regOrThrow('add', S18, '/v', 'DefaultConnectionSettings', '/t', 'REG_BINARY', '/d', toHex(OLD_S18), '/f');
    wine.regOrThrow('add', S18, '/v', 'Unrelated', '/t', 'REG_DWORD', '/d', '7', '/f');
    fs.rmSync(path.join(dir, 'backups'), { recursive: true, force: true });
  }

  before(function () {
    this.timeout(300_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-wine-'));
    wine = WinePrefix.start(dir);
  });

  after(() => {
    wine?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // A reset that Wine broke (a hung or failed launch the wrapper could not recover) is tried once more after a pause; a
  // reset that fails twice fails the test, naming how reg ended.
  beforeEach(function () {
    this.timeout(200_000);
    try {
      reset();
    } catch (error) {
      console.warn(`  (reset failed once, retrying: ${error instanceof Error ? error.message : String(error)})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
      reset();
    }
  });

  it("copies HKCU's values to S-1-5-18 and S-1-5-19, bumping the counter, after backing up the existing key", async () => {
    const { code, io } = await apply(['--reg-command', WINE_REG_COMMAND]);
    assert.strictEqual(code, 0, io.out + io.err);
    const s18 = values(S18);
    const s19 = values(S19);
    assert.strictEqual(counterOf(Buffer.from(s18.get('defaultconnectionsettings') ?? '', 'hex')), 42, 'previous 41 + 1');
    assert.strictEqual(s18.get('defaultconnectionsettings')?.slice(16), toHex(HKCU_VALUE).slice(16));
    assert.strictEqual(s18.get('savedlegacysettings'), toHex(HKCU_VALUE));
    assert.strictEqual(s19.get('defaultconnectionsettings'), toHex(HKCU_VALUE));
    assert.strictEqual(s19.get('savedlegacysettings'), toHex(HKCU_VALUE));
    const decoded = decodeConnectionSettings(Buffer.from(s19.get('defaultconnectionsettings') ?? '', 'hex'));
    assert.ok(decoded.ok && decoded.value.proxyServer === 'proxy.contoso.com:8080');

    // Only S-1-5-18's key existed: one backup, a real reg export holding what was there before.
    const files = backups();
    assert.deepStrictEqual(
      files.map((f) => f.replace(/\d{8}T\d{6}Z/, 'STAMP')),
      ['S-1-5-18-Connections-STAMP.reg'],
    );
    const bytes = fs.readFileSync(path.join(dir, 'backups', files[0]));
    assert.deepStrictEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], 'UTF-16LE with BOM');
    const backup = parseRegFile(bytes);
    assert.ok(backup.ok);
    assert.strictEqual(backup.value.keys[0].path, S18);
    const old = backup.value.keys[0].values.find((v) => v.name === 'DefaultConnectionSettings');
    assert.ok(old && old.kind === 'set');
    assert.strictEqual(toHex(old.data), toHex(OLD_S18));
    assert.ok(backup.value.keys[0].values.some((v) => v.name === 'Unrelated'));
  });

  it('a second run leaves equal values alone and never overwrites the earlier backup', async () => {
    assert.strictEqual((await apply(['--reg-command', WINE_REG_COMMAND])).code, 0);
    const first = backups();
    const after = snapshot();
    const { code, io } = await apply(['--reg-command', WINE_REG_COMMAND]);
    assert.strictEqual(code, 0, io.err);
    assert.match(io.out, /already holds these settings/);
    assert.strictEqual(snapshot(), after);
    const second = backups();
    assert.strictEqual(second.length, 3);
    for (const f of first) assert.ok(second.includes(f));
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const before = snapshot();
    const { code, io } = await apply(['--dry-run', '--reg-command', WINE_REG_COMMAND]);
    assert.strictEqual(code, 0, io.err);
    assert.match(io.out, /before: counter 41, flags 0x1/);
    assert.match(io.out, /after: {2}counter 42, flags 0x3, proxy proxy\.contoso\.com:8080/);
    assert.strictEqual(snapshot(), before);
    assert.deepStrictEqual(backups(), []);
  });

  /**
   * A wrapper around wine reg as --reg-command: the failAdd-th "add" fails as a real reg.exe would (exit 1, message on
   * stderr), after landing when `landed`; with `german`, every failure speaks German, as reg.exe does on a German Windows.
   */
  function regWrapper(options: { failAdd?: number; landed?: boolean; german?: boolean }): string {
    const counter = path.join(dir, 'adds');
    const wrapper = path.join(dir, 'reg-wrapper.sh');
    fs.writeFileSync(counter, '0');
    fs.writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        'if [ "$1" = add ]; then',
        `  n=$(( $(cat '${counter}') + 1 )); echo $n > '${counter}'`,
        `  if [ "$n" -eq ${options.failAdd ?? 0} ]; then`,
        options.landed ? `    sh '${WINE_REG}' "$@" > /dev/null 2>&1` : '    :',
        `    echo "${options.german ? 'FEHLER: Zugriff verweigert' : 'ERROR: Access is denied.'}" >&2; exit 1`,
        '  fi',
        'fi',
        options.german
          ? `out=$(sh '${WINE_REG}' "$@" 2>&1); rc=$?; if [ $rc -ne 0 ]; then echo "FEHLER: Der angegebene Registrierungsschlüssel bzw. Wert wurde nicht gefunden." >&2; exit $rc; fi; printf '%s\\n' "$out"`
          : `exec sh '${WINE_REG}' "$@"`,
        '',
      ].join('\n'),
    );
    return `sh ${wrapper}`;
  }

  it('a failure on the second write is rolled back: the registry is as it was', async () => {
    const before = snapshot();
    const { code, io } = await apply(['--reg-command', regWrapper({ failAdd: 2 })]);
    assert.strictEqual(code, 1, io.out + io.err);
    assert.match(io.err, /failed: writing .*SavedLegacySettings failed: .*Access is denied.*every value written was restored/);
    assert.match(io.out, /restored .*S-1-5-18.*DefaultConnectionSettings/);
    assert.strictEqual(snapshot(), before);
  });

  it("a failure after S-1-5-19's key was created deletes that key again: no empty Connections key is left behind", async () => {
    const before = snapshot();
    assert.ok(!wine.keyExists(S19), 'S-1-5-19 has no Connections key yet');
    const { code, io } = await apply(['--reg-command', regWrapper({ failAdd: 4 })]);
    assert.strictEqual(code, 1, io.out + io.err);
    assert.match(io.err, /every value written was restored and the keys apply created were deleted/);
    assert.match(io.out, /removed HKEY_USERS\\S-1-5-19\\.*\\Connections, which apply had created/);
    assert.ok(!wine.keyExists(S19), 'the key apply created is gone');
    assert.strictEqual(snapshot(), before);
  });

  it('when the account has no key at all (as in a fresh Wine prefix), rollback deletes every key apply created, up to HKU\\S-1-5-19', async () => {
    reg('delete', S19_HIVE, '/f');
    const before = snapshot();
    assert.ok(!wine.keyExists(S19_HIVE));
    const { code, io } = await apply(['--reg-command', regWrapper({ failAdd: 4, landed: true })]);
    assert.strictEqual(code, 1, io.out + io.err);
    assert.match(io.out, /removed HKEY_USERS\\S-1-5-19, which apply had created/);
    assert.ok(!wine.keyExists(S19_HIVE));
    assert.strictEqual(snapshot(), before);
  });

  it('a reg that speaks German: absent keys and values are told from exit codes and listings, not from the message', async () => {
    const { code, io } = await apply(['--reg-command', regWrapper({ german: true })]);
    assert.strictEqual(code, 0, io.out + io.err);
    assert.strictEqual(values(S19).get('savedlegacysettings'), toHex(HKCU_VALUE));
    reset();
    const before = snapshot();
    const failed = await apply(['--reg-command', regWrapper({ german: true, failAdd: 3 })]);
    assert.strictEqual(failed.code, 1, failed.io.out + failed.io.err);
    assert.match(failed.io.err, /Zugriff verweigert.*every value written was restored$/m);
    assert.strictEqual(snapshot(), before);
  });

  describe('a failing reg at each step (a wrapper around wine reg as --reg-command)', () => {
    /** A wrapper that logs each call and fails the FAILAT-th one like reg.exe does (exit 1, message on stderr). */
    function faultWrapper(): { command: string; calls(): string[]; arm(at: number, mode?: 'throw' | 'landed'): void } {
      const counter = path.join(dir, 'calls');
      const log = path.join(dir, 'calls.log');
      const failAt = path.join(dir, 'fail-at');
      const modeFile = path.join(dir, 'fail-mode');
      const wrapper = path.join(dir, 'faulty-reg.sh');
      fs.writeFileSync(
        wrapper,
        [
          '#!/bin/sh',
          `n=$(( $(cat '${counter}') + 1 )); echo $n > '${counter}'`,
          `echo "$1 $2" >> '${log}'`,
          `if [ "$n" -eq "$(cat '${failAt}')" ]; then`,
          `  if [ "$(cat '${modeFile}')" = landed ]; then sh '${WINE_REG}' "$@" > /dev/null 2>&1; fi`,
          '  echo "ERROR: Access is denied." >&2; exit 1',
          'fi',
          `exec sh '${WINE_REG}' "$@"`,
          '',
        ].join('\n'),
      );
      return {
        command: `sh ${wrapper}`,
        calls: () => fs.readFileSync(log, 'utf8').trim().split('\n'),
        arm: (at, mode = 'throw') => {
          fs.writeFileSync(counter, '0');
          fs.writeFileSync(log, '');
          fs.writeFileSync(failAt, String(at));
          fs.writeFileSync(modeFile, mode);
        },
      };
    }

    it('every step of a clean apply goes through the wrapper', async () => {
      const wrapper = faultWrapper();
      wrapper.arm(0);
      const { code, io } = await apply(['--reg-command', wrapper.command]);
      assert.strictEqual(code, 0, io.out + io.err);
      // Policy (absent: its parent does not list it), HKCU ×2, S-1-5-18 (exists, 2 values), S-1-5-19 (absent: its
      // parent does not list it); export; 4 × (add + read-back query).
      assert.deepStrictEqual(wrapper.calls(), [
        'query HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
        'query HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\CurrentVersion',
        `query ${CURRENT_USER_CONNECTIONS}`,
        `query ${CURRENT_USER_CONNECTIONS}`,
        `query ${S18}`,
        `query ${S18}`,
        `query ${S18}`,
        `query ${S19}`,
        `query ${S19_INTERNET_SETTINGS}`,
        `export ${S18}`,
        `add ${S18}`,
        `query ${S18}`,
        `add ${S18}`,
        `query ${S18}`,
        `add ${S19}`,
        `query ${S19}`,
        `add ${S19}`,
        `query ${S19}`,
      ]);
    });

    const cases: { at: number; step: string; mode?: 'landed'; expect: RegExp }[] = [
      {
        at: 2,
        step: 'the policy read (the key is absent, and listing its parent fails)',
        expect:
          /refused: could not read the registry \(read .*Internet Settings: reg: .*listing .*CurrentVersion to tell whether it exists failed too: ERROR: Access is denied.*\); nothing was changed/,
      },
      {
        at: 5,
        step: 'the read of an existing target key',
        expect: /refused: could not read the registry \(read .*S-1-5-18.*Access is denied.*nothing was changed/,
      },
      {
        at: 9,
        step: 'the listing that tells a target key is absent',
        expect: /refused: could not read the registry .*S-1-5-19.*Access is denied.*nothing was changed/,
      },
      { at: 10, step: 'the backup (reg export)', expect: /failed: backup of .*S-1-5-18.* failed \(export .*Access is denied.*\); nothing was changed/ },
      { at: 11, step: 'write 1', expect: /failed: writing .*S-1-5-18.*DefaultConnectionSettings failed: .*Access is denied.*every value written was restored/ },
      { at: 13, step: 'write 2', expect: /failed: writing .*S-1-5-18.*SavedLegacySettings failed.*every value written was restored$/m },
      {
        at: 15,
        step: "write 3 (before S-1-5-19's key exists)",
        expect: /failed: writing .*S-1-5-19.*DefaultConnectionSettings failed.*every value written was restored$/m,
      },
      {
        at: 17,
        step: "write 4 (after write 3 created S-1-5-19's key)",
        expect: /failed: writing .*S-1-5-19.*SavedLegacySettings failed.*every value written was restored and the keys apply created were deleted/,
      },
      {
        at: 12,
        step: 'the read-back of write 1',
        expect: /failed: writing .*DefaultConnectionSettings failed: read .*Access is denied.*every value written was restored/,
      },
      {
        at: 18,
        step: 'the read-back of write 4',
        expect: /failed: writing .*S-1-5-19.*SavedLegacySettings failed: read .*every value written was restored and the keys apply created were deleted/,
      },
      {
        at: 13,
        step: 'write 2, which lands although reg reports failure',
        mode: 'landed',
        expect: /failed: writing .*SavedLegacySettings failed.*every value written was restored/,
      },
      {
        at: 15,
        step: "write 3, which creates S-1-5-19's key although reg reports failure",
        mode: 'landed',
        expect: /failed: writing .*S-1-5-19.*DefaultConnectionSettings failed.*every value written was restored and the keys apply created were deleted/,
      },
    ];
    for (const c of cases) {
      it(`reg fails at ${c.step}: the registry is as it was and the message says what happened`, async () => {
        const wrapper = faultWrapper();
        wrapper.arm(c.at, c.mode);
        const before = snapshot();
        const { code, io } = await apply(['--reg-command', wrapper.command]);
        assert.strictEqual(code, 1, io.out + io.err);
        assert.match(io.err, c.expect);
        assert.strictEqual(snapshot(), before, 'the registry is as it was');
        const calls = wrapper.calls();
        if (c.at <= 10) assert.ok(!calls.some((call) => call.startsWith('add ')), `no write after a fault before the first write: ${calls.join(' ')}`);
        if (c.at === 10)
          assert.deepStrictEqual(
            backups().filter((f) => fs.statSync(path.join(dir, 'backups', f)).size > 0),
            [],
            'no backup claimed',
          );
      });
    }
  });

  it('refuses when ProxySettingsPerUser = 0, writing nothing', async () => {
    reg('add', PROXY_POLICY_KEY, '/v', 'ProxySettingsPerUser', '/t', 'REG_DWORD', '/d', '0', '/f');
    try {
      const before = snapshot();
      const { code, io } = await apply(['--reg-command', WINE_REG_COMMAND], 'manifest');
      assert.strictEqual(code, 1);
      assert.match(io.err, /ProxySettingsPerUser = 0/);
      assert.strictEqual(snapshot(), before);
    } finally {
      reg('delete', PROXY_POLICY_KEY, '/v', 'ProxySettingsPerUser', '/f');
    }
  });
});
