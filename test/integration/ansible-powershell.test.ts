import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { differencesFrom } from '../../src/core/sensorDeploy/readBack';
import { sensorTargetOf } from '../../src/core/sensorDeploy/target';
import { generateDeploymentScript } from '../../src/core/usecases/deploymentScript';
import { fakeSensor, sensorManifest } from '../unit/support/fakeSensor';
import { v3Manifest } from '../unit/support/v3Manifest';
import { loadPlaybook, runPowerShellTask, syntaxCheck, type TaskResult } from './support/ansible';
import { inspectPowerShell } from './support/powershell';

// The PowerShell inside the playbooks is code: each win_powershell task's script is parsed and run in PowerShell 7 as
// the module runs it (run-ansible-powershell.ps1), with stand-ins for the Windows parts (the sensor's service, the
// registry, reg.exe), and must tell equal from different.

type Scalar = string | number | boolean | { unsafe: string };

interface PowerShellTask {
  name: string;
  'ansible.windows.win_powershell': { parameters: Record<string, string>; script: string };
  when?: string;
  no_log?: boolean;
  check_mode?: boolean;
  changed_when?: boolean;
}

/** A loaded scalar as the module hands it to the script (an unsafe string is a string on the host). */
const plain = (value: Scalar): string | number | boolean => (typeof value === 'object' ? value.unsafe : value);

