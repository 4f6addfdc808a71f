import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { formatsForManifest } from '../../src/core/usecases/deploymentScript';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { REG_DWORD, REG_SZ, type RegValue } from '../../src/core/wininet/regFile';
import { DiskIO } from '../unit/support/diskIO';
import { v3Manifest } from '../unit/support/v3Manifest';
import { dscConfiguration, dscKeywordErrors, loadPlaybook, syntaxCheck } from './support/ansible';

// Issue 17: for EVERY example manifest (and a winhttp one) the playbook passes Debian's ansible-playbook
// --syntax-check and its data equals what `encode --format hex` (WinINET) or `--format reg` (policy, winhttp) says,
// and the DSC configuration, parsed and evaluated by PowerShell 7, holds the same values. A format the manifest's
// method has no use for is a usage error that names the method's formats.

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(ROOT, 'examples');
const WINHTTP_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'deploy', 'contoso-v3-winhttp.atpproxy.json');

interface PlaybookValue {
  path: string;
  hive: string;
  key: string;
  reg_key: string;
  name: string;
  type: string;
  data: unknown;
  expected: unknown;
}

interface Play {
  hosts: string;
  vars: { atp_proxy_values?: PlaybookValue[]; atp_proxy_script?: { unsafe: string } };
  tasks: Record<string, unknown>[];
}

/** One registry value as the artefacts carry it: where, the type's name in win_regedit's words, the data as text. */
interface Expected {
  key: string;
  name: string;
  type: 'binary' | 'string' | 'dword';
  data: string;
}

