import * as assert from 'assert';
import { v3Manifest } from '../unit/support/v3Manifest';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateAnsiblePlaybook } from '../../src/core/deploy/generateAnsible';
import { generateDscConfiguration } from '../../src/core/deploy/generateDsc';
import { wininetRegistryValues } from '../../src/core/deploy/registryValue';
import { encodeConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { deploymentOf } from '../../src/core/wininet/deployment';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { toHex } from '../../src/core/wininet/hex';
import { generateDeploymentScript } from '../../src/core/usecases/deploymentScript';
import { fakeSensor, sensorManifest } from '../unit/support/fakeSensor';
import { inspectPowerShell, pwshPath } from './support/powershell';

// Issue 17: the playbook passes Debian's ansible-playbook --syntax-check and its binary data equals the hex encoding
// for every example manifest that deploys WinINET; the DSC configuration's ValueData too, evaluated by PowerShell 7;
// hostile manifest text stays data in both.

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(ROOT, 'examples');
const SUPPORT = path.join(ROOT, 'test', 'integration', 'support');

interface Loaded {
  name: { unsafe: string };
  hosts: string;
  vars: { atp_proxy_values: { path: string; name: string; type: string; data: string; expected: string; purpose: { unsafe: string } }[] };
  tasks: Record<string, unknown>[];
}

const hexOf = (bytes: Uint8Array): string =>
  toHex(bytes)
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase();

function wininetExamples(): { name: string; text: string }[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((f) => /\.atpproxy\.jsonc?$/.test(f))
    .map((name) => ({ name, text: fs.readFileSync(path.join(EXAMPLES, name), 'utf8') }))
    .filter(({ text }) => {
      const encoded = encodeManifestText(text);
      return encoded.ok && encoded.manifest.proxy.method === 'wininet';
    });
}

function artefacts(text: string, manifestName: string): { playbook: string; dsc: string; hex: string; count: number } {
  const encoded = encodeManifestText(text);
  assert.ok(encoded.ok);
  const values = wininetRegistryValues(encoded.settings, deploymentOf(encoded.manifest));
  const context = { manifestName, title: 'WinINET proxy of the sensor service accounts' };
  return {
    playbook: generateAnsiblePlaybook(values, context),
    dsc: generateDscConfiguration(values, context),
    hex: hexOf(encodeConnectionSettings(encoded.settings)),
    count: values.length,
  };
}

describe('Ansible playbook and DSC configuration (real ansible-playbook and PowerShell 7)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-engines-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = { ...process.env, ANSIBLE_LOCAL_TEMP: '', HOME: process.env.HOME ?? os.tmpdir(), ANSIBLE_NOCOLOR: '1' };

  function syntaxCheck(file: string): void {
    const r = spawnSync('ansible-playbook', ['--syntax-check', file], { encoding: 'utf8', env, cwd: dir });
    assert.strictEqual(r.status, 0, `ansible-playbook --syntax-check ${file}: ${r.stderr}${r.stdout}`);
  }

  // The Python ansible-playbook runs on (Debian's), whose ansible package has the loader.
  const python = (): string =>
    /^#!\s*(\S+)/.exec(fs.readFileSync(execFileSync('which', ['ansible-playbook'], { encoding: 'utf8' }).trim(), 'utf8'))?.[1] ?? 'python3';

  function load(file: string): Loaded {
    return JSON.parse(execFileSync(python(), [path.join(SUPPORT, 'ansible-load.py'), file], { encoding: 'utf8' })) as Loaded;
  }

  function dscResources(file: string): { Name: string; Node: string; Properties: Record<string, unknown> }[] {
    const out = execFileSync(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', path.join(SUPPORT, 'dsc-resources.ps1'), '-Path', file], {
      encoding: 'utf8',
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1' },
    });
    return JSON.parse(out) as { Name: string; Node: string; Properties: Record<string, unknown> }[];
  }

  const examples = wininetExamples();
  it('has WinINET examples to deploy', () => assert.ok(examples.length >= 2, examples.map((e) => e.name).join()));

  for (const example of examples) {
    it(`${example.name}: the playbook passes --syntax-check; its data is the hex encoding, for both SIDs`, () => {
      const { playbook, hex, count } = artefacts(example.text, example.name);
      const file = path.join(dir, `${example.name}.yml`);
      fs.writeFileSync(file, playbook);
      syntaxCheck(file);
      const [play] = load(file) as unknown as Loaded[];
      assert.strictEqual(play.hosts, "{{ target_hosts | default('domain_controllers') }}");
      const values = play.vars.atp_proxy_values;
      assert.strictEqual(values.length, count);
      for (const v of values) {
        assert.strictEqual(v.type, 'binary');
        assert.strictEqual(v.data.replace(/^hex:/, '').replace(/,/g, '').toUpperCase(), hex);
        assert.strictEqual(v.expected, hex);
      }
      assert.deepStrictEqual([...new Set(values.map((v) => v.path.split('\\')[1]))].sort(), ['S-1-5-18', 'S-1-5-19']);
      const modules = play.tasks.map((t) => Object.keys(t).find((k) => k.includes('.')));
      assert.deepStrictEqual(modules, [
        'ansible.windows.win_regedit',
        'ansible.windows.win_file',
        'ansible.windows.win_command',
        'ansible.builtin.fail',
        'ansible.windows.win_regedit',
        'ansible.windows.win_powershell',
      ]);
      // The first win_regedit only looks (check mode) and the backup runs only for what it found would change: a
      // second run on a host that already has the values changes and backs up nothing.
      assert.strictEqual(play.tasks[0].check_mode, true);
      assert.strictEqual(play.tasks[2].when, 'item.changed');
      assert.deepStrictEqual((play.tasks[2]['ansible.windows.win_command'] as { argv: string[] }).argv.slice(0, 2), ['reg.exe', 'export']);
    });

    it(`${example.name}: the DSC configuration evaluates in PowerShell 7 to Registry resources with the hex encoding`, () => {
      const { dsc, hex, count } = artefacts(example.text, example.name);
      const file = path.join(dir, `${example.name}.ps1`);
      fs.writeFileSync(file, dsc);
      const resources = dscResources(file);
      assert.strictEqual(resources.length, count);
      for (const r of resources) {
        assert.strictEqual(r.Node, 'DC01');
        assert.strictEqual(r.Properties.ValueType, 'Binary');
        assert.strictEqual(r.Properties.ValueData, hex);
        assert.strictEqual(r.Properties.Ensure, 'Present');
        assert.match(String(r.Properties.Key), /^HKEY_USERS\\S-1-5-1[89]\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections$/);
      }
    });
  }

  it('hostile manifest text stays data: no Jinja on the controller, no code in PowerShell', () => {
    const marker = path.join(dir, 'pwned');
    const hostile = `x{{ lookup('pipe', 'touch ${marker}') }}'"\n- hosts: all\u2028\u{1F600}$(touch ${marker})\`.json`;
    const example = examples[0];
    const { playbook, dsc } = artefacts(example.text, hostile);
    const file = path.join(dir, 'hostile.yml');
    fs.writeFileSync(file, playbook);
    syntaxCheck(file);
    // --list-tasks templates play names: without !unsafe the lookup would run here.
    const listed = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', '--list-tasks', file], { encoding: 'utf8', env, cwd: dir });
    assert.strictEqual(listed.status, 0, listed.stderr);
    assert.ok(!fs.existsSync(marker), 'a lookup in the manifest name ran on the controller');
    const plays = load(file) as unknown as Loaded[];
    assert.strictEqual(plays.length, 1, 'the text did not add a play');
    assert.ok(plays[0].name.unsafe.includes(`{{ lookup('pipe', 'touch ${marker}') }}`), 'the name is kept as unsafe text');
    const ps1 = path.join(dir, 'hostile.ps1');
    fs.writeFileSync(ps1, dsc);
    dscResources(ps1);
    assert.ok(!fs.existsSync(marker), 'the manifest name ran as PowerShell');
    assert.ok(
      dsc.split('\r\n').every((line) => !line.includes('\n')),
      'one line per line',
    );
  });

  it('method policy (v3): the policy values as REG_SZ and REG_DWORD in both engines', () => {
    const manifest = v3Manifest('policy');
    const playbook = generateDeploymentScript(manifest, 'ansible', 'v3.atpproxy.json');
    const dsc = generateDeploymentScript(manifest, 'dsc', 'v3.atpproxy.json');
    assert.ok(playbook.ok && dsc.ok);
    const yml = path.join(dir, 'policy.yml');
    fs.writeFileSync(yml, playbook.content);
    syntaxCheck(yml);
    const [play] = load(yml) as unknown as Loaded[];
    const expected = [
      ['HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'TelemetryProxyServer', 'string'],
      ['HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection', 'DisableEnterpriseAuthProxy', 'dword'],
      ['HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection', 'PreferStaticProxyForHttpRequest', 'dword'],
    ];
    assert.deepStrictEqual(
      play.vars.atp_proxy_values.map((v) => [v.path, v.name, v.type]),
      expected,
    );
    const values = play.vars.atp_proxy_values as unknown as { data: unknown }[];
    assert.deepStrictEqual(
      values.map((v) => v.data),
      [{ unsafe: 'proxy.contoso.com:8080' }, 1, 1],
    );
    const ps1 = path.join(dir, 'policy.ps1');
    fs.writeFileSync(ps1, dsc.content);
    assert.deepStrictEqual(
      dscResources(ps1).map((r) => [r.Properties.ValueName, r.Properties.ValueType, r.Properties.ValueData]),
      [
        ['TelemetryProxyServer', 'String', 'proxy.contoso.com:8080'],
        ['DisableEnterpriseAuthProxy', 'Dword', '1'],
        ['PreferStaticProxyForHttpRequest', 'Dword', '1'],
      ],
    );
  });

  describe('method sensor: the playbook runs the .ps1 steps through win_powershell', () => {
    interface SensorPlay {
      vars: { atp_proxy_url: { unsafe: string }; atp_proxy_user: { unsafe: string }; atp_proxy_script: { unsafe: string } };
      vars_prompt?: { name: string; private: boolean }[];
      tasks: { 'ansible.windows.win_powershell': { parameters: Record<string, string>; script: string }; when?: string; no_log?: boolean }[];
    }
    const USER = 'CONTOSO\\svc-{{ mdi }}';
    const PASSWORD = 'Pa55 "w0rd {{ x }}';

    function playbookFor(manifest: string): { file: string; play: SensorPlay } {
      const script = generateDeploymentScript(manifest, 'ansible', 'contoso.atpproxy.json');
      assert.ok(script.ok, script.ok ? '' : script.reason);
      const file = path.join(dir, 'sensor.yml');
      fs.writeFileSync(file, script.content);
      syntaxCheck(file);
      return { file, play: (load(file) as unknown as SensorPlay[])[0] };
    }

    /** Runs a task's PowerShell as win_powershell does, with the playbook's values for its parameters. */
    function runTask(
      task: SensorPlay['tasks'][number],
      values: Record<string, string>,
      sensorFolder: string,
      log: string,
    ): { changed: boolean; failed: boolean; result: { matches?: boolean } | null; error: string | null } {
      const scriptFile = path.join(dir, 'task.ps1');
      fs.writeFileSync(scriptFile, task['ansible.windows.win_powershell'].script);
      const parameters = Object.fromEntries(
        Object.entries(task['ansible.windows.win_powershell'].parameters).map(([name, template]) => {
          const variable = /\{\{ (\w+)/.exec(template)?.[1];
          return [name, variable ? (values[variable] ?? '') : template];
        }),
      );
      const parametersFile = path.join(dir, 'parameters.json');
      fs.writeFileSync(parametersFile, JSON.stringify(parameters));
      const out = execFileSync(
        pwshPath(),
        [
          '-NoProfile',
          '-NonInteractive',
          '-File',
          path.join(SUPPORT, 'run-ansible-powershell.ps1'),
          '-TaskScript',
          scriptFile,
          '-ParametersFile',
          parametersFile,
          '-ImageFolder',
          sensorFolder,
          '-Log',
          log,
        ],
        // ProgramData is where the .ps1 keeps its backups on Windows; Linux has none, so the sensor's lab folder stands in.
        { encoding: 'utf8', env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', NO_COLOR: '1', ProgramData: path.dirname(sensorFolder) } },
      );
      const line = out.split('\n').find((l) => l.startsWith('ANSIBLE-RESULT '));
      assert.ok(line, out);
      return JSON.parse(line.slice('ANSIBLE-RESULT '.length)) as {
        changed: boolean;
        failed: boolean;
        result: { matches?: boolean } | null;
        error: string | null;
      };
    }

    it('looks, sets through the Deployer with the prompted password, and a second run finds nothing to do', () => {
      const sensor = fakeSensor();
      try {
        const { play } = playbookFor(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }));
        assert.deepStrictEqual(
          play.vars_prompt?.map((p) => [p.name, p.private]),
          [['atp_proxy_password', true]],
        );
        assert.strictEqual(play.vars.atp_proxy_user.unsafe, USER, 'the account stays unsafe text');
        const [check, apply] = play.tasks;
        assert.strictEqual(apply.when, 'not atp_proxy_current.result.matches');
        assert.strictEqual(apply.no_log, true, 'the password is never logged');
        const expectedScript = generateDeploymentScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), 'ps1', 'contoso.atpproxy.json');
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
        assert.deepStrictEqual([first.changed, first.failed, first.result?.matches], [false, false, false], first.error ?? '');
        const set = runTask(apply, values, sensor.folder, log);
        assert.strictEqual(set.failed, false, set.error ?? '');
        assert.deepStrictEqual(sensor.runs(), [['ProxyUrl=http://proxy.contoso.com:8080', `ProxyUserName=${USER}`, `ProxyUserPassword=${PASSWORD}`]]);
        const second = runTask(check, values, sensor.folder, log);
        assert.deepStrictEqual([second.changed, second.failed, second.result?.matches], [false, false, true], 'a second run skips the Deployer');
      } finally {
        sensor.cleanup();
      }
    });

    it('its PowerShell has no parse errors', () => {
      const { play } = playbookFor(sensorManifest({ server: 'proxy.contoso.com:8080' }));
      assert.strictEqual(play.vars_prompt, undefined, 'no password asked without a proxy account');
      for (const inspection of inspectPowerShell(play.tasks.map((t) => t['ansible.windows.win_powershell'].script)))
        assert.deepStrictEqual(inspection.errors, []);
    });
  });
});