describe('the PowerShell of the playbooks, run in PowerShell 7 with stand-ins', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-ansible-ps-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function playbook<T>(manifest: string, name: string): T {
    const script = generateDeploymentScript(manifest, 'ansible', 'contoso.atpproxy.json');
    assert.ok(script.ok, script.ok ? '' : script.reason);
    const file = path.join(dir, name);
    fs.writeFileSync(file, script.content);
    syntaxCheck(file);
    return loadPlaybook<T>(file)[0];
  }

  describe('registry values (method policy): read, back up, read back', () => {
    interface RegistryPlay {
      vars: { atp_proxy_values: Record<string, Scalar>[] };
      tasks: PowerShellTask[];
    }
    const DATA_COLLECTION = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection';
    const ATP_POLICY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection';
    let play: RegistryPlay;
    let values: Record<string, string | number | boolean>[];
    before(() => {
      play = playbook<RegistryPlay>(v3Manifest('policy'), 'policy.yml');
      values = play.vars.atp_proxy_values.map((v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])));
    });

    const task = (name: RegExp): PowerShellTask => {
      const found = play.tasks.find((t) => name.test(t.name));
      assert.ok(found, String(name));
      return found;
    };

    function runWith(registry: object, script: PowerShellTask, parameters: Record<string, unknown>): TaskResult {
      const registryFile = path.join(dir, 'registry.json');
      fs.writeFileSync(registryFile, JSON.stringify(registry));
      return runPowerShellTask(dir, script['ansible.windows.win_powershell'].script, parameters, { registryFile });
    }

    const UP_TO_DATE = {
      [DATA_COLLECTION]: {
        TelemetryProxyServer: { type: 'string', data: 'proxy.contoso.com:8080' },
        DisableEnterpriseAuthProxy: { type: 'dword', data: 1 },
        Other: { type: 'dword', data: 7 },
      },
      [ATP_POLICY]: { PreferStaticProxyForHttpRequest: { type: 'dword', data: 1 } },
    };
    // A different server (case matters to nobody but is a difference in text), and the ATP policy key absent.
    const DIFFERENT = {
      [DATA_COLLECTION]: {
        TelemetryProxyServer: { type: 'string', data: 'PROXY.contoso.com:3128' },
        DisableEnterpriseAuthProxy: { type: 'dword', data: 1 },
      },
    };

    it('has no parse errors', () => {
      for (const inspection of inspectPowerShell(play.tasks.map((t) => t['ansible.windows.win_powershell']?.script).filter((s) => s !== undefined)))
        assert.deepStrictEqual(inspection.errors, []);
    });

    it('equal: the read finds nothing to change or back up, the read-back passes', () => {
      const before = runWith(UP_TO_DATE, task(/^Read the values/), { Values: values, Stage: 'before' });
      assert.deepStrictEqual([before.changed, before.failed, before.error], [false, false, null]);
      assert.deepStrictEqual(before.result, { differs: [], backup: [] });
      const after = runWith(UP_TO_DATE, task(/^Read every value back/), { Values: values, Stage: 'after', CheckMode: 'False' });
      assert.deepStrictEqual([after.changed, after.failed, after.error], [false, false, null]);
    });

    it('different: the read lists what differs and only the existing keys to back up; the read-back stops the host', () => {
      const before = runWith(DIFFERENT, task(/^Read the values/), { Values: values, Stage: 'before' });
      assert.deepStrictEqual([before.changed, before.failed], [false, false]);
      assert.deepStrictEqual(before.result, {
        differs: [`${DATA_COLLECTION}\\TelemetryProxyServer`, `${ATP_POLICY}\\PreferStaticProxyForHttpRequest`],
        backup: [{ reg_key: DATA_COLLECTION, backup_name: 'SOFTWARE_Policies_Microsoft_Windows_DataCollection' }],
      });
      const after = runWith(DIFFERENT, task(/^Read every value back/), { Values: values, Stage: 'after', CheckMode: 'False' });
      assert.deepStrictEqual([after.changed, after.failed], [false, true]);
      assert.match(
        String((after.result as { message: string }).message),
        /differ from the manifest after the change: .*TelemetryProxyServer, .*PreferStaticProxyForHttpRequest$/,
      );
      // Under --check nothing was written: the read-back reports and does not stop the host.
      const checked = runWith(DIFFERENT, task(/^Read every value back/), { Values: values, Stage: 'after', CheckMode: 'True' });
      assert.deepStrictEqual([checked.changed, checked.failed], [false, false]);
    });

    it('backs up to a new dated file, takes the next free name in the same second, tells a failed export by its exit code', () => {
      const backup = task(/^Back up/);
      const folder = path.join(dir, 'backup folder');
      const keys = [{ reg_key: DATA_COLLECTION, backup_name: 'SOFTWARE_Policies_Microsoft_Windows_DataCollection' }];
      const first = runWith(DIFFERENT, backup, { Keys: keys, Folder: folder, Stamp: '20261201T083000Z' });
      assert.deepStrictEqual([first.changed, first.failed], [true, false], first.error ?? '');
      const file = path.join(folder, 'SOFTWARE_Policies_Microsoft_Windows_DataCollection-20261201T083000Z.reg');
      assert.deepStrictEqual(first.result, { files: [file] });
      assert.strictEqual(fs.readFileSync(file, 'utf8').trim(), `[${DATA_COLLECTION}]`);
      fs.writeFileSync(file, 'the first backup');
      // A second run in the same second (the stamp is the play's start): the next free name, the first file untouched.
      const again = runWith(DIFFERENT, backup, { Keys: keys, Folder: folder, Stamp: '20261201T083000Z' });
      assert.deepStrictEqual([again.changed, again.failed], [true, false], again.error ?? '');
      const second = file.replace(/\.reg$/, '-2.reg');
      assert.deepStrictEqual(again.result, { files: [second] });
      assert.strictEqual(fs.readFileSync(second, 'utf8').trim(), `[${DATA_COLLECTION}]`);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), 'the first backup');
      // reg.exe's words are in the system's language (the stand-in answers in German): the exit code decides, and the
      // empty file the backup had reserved is removed.
      const failed = runWith({}, backup, { Keys: keys, Folder: folder, Stamp: '20261201T083001Z' });
      assert.deepStrictEqual([failed.changed, failed.failed], [false, true]);
      assert.match(String((failed.result as { message: string }).message), /reg export .*DataCollection failed \(exit code 1\): FEHLER/);
      assert.deepStrictEqual(fs.readdirSync(folder).sort(), [path.basename(file), path.basename(second)].sort());
    });
  });

  it('registry values (method wininet): REG_BINARY read as bytes, equal for both SIDs, one byte off differs', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../examples/fabrikam-pac.atpproxy.jsonc'), 'utf8');
    const play = playbook<{ vars: { atp_proxy_values: Record<string, Scalar>[] }; tasks: PowerShellTask[] }>(text, 'wininet.yml');
    const values = play.vars.atp_proxy_values.map((v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])));
    const store = (bytes: (value: (typeof values)[number]) => number[]): object => {
      const keys: Record<string, Record<string, { type: string; data: number[] }>> = {};
      for (const v of values) (keys[String(v.reg_key)] ??= {})[String(v.name)] = { type: 'binary', data: bytes(v) };
      return keys;
    };
    const bytesOf = (v: (typeof values)[number]): number[] => [...Buffer.from(String(v.expected), 'hex')];
    const read = play.tasks[0];
    const registryFile = path.join(dir, 'registry.json');
    const runRead = (registry: object): TaskResult => {
      fs.writeFileSync(registryFile, JSON.stringify(registry));
      return runPowerShellTask(dir, read['ansible.windows.win_powershell'].script, { Values: values, Stage: 'before' }, { registryFile });
    };
    assert.ok(values.length >= 2);
    assert.deepStrictEqual(runRead(store(bytesOf)).result, { differs: [], backup: [] });
    const last = values[values.length - 1];
    const off = runRead(store((v) => (v === last ? bytesOf(v).map((b, i) => (i === 8 ? b ^ 1 : b)) : bytesOf(v))));
    assert.deepStrictEqual((off.result as { differs: string[] }).differs, [`${String(last.reg_key)}\\${String(last.name)}`]);
  });

  describe('method sensor: the playbook runs the .ps1 steps through win_powershell', () => {
    interface SensorPlay {
      vars: { atp_proxy_url: { unsafe: string }; atp_proxy_user: { unsafe: string }; atp_proxy_script: { unsafe: string } };
      vars_prompt?: { name: string; private: boolean }[];
      tasks: PowerShellTask[];
    }
    const USER = 'CONTOSO\\svc-{{ mdi }}';
    const PASSWORD = 'Pa55 "w0rd {{ x }}';

    /** Runs a task's PowerShell with the playbook's values for its templated parameters. */
    function runTask(task: PowerShellTask, values: Record<string, string>, sensorFolder: string, log: string): TaskResult {
      const parameters = Object.fromEntries(
        Object.entries(task['ansible.windows.win_powershell'].parameters).map(([name, template]) => {
          const variable = /\{\{ (\w+)/.exec(template)?.[1];
          return [name, variable ? (values[variable] ?? '') : template];
        }),
      );
      // ProgramData is where the .ps1 keeps its backups on Windows; Linux has none, so the sensor's lab folder stands in.
      return runPowerShellTask(dir, task['ansible.windows.win_powershell'].script, parameters, {
        sensorFolder,
        log,
        env: { ProgramData: path.dirname(sensorFolder) },
      });
    }

    it('looks, sets through the Deployer with the prompted password, and a second run finds nothing to do', () => {
      const sensor = fakeSensor();
      try {
        const manifest = sensorManifest({ server: 'proxy.contoso.com:8080', user: USER });
        const play = playbook<SensorPlay>(manifest, 'sensor.yml');
        assert.deepStrictEqual(
          play.vars_prompt?.map((p) => [p.name, p.private]),
          [['atp_proxy_password', true]],
        );
        assert.strictEqual(play.vars.atp_proxy_user.unsafe, USER, 'the account stays unsafe text');
        const [check, apply] = play.tasks;
        assert.strictEqual(apply.when, 'not atp_proxy_current.result.matches');
        const expectedScript = generateDeploymentScript(manifest, 'ps1', 'contoso.atpproxy.json');
        assert.ok(expectedScript.ok);
        assert.strictEqual(
          play.vars.atp_proxy_script.unsafe,
          expectedScript.content
            .split('\n')
            .filter((l) => !l.startsWith('#Requires'))
            .join('\n'),
        );
        const values = {
          atp_proxy_url: play.vars.atp_proxy_url.unsafe,
          atp_proxy_user: play.vars.atp_proxy_user.unsafe,
          atp_proxy_script: play.vars.atp_proxy_script.unsafe,
          atp_proxy_password: PASSWORD,
        };
        const log = path.join(sensor.root, 'services.log');
        const first = runTask(check, values, sensor.folder, log);
        assert.deepStrictEqual([first.changed, first.failed, (first.result as { matches?: boolean }).matches], [false, false, false], first.error ?? '');
        const set = runTask(apply, values, sensor.folder, log);
        assert.strictEqual(set.failed, false, set.error ?? '');
        assert.deepStrictEqual(sensor.runs(), [['ProxyUrl=http://proxy.contoso.com:8080', `ProxyUserName=${USER}`, `ProxyUserPassword=${PASSWORD}`]]);
        const second = runTask(check, values, sensor.folder, log);
        assert.deepStrictEqual(
          [second.changed, second.failed, (second.result as { matches?: boolean }).matches],
          [false, false, true],
          'a second run skips the Deployer',
        );
      } finally {
        sensor.cleanup();
      }
    });

    it('the look takes a trailing "/" and other case as the same proxy, as the .ps1 read-back and apply do', () => {
      const held = { Url: 'HTTP://PROXY.Contoso.com:8080/', UserName: 'contoso\\SVC-{{ MDI }}' };
      const sensor = fakeSensor({ SensorProxyConfiguration: held });
      try {
        const manifest = sensorManifest({ server: 'proxy.contoso.com:8080', user: USER });
        const play = playbook<SensorPlay>(manifest, 'sensor-case.yml');
        const target = sensorTargetOf(settingsOf(parseManifest(manifest).manifest));
        assert.ok(target.ok);
        assert.deepStrictEqual(differencesFrom(target.target, { url: held.Url, userName: held.UserName, hasPassword: true }), [], 'apply calls it the same');
        const values = { atp_proxy_url: play.vars.atp_proxy_url.unsafe, atp_proxy_user: play.vars.atp_proxy_user.unsafe };
        const log = path.join(sensor.root, 'services.log');
        assert.strictEqual((runTask(play.tasks[0], values, sensor.folder, log).result as { matches: boolean }).matches, true);
        const other = { ...values, atp_proxy_url: 'http://proxy.contoso.com:3128' };
        assert.strictEqual((runTask(play.tasks[0], other, sensor.folder, log).result as { matches: boolean }).matches, false);
      } finally {
        sensor.cleanup();
      }
    });

    it('a failed change stops the host with the .ps1 message, shown by a task that is not no_log, the password masked', () => {
      const sensor = fakeSensor();
      try {
        const play = playbook<SensorPlay>(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), 'sensor-fail.yml');
        const [, apply, stop] = play.tasks as [PowerShellTask, PowerShellTask & { failed_when?: boolean; register?: string }, Record<string, unknown>];
        assert.deepStrictEqual([apply.no_log, apply.failed_when, apply.register], [true, false, 'atp_proxy_apply']);
        assert.deepStrictEqual(stop['ansible.builtin.fail'], { msg: '{{ atp_proxy_apply.result.failure }}' });
        assert.strictEqual(stop.when, '(atp_proxy_apply.result | default({})).failure is defined');
        assert.strictEqual(stop.no_log, undefined);
        sensor.fault('wrong-url');
        const values = {
          atp_proxy_url: play.vars.atp_proxy_url.unsafe,
          atp_proxy_user: play.vars.atp_proxy_user.unsafe,
          atp_proxy_script: play.vars.atp_proxy_script.unsafe,
          atp_proxy_password: PASSWORD,
        };
        const failed = runTask(apply, values, sensor.folder, path.join(sensor.root, 'services.log'));
        assert.strictEqual(failed.failed, true);
        const failure = String((failed.result as { failure?: string }).failure);
        assert.match(failure, /^Failed and restored the previous configuration: .*Url is 'http:\/\/wrong\.example:3128'/);
        assert.ok(!failure.includes(PASSWORD));
      } finally {
        sensor.cleanup();
      }
    });

    it('its PowerShell has no parse errors', () => {
      const play = playbook<SensorPlay>(sensorManifest({ server: 'proxy.contoso.com:8080' }), 'sensor-plain.yml');
      assert.strictEqual(play.vars_prompt, undefined, 'no password asked without a proxy account');
      const scripts = play.tasks.flatMap((t) => (t['ansible.windows.win_powershell'] ? [t['ansible.windows.win_powershell'].script] : []));
      assert.strictEqual(scripts.length, 2);
      for (const inspection of inspectPowerShell(scripts)) assert.deepStrictEqual(inspection.errors, []);
    });
  });
});