/** `atp-proxy encode` as a user runs it: exit code, stdout and stderr. */
async function encode(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new DiskIO({ ...process.env });
  const code = await run(['encode', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** What the .reg output of a manifest sets, value by value. */
function regValues(reg: string): Expected[] {
  const parsed = parseRegFile(Buffer.from(reg, 'utf8'));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.reason);
  return parsed.value.keys.flatMap((k) =>
    k.values
      .filter((v): v is RegValue => v.kind === 'set')
      .map((v): Expected => {
        const bytes = Buffer.from(v.data);
        if (v.type === REG_SZ) return { key: k.path, name: v.name, type: 'string', data: bytes.toString('utf16le').replace(/\0+$/, '') };
        if (v.type === REG_DWORD) return { key: k.path, name: v.name, type: 'dword', data: String(bytes.readUInt32LE(0)) };
        return { key: k.path, name: v.name, type: 'binary', data: bytes.toString('hex').toUpperCase() };
      }),
  );
}

/** The values a manifest's artefacts must carry, from `encode --format hex` (WinINET) or `--format reg` (the others). */
async function expectedValues(file: string, method: string): Promise<Expected[]> {
  if (method === 'wininet') {
    const hex = await encode(['--force', '--format', 'hex', file]);
    const reg = await encode(['--force', '--format', 'reg', file]);
    assert.strictEqual(hex.code, 0, hex.err);
    const bytes = hex.out.replace(/[^0-9a-f]/gi, '').toUpperCase();
    // The .reg says where (both SIDs, each value); the hex encoding says what, byte for byte.
    return regValues(reg.out).map((v) => {
      assert.strictEqual(v.data, bytes, `${v.key}\\${v.name} in the .reg is the hex encoding`);
      return v;
    });
  }
  const reg = await encode(['--force', '--format', 'reg', file]);
  assert.strictEqual(reg.code, 0, reg.err);
  return regValues(reg.out);
}

/** The playbook's values in the same shape (data as win_regedit and the read-back both take it). */
function playbookValues(play: Play): Expected[] {
  return (play.vars.atp_proxy_values ?? []).map((v) => {
    const text = (x: unknown): string => (typeof x === 'object' && x !== null && 'unsafe' in x ? String(x.unsafe) : String(x));
    const data = v.type === 'binary' ? text(v.data).replace(/^hex:/, '').replace(/,/g, '').toUpperCase() : text(v.data);
    assert.strictEqual(text(v.expected), data, `${v.reg_key}\\${v.name}: the read-back expects what is written`);
    assert.strictEqual(v.path, `${v.hive === 'HKEY_USERS' ? 'HKU:' : 'HKLM:'}\\${v.key}`);
    return { key: v.reg_key, name: v.name, type: v.type as Expected['type'], data };
  });
}

/** The registry playbook's tasks: read (read-only, also under --check), back up, set, read back (read-only). */
function assertRegistryTasks(play: Play): void {
  const modules = play.tasks.map((t) => Object.keys(t).find((k) => k.includes('.')));
  assert.deepStrictEqual(modules, [
    'ansible.windows.win_powershell',
    'ansible.windows.win_powershell',
    'ansible.windows.win_regedit',
    'ansible.windows.win_powershell',
  ]);
  const [look, backup, set, verify] = play.tasks;
  // win_powershell skips a script without SupportsShouldProcess under --check and reports changed: the reads run
  // for real (check_mode: false) and never report a change, so --check reports only "Set the values".
  for (const read of [look, verify]) assert.deepStrictEqual([read.check_mode, read.changed_when], [false, false]);
  assert.strictEqual(backup.when, 'not ansible_check_mode and atp_proxy_before.result.backup | length > 0');
  assert.strictEqual(set.check_mode, undefined);
  assert.strictEqual((verify['ansible.windows.win_powershell'] as { parameters: Record<string, string> }).parameters.CheckMode, '{{ ansible_check_mode }}');
}

/** DSC's resources in the same shape. */
function dscValues(file: string, text: string): Expected[] {
  const { parseErrors, resources } = dscConfiguration(file);
  // The file as it is: PowerShell 7 on Linux has no DSC schema store, so only the keyword's own errors are allowed.
  assert.deepStrictEqual(parseErrors, dscKeywordErrors(text));
  const types: Record<string, Expected['type']> = { Binary: 'binary', String: 'string', Dword: 'dword' };
  return resources.map((r) => {
    assert.strictEqual(r.Node, 'DC01');
    assert.strictEqual(r.Properties.Ensure, 'Present');
    assert.strictEqual(r.Properties.Force, true);
    return {
      key: String(r.Properties.Key),
      name: String(r.Properties.ValueName),
      type: types[String(r.Properties.ValueType)],
      data: String(r.Properties.ValueData),
    };
  });
}

describe('Ansible playbook and DSC configuration of every example (real ansible-playbook and PowerShell 7)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-engines-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const examples = fs
    .readdirSync(EXAMPLES)
    .filter((f) => /\.atpproxy\.jsonc?$/.test(f))
    .map((name) => path.join(EXAMPLES, name));
  const manifests = [...examples, WINHTTP_FIXTURE];

  it('takes every example manifest, each method among them', () => {
    const names = examples.map((f) => path.basename(f));
    for (const name of ['northwind-direct', 'tailspin-transparent', 'woodgrove-wpad', 'adatum-v3-policy', 'adatum-gcc-high', 'contoso-sensor'])
      assert.ok(
        names.some((n) => n.startsWith(`${name}.`)),
        name,
      );
    const methods = new Set(manifests.map((f) => formatsForManifest(fs.readFileSync(f, 'utf8')).method));
    assert.deepStrictEqual([...methods].sort(), ['policy', 'sensor', 'winhttp', 'wininet']);
  });

  for (const file of manifests) {
    const name = path.basename(file);
    for (const format of ['ansible', 'dsc'] as const) {
      it(`${name}: encode --format ${format}`, async () => {
        const text = fs.readFileSync(file, 'utf8');
        const { method, formats } = formatsForManifest(text);
        assert.ok(method);
        let result = await encode(['--format', format, file]);
        if (!formats.includes(format)) {
          assert.strictEqual(result.code, 2, 'a usage error');
          assert.ok(result.err.includes(`--format ${format} does not fit method ${method}: its formats are ${formats.join(', ')}`), result.err);
          assert.strictEqual(result.out, '');
          return;
        }
        if (result.code === 1) {
          // Error findings block it (contoso-review misses its sensor endpoint): refused with them, then forced.
          assert.match(result.err, /ATP\d{3}/);
          assert.strictEqual(result.out, '');
          result = await encode(['--force', '--format', format, file]);
        }
        assert.strictEqual(result.code, 0, result.err);
        const out = path.join(dir, `${name}.${format === 'ansible' ? 'yml' : 'ps1'}`);
        fs.writeFileSync(out, result.out);
        if (format === 'dsc') {
          assert.deepStrictEqual(dscValues(out, result.out), await expectedValues(file, method));
          return;
        }
        syntaxCheck(out);
        const [play] = loadPlaybook<Play>(out);
        assert.strictEqual(play.hosts, "{{ target_hosts | default('domain_controllers') }}");
        if (method === 'sensor') {
          // The same steps as the .ps1, minus #Requires (a script block takes none); a forced one says so in the
          // playbook's header rather than in the embedded script.
          const ps1 = await encode(['--force', '--format', 'ps1', file]);
          const forced = /^# FORCED: .*\r?\n/m.exec(ps1.out);
          if (forced) assert.ok(result.out.includes(forced[0].trim()), 'the playbook says it was forced');
          const steps = ps1.out
            .replace(/^# FORCED: .*\r?\n/m, '')
            .split('\n')
            .filter((l) => !l.startsWith('#Requires'))
            .join('\n');
          assert.strictEqual(play.vars.atp_proxy_script?.unsafe, steps);
          return;
        }
        assertRegistryTasks(play);
        const values = playbookValues(play);
        assert.deepStrictEqual(values, await expectedValues(file, method));
        if (method === 'wininet') assert.deepStrictEqual([...new Set(values.map((v) => v.key.split('\\')[1]))].sort(), ['S-1-5-18', 'S-1-5-19']);
      });
    }
  }

  it('method winhttp: WinHttpSettings in the playbook and DSC are the .reg bytes, bypass list included', async () => {
    const reg = await expectedValues(WINHTTP_FIXTURE, 'winhttp');
    assert.deepStrictEqual(
      reg.map((v) => [v.key, v.name, v.type]),
      [['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections', 'WinHttpSettings', 'binary']],
    );
    assert.ok(Buffer.from(reg[0].data, 'hex').toString('latin1').includes('<local>;*.contoso.com'));
    const playbook = await encode(['--format', 'ansible', WINHTTP_FIXTURE]);
    const yml = path.join(dir, 'winhttp.yml');
    fs.writeFileSync(yml, playbook.out);
    syntaxCheck(yml);
    assert.deepStrictEqual(playbookValues(loadPlaybook<Play>(yml)[0]), reg);
    const dsc = await encode(['--format', 'dsc', WINHTTP_FIXTURE]);
    const ps1 = path.join(dir, 'winhttp.ps1');
    fs.writeFileSync(ps1, dsc.out);
    assert.deepStrictEqual(dscValues(ps1, dsc.out), reg);
  });

  it('method policy: REG_SZ and REG_DWORD in both engines', async () => {
    const file = path.join(dir, 'v3.atpproxy.json');
    fs.writeFileSync(file, v3Manifest('policy'));
    const expected = await expectedValues(file, 'policy');
    assert.deepStrictEqual(
      expected.map((v) => [v.name, v.type, v.data]),
      [
        ['TelemetryProxyServer', 'string', 'proxy.contoso.com:8080'],
        ['DisableEnterpriseAuthProxy', 'dword', '1'],
        ['PreferStaticProxyForHttpRequest', 'dword', '1'],
      ],
    );
    const playbook = await encode(['--format', 'ansible', file]);
    const yml = path.join(dir, 'policy.yml');
    fs.writeFileSync(yml, playbook.out);
    syntaxCheck(yml);
    const [play] = loadPlaybook<Play>(yml);
    // win_regedit gets a DWORD as a number and the text as text Ansible never templates.
    assert.deepStrictEqual(
      play.vars.atp_proxy_values?.map((v) => v.data),
      [{ unsafe: 'proxy.contoso.com:8080' }, 1, 1],
    );
    assert.deepStrictEqual(playbookValues(play), expected);
  });
});
