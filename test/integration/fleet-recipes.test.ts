import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN, ensureCliBundle } from './support/cli-bundle';
import { pwshPath } from './support/powershell';

// Issue 15 item 2: the fan-out recipes of examples/fleet, as an administrator runs them. PowerShell 7 runs
// Invoke-Preflight.ps1 (Invoke-Command and Get-ADDomainController replaced by functions that run a stand-in preflight
// script here per computer name) and Register-PreflightTask.ps1 (the ScheduledTasks cmdlets recorded); both parse as
// Windows PowerShell 5.1. Debian's ansible-playbook checks the playbook and runs its controller-side tasks.
const ROOT = path.resolve(__dirname, '../../..');
const FLEET = path.join(ROOT, 'examples', 'fleet');
const SUPPORT = path.join(ROOT, 'test', 'integration', 'support');
const STAND_IN = path.join(SUPPORT, 'preflight-stand-in.ps1');

interface Run {
  code: number;
  out: string;
}

function pwsh(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

describe('fan-out recipes in examples/fleet (PowerShell 7, ansible-playbook)', function () {
  this.timeout(180_000);
  let dir: string;

  before(async function () {
    this.timeout(300_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-fleet-recipes-'));
    await ensureCliBundle();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function report(folder: string): Run {
    const r = spawnSync(process.execPath, [BIN, 'report', '--format', 'json', folder], { encoding: 'utf8' });
    return { code: r.status ?? 1, out: r.stdout };
  }

  it('the PowerShell recipes parse as Windows PowerShell 5.1 (no errors, no 7-only syntax) and are pure ASCII', () => {
    const files = ['Invoke-Preflight.ps1', 'Register-PreflightTask.ps1'].map((f) => path.join(FLEET, f));
    for (const f of files) assert.ok(/^[\x20-\x7e\r\n]*$/.test(fs.readFileSync(f, 'utf8')), `${f} is not pure ASCII`);
    const out = execFileSync(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', path.join(SUPPORT, 'ps51-syntax.ps1'), '-Files', files.join('|')], {
      encoding: 'utf8',
    });
    assert.deepStrictEqual(JSON.parse(out), [
      { errors: [], sevenOnly: [] },
      { errors: [], sevenOnly: [] },
    ]);
  });

  it('Invoke-Preflight: one JSON per machine named after PSComputerName, the unreachable one listed, the others run; then report', () => {
    const folder = path.join(dir, 'invoke');
    const run = pwsh(path.join(SUPPORT, 'run-invoke-preflight.ps1'), [
      '-Recipe',
      path.join(FLEET, 'Invoke-Preflight.ps1'),
      '-Preflight',
      STAND_IN,
      '-OutputFolder',
      folder,
      '-Computers',
      'dc01.contoso.com,dc02-fail.contoso.com,dc03.contoso.com,dc04.contoso.com',
      '-Unreachable',
      'dc03.contoso.com',
    ]);
    assert.strictEqual(run.code, 1, run.out);
    // One Invoke-Command for all machines, with the throttle: remoting fans out, the recipe does not loop.
    assert.match(run.out, /INVOCATIONS: dc01\.contoso\.com,dc02-fail\.contoso\.com,dc03\.contoso\.com,dc04\.contoso\.com throttle 2$/m);
    assert.match(run.out, /3 of 4 machines answered/);
    assert.deepStrictEqual(fs.readdirSync(folder).sort(), ['dc01.contoso.com.json', 'dc02-fail.contoso.com.json', 'dc04.contoso.com.json', 'unreachable.txt']);
    for (const name of ['dc01', 'dc02-fail', 'dc04']) {
      const doc = JSON.parse(fs.readFileSync(path.join(folder, `${name}.contoso.com.json`), 'utf8')) as { schema: string; computer: string };
      assert.deepStrictEqual([doc.schema, doc.computer], ['atp-proxy-preflight/1', `${name}.contoso.com`]);
    }
    const unreachable = fs.readFileSync(path.join(folder, 'unreachable.txt'), 'utf8').trim().split(/\r?\n/);
    assert.deepStrictEqual(unreachable.length, 1);
    assert.match(unreachable[0], /^dc03\.contoso\.com\t.*Connecting to remote server dc03\.contoso\.com failed/);

    const fleet = report(folder);
    assert.strictEqual(fleet.code, 1, 'dc02-fail failed a check');
    const parsed = JSON.parse(fleet.out) as { machines: { computer: string; verdict: string }[]; problems: unknown[] };
    assert.deepStrictEqual(parsed.machines.map((m) => m.computer).sort(), ['dc01.contoso.com', 'dc02-fail.contoso.com', 'dc04.contoso.com']);
    assert.deepStrictEqual(parsed.problems, [], 'unreachable.txt is not read as a result');
  });

  it('Invoke-Preflight without -ComputerName asks Get-ADDomainController; all answer: exit 0, unreachable.txt gone', () => {
    const folder = path.join(dir, 'invoke');
    const run = pwsh(path.join(SUPPORT, 'run-invoke-preflight.ps1'), [
      '-Recipe',
      path.join(FLEET, 'Invoke-Preflight.ps1'),
      '-Preflight',
      STAND_IN,
      '-OutputFolder',
      folder,
      '-Computers',
      'dc01.contoso.com,dc03.contoso.com',
      '-FromAd',
    ]);
    assert.strictEqual(run.code, 0, run.out);
    assert.match(run.out, /2 domain controllers: dc01\.contoso\.com, dc03\.contoso\.com/);
    assert.ok(fs.existsSync(path.join(folder, 'dc03.contoso.com.json')));
    assert.ok(!fs.existsSync(path.join(folder, 'unreachable.txt')));
  });

  it('Register-PreflightTask: copies the script, restricts its folder, registers powershell.exe -File ... -OutFile share\\COMPUTERNAME.json as SYSTEM', () => {
    const share = path.join(dir, 'share');
    const install = path.join(dir, 'install');
    fs.mkdirSync(share);
    const run = pwsh(
      path.join(SUPPORT, 'run-register-task.ps1'),
      ['-Recipe', path.join(FLEET, 'Register-PreflightTask.ps1'), '-Preflight', STAND_IN, '-Share', share, '-InstallFolder', install],
      { COMPUTERNAME: 'DC01' },
    );
    assert.strictEqual(run.code, 0, run.out);
    const record = JSON.parse(run.out) as {
      icacls: string[];
      started: boolean;
      registered: {
        TaskName: string;
        TaskPath: string;
        Action: { Execute: string; Arguments: string }[];
        Trigger: { Kind: string; At?: string }[];
        Principal: { UserId: string; LogonType: string; RunLevel: string };
      };
    };
    const local = path.join(install, 'preflight.ps1');
    assert.ok(fs.readFileSync(local).equals(fs.readFileSync(STAND_IN)), 'the script is copied to the install folder');
    assert.deepStrictEqual(record.icacls, [`${install} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F`]);
    const task = record.registered;
    assert.deepStrictEqual([task.TaskPath, task.TaskName], ['\\AtpSensorProxy\\', 'ATP Sensor Proxy preflight']);
    assert.deepStrictEqual(task.Action, [
      {
        Execute: 'powershell.exe',
        Arguments: `-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${local}" -OutFile "${path.join(share, 'DC01.json')}"`,
      },
    ]);
    assert.deepStrictEqual(
      task.Trigger.map((t) => [t.Kind, t.At]),
      [
        ['Daily', '03:00'],
        ['AtStartup', undefined],
      ],
    );
    assert.deepStrictEqual(task.Principal, { UserId: 'S-1-5-18', LogonType: 'ServiceAccount', RunLevel: 'Highest' });
    assert.strictEqual(record.started, true);

    // What the task runs, run here: the document lands in the share under the computer's name.
    const action = pwsh(local, ['-OutFile', path.join(share, 'DC01.json')], { COMPUTERNAME: 'DC01' });
    assert.strictEqual(action.code, 0, action.out);
    assert.strictEqual((JSON.parse(fs.readFileSync(path.join(share, 'DC01.json'), 'utf8')) as { computer: string }).computer, 'DC01');
  });

  describe('the Ansible playbook (Debian ansible-playbook)', () => {
    const playbook = path.join(FLEET, 'preflight.yml');
    const env = {
      ...process.env,
      HOME: process.env.HOME ?? os.tmpdir(),
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
      ANSIBLE_LOCAL_TEMP: '',
    };

    it('passes --syntax-check; hosts default to domain_controllers; win_powershell gets the script from a file lookup', () => {
      const r = spawnSync('ansible-playbook', ['--syntax-check', playbook], { encoding: 'utf8', env, cwd: dir });
      assert.strictEqual(r.status, 0, `${r.stderr}${r.stdout}`);
      const python = /^#!\s*(\S+)/.exec(fs.readFileSync(execFileSync('which', ['ansible-playbook'], { encoding: 'utf8' }).trim(), 'utf8'))?.[1] ?? 'python3';
      const [play] = JSON.parse(execFileSync(python, [path.join(SUPPORT, 'ansible-load.py'), playbook], { encoding: 'utf8' })) as {
        hosts: string;
        tasks: Record<string, unknown>[];
      }[];
      assert.strictEqual(play.hosts, "{{ target_hosts | default('domain_controllers') }}");
      const run = play.tasks.find((t) => 'ansible.windows.win_powershell' in t);
      assert.deepStrictEqual(run?.['ansible.windows.win_powershell'], { script: "{{ lookup('ansible.builtin.file', preflight_script) }}", depth: 1 });
      const report = play.tasks.find((t) => 'ansible.builtin.command' in t);
      assert.strictEqual(report?.run_once, true);
      assert.strictEqual(report?.delegate_to, 'localhost');
    });

    it("runs its controller side for real: each host's output parsed and copied to <results_dir>/<host>.json, the report, the host without a document named", () => {
      // The hosts' win_powershell results stand in as host variables (that module needs Windows); the play starts at
      // the task that parses them. dc03 has none, as when its run failed.
      const results = path.join(dir, 'ansible-results');
      fs.mkdirSync(results);
      const output = (computer: string, status: string) => [
        JSON.stringify(
          {
            schema: 'atp-proxy-preflight/1',
            computer,
            manifest: 'contoso.atpproxy.json',
            manifestSha256: 'ab'.repeat(32),
            time: '2026-12-01T04:00:00Z',
            checks: [{ id: 'proxy-config', status, detail: '' }],
            results: [{ host: 'contososensorapi.atp.azure.com', port: 443, status: 'ok', ms: 12, via: 'proxy.contoso.com:8080', detail: '' }],
          },
          null,
          2,
        ),
      ];
      const inventory = path.join(dir, 'inventory.json');
      fs.writeFileSync(
        inventory,
        JSON.stringify({
          all: {
            children: {
              domain_controllers: {
                hosts: {
                  dc01: { ansible_connection: 'local', preflight: { output: output('DC01', 'pass') } },
                  dc02: { ansible_connection: 'local', preflight: { output: output('DC02', 'fail') } },
                  dc03: { ansible_connection: 'local' },
                },
              },
            },
          },
        }),
      );
      const extra = JSON.stringify({ results_dir: results, atp_proxy: [process.execPath, BIN] });
      const r = spawnSync('ansible-playbook', ['-i', inventory, '--start-at-task', 'Parse its JSON document', '-e', extra, playbook], {
        encoding: 'utf8',
        env,
        cwd: dir,
        timeout: 120_000,
      });
      const out = `${r.stdout}${r.stderr}`;
      assert.strictEqual(r.status, 2, `failed hosts give exit 2:\n${out}`);
      assert.deepStrictEqual(fs.readdirSync(results).sort(), ['dc01.json', 'dc02.json']);
      const saved = JSON.parse(fs.readFileSync(path.join(results, 'dc02.json'), 'utf8')) as { computer: string; checks: { status: string }[] };
      assert.deepStrictEqual([saved.computer, saved.checks[0].status], ['DC02', 'fail']);
      assert.match(out, /No document from: dc03/);
      assert.match(out, /2 machines: 1 pass, 0 warn, 1 fail\..*FAIL {2}DC02: proxy-config fail/s, `the report is shown:\n${out}`);
      assert.match(out, /fatal: \[dc02\]: FAILED! => .*DC02 failed the preflight/);
      assert.match(out, /dc01 +: ok=\d+ +changed=\d+ +unreachable=0 +failed=0 /, 'dc01 passed and is not marked failed');
      assert.strictEqual(report(results).code, 1);
    });
  });
});
