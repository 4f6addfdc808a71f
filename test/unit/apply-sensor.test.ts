// Apply for method sensor (issue 13 item 3): the CLI through execFile against a stand-in Deployer that writes
// SensorConfiguration.json like the real one and fails on demand. Every fault must leave the backup, put the original
// bytes back and restart the updater; the password comes from ATP_PROXY_USER_PASSWORD and is never printed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { executeSensorPlan, planSensorApply } from '../../src/core/apply/sensorApply';
import { folderSensorMachine, imageFolder, windowsSensorMachine, type SensorMachine } from '../../src/core/apply/sensorMachine';
import type { Runner } from '../../src/core/apply/regExeBackend';
import { execFileRunner } from '../../src/core/apply/regExeBackend';
import { sensorDiskFiles } from '../../src/core/usecases/apply';
import { DiskIO } from './support/diskIO';
import { fakeSensor, sensorManifest, type FakeSensor } from './support/fakeSensor';

const PASSWORD = 'Pa55 "w0rd\\$(touch x)';
const USER = 'CONTOSO\\svc-mdi';
const FAULTS = ['exit', 'write-exit', 'garbage', 'wrong-url', 'wrong-user'];

describe('apply for method sensor (stand-in Deployer)', function () {
  this.timeout(30_000);
  let sensor: FakeSensor;
  let manifest: string;

  beforeEach(() => {
    sensor = fakeSensor();
    manifest = path.join(sensor.root, 'contoso.atpproxy.json');
    fs.writeFileSync(manifest, sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }));
  });
  afterEach(() => sensor.cleanup());

  async function apply(extra: string[] = [], env: NodeJS.ProcessEnv = { ATP_PROXY_USER_PASSWORD: PASSWORD }): Promise<DiskIO & { code: number }> {
    const io = new DiskIO(env);
    const code = await run(['apply', '--sensor-folder', sensor.folder, '--backup-dir', sensor.backups, ...extra, manifest], io);
    return Object.assign(io, { code });
  }

  const backups = (): string[] => (fs.existsSync(sensor.backups) ? fs.readdirSync(sensor.backups) : []);

  it('--dry-run prints the plan and changes nothing: no backup, no Deployer run, no password needed', async () => {
    const before = sensor.readConfig();
    const io = await apply(['--dry-run'], {});
    assert.strictEqual(io.code, 0, io.err);
    assert.match(io.out, /^Plan for .* \(dry run: nothing is changed\)$/m);
    assert.match(io.out, /Now: .*SensorConfiguration\.json holds no proxy/);
    assert.match(
      io.out,
      /Run .*Microsoft\.Tri\.Sensor\.Deployment\.Deployer\.exe ProxyUrl=http:\/\/proxy\.contoso\.com:8080 ProxyUserName=CONTOSO\\svc-mdi ProxyUserPassword=<password from ATP_PROXY_USER_PASSWORD>/,
    );
    assert.match(io.out, /On any failure: put the backup back and restart AATPSensorUpdater/);
    assert.strictEqual(sensor.readConfig(), before);
    assert.deepStrictEqual(backups(), []);
    assert.deepStrictEqual(sensor.runs(), []);
  });

  it('backs up, runs the Deployer with the password as its argument, verifies; the password is in no output and no child environment', async () => {
    const original = fs.readFileSync(sensor.config);
    const io = await apply([], { ATP_PROXY_USER_PASSWORD: PASSWORD, ATP_PROXY_CREDENTIALS: 'u:p@proxy:8080' });
    assert.strictEqual(io.code, 0, io.err);
    assert.deepStrictEqual(sensor.runs(), [['ProxyUrl=http://proxy.contoso.com:8080', `ProxyUserName=${USER}`, `ProxyUserPassword=${PASSWORD}`]]);
    assert.deepStrictEqual(sensor.secretsInEnv(), [[]]);
    const config = JSON.parse(sensor.readConfig()) as { SensorProxyConfiguration: { Url: string; UserName: string; EncryptedUserPasswordData: unknown } };
    assert.strictEqual(config.SensorProxyConfiguration.Url, 'http://proxy.contoso.com:8080');
    assert.strictEqual(config.SensorProxyConfiguration.UserName, USER);
    assert.ok(config.SensorProxyConfiguration.EncryptedUserPasswordData);
    const [backup] = backups();
    assert.match(backup, /^SensorConfiguration-\d{8}T\d{6}Z\.json$/);
    assert.deepStrictEqual(fs.readFileSync(path.join(sensor.backups, backup)), original);
    assert.match(io.out, /^Verified .*: Url http:\/\/proxy\.contoso\.com:8080, UserName CONTOSO\\svc-mdi, an encrypted password$/m);
    assert.match(io.out, /AATPSensorUpdater not restarted: the sensor folder was given/);
    assert.ok(!(io.out + io.err).includes('Pa55'), 'password printed');
  });

  for (const fault of FAULTS)
    it(`Deployer fault "${fault}": exit 1, the original bytes are put back, the backup stays, the password is not printed`, async () => {
      const original = fs.readFileSync(sensor.config);
      sensor.fault(fault);
      const io = await apply();
      assert.strictEqual(io.code, 1, io.out);
      assert.deepStrictEqual(fs.readFileSync(sensor.config), original);
      const [backup] = backups();
      assert.deepStrictEqual(fs.readFileSync(path.join(sensor.backups, backup)), original);
      assert.match(io.out, /^Restored .*SensorConfiguration\.json from .*SensorConfiguration-\d{8}T\d{6}Z\.json$/m);
      assert.match(io.err, /^atp-proxy apply: rolled-back: /);
      assert.ok(!(io.out + io.err).includes('Pa55'), 'password printed');
      assert.ok(!fs.existsSync(`${sensor.config}.atp-proxy-restore`));
    });

  it('names what went wrong: exit code, invalid JSON, the wrong Url or UserName', async () => {
    const reasons: Record<string, RegExp> = {
      exit: /Deployer\.exe ProxyUrl failed \(exit 3\): Deployer: simulated failure before writing \(arguments: .*ProxyUserPassword=\*\*\*\*\*\*\*\*\)/,
      garbage: /the configuration is not readable: .*SensorConfiguration\.json:\d+:\d+ \(byte \d+\): not valid JSON/,
      'wrong-url': /Url is "http:\/\/wrong\.example:3128" instead of "http:\/\/proxy\.contoso\.com:8080"/,
      'wrong-user': /UserName is "OTHER\\\\someone" instead of "CONTOSO\\\\svc-mdi"/,
    };
    for (const [fault, reason] of Object.entries(reasons)) {
      sensor.fault(fault);
      const io = await apply();
      assert.match(io.err, reason, fault);
    }
  });

  it('without ATP_PROXY_USER_PASSWORD: usage error naming it, nothing run or backed up; a password on the command line is not an option', async () => {
    const io = await apply([], {});
    assert.strictEqual(io.code, 2);
    assert.match(io.err, /set ATP_PROXY_USER_PASSWORD to the password of CONTOSO\\svc-mdi/);
    assert.deepStrictEqual(sensor.runs(), []);
    assert.deepStrictEqual(backups(), []);
    assert.strictEqual((await apply(['--password', 'x'])).code, 2);
  });

  it('a proxy without an account where the sensor has one: ClearProxyConfiguration first, then ProxyUrl (no account left behind)', async () => {
    assert.strictEqual((await apply()).code, 0);
    fs.writeFileSync(manifest, sensorManifest({ server: 'proxy2.contoso.com:3128' }));
    const io = await apply([], {});
    assert.strictEqual(io.code, 0, io.err);
    assert.deepStrictEqual(sensor.runs().slice(1), [['ClearProxyConfiguration'], ['ProxyUrl=http://proxy2.contoso.com:3128']]);
    const proxy = (JSON.parse(sensor.readConfig()) as { SensorProxyConfiguration: { Url: string; UserName: unknown } }).SensorProxyConfiguration;
    assert.deepStrictEqual([proxy.Url, proxy.UserName], ['http://proxy2.contoso.com:3128', null]);
    // Applied again: already there, nothing runs.
    const again = await apply([], {});
    assert.match(again.out, /^Nothing to do: SensorConfiguration\.json already holds the proxy http:\/\/proxy2\.contoso\.com:3128\.$/m);
    assert.strictEqual(sensor.runs().length, 3);
  });

  it('mode transparent: ClearProxyConfiguration, verified empty', async () => {
    assert.strictEqual((await apply()).code, 0);
    fs.writeFileSync(manifest, sensorManifest({ mode: 'transparent' }));
    const io = await apply([], {});
    assert.strictEqual(io.code, 0, io.err);
    assert.deepStrictEqual(sensor.runs().at(-1), ['ClearProxyConfiguration']);
    assert.strictEqual((JSON.parse(sensor.readConfig()) as { SensorProxyConfiguration: unknown }).SensorProxyConfiguration, null);
  });

  it('a configuration that is not valid JSON, or a folder without the Deployer, is refused (exit 1) before anything runs', async () => {
    fs.writeFileSync(sensor.config, '{"SensorProxyConfiguration": {"Url": 42}}');
    const wrongType = await apply();
    assert.strictEqual(wrongType.code, 1);
    assert.match(
      wrongType.err,
      /SensorConfiguration\.json:1:38 \(byte 37\): SensorProxyConfiguration\.Url is a number, expected a string or null.*nothing was changed/,
    );
    fs.writeFileSync(sensor.config, '{ "truncated": ');
    assert.match((await apply()).err, /SensorConfiguration\.json:1:16 \(byte 15\): not valid JSON: .*cut short.*nothing was changed/);
    fs.copyFileSync(path.resolve(__dirname, '../../../test/fixtures/sensorDeploy/SensorConfiguration.json'), sensor.config);
    fs.rmSync(sensor.deployer);
    const noDeployer = await apply();
    assert.strictEqual(noDeployer.code, 1);
    assert.match(noDeployer.err, /Deployer\.exe does not exist: is the sensor installed completely\? Nothing was changed\./);
    assert.deepStrictEqual(sensor.runs(), []);
    assert.deepStrictEqual(backups(), []);
  });

  it('hostile account names reach the Deployer as one argument each, never through a shell', async () => {
    const marker = path.join(sensor.root, 'pwned');
    for (const user of [`x" & touch ${marker} & "`, `$(touch ${marker})`, `\`touch ${marker}\``, `a\ntouch ${marker}`, `a'; touch ${marker}; '`]) {
      fs.writeFileSync(manifest, sensorManifest({ server: 'proxy.contoso.com:8080', user }, { instance: 'contoso' }));
      const io = await apply(['--force']);
      assert.strictEqual(io.code, 0, io.err);
      assert.strictEqual(sensor.runs().at(-1)?.[1], `ProxyUserName=${user}`);
    }
    assert.ok(!fs.existsSync(marker));
  });

  it('usage: --reg-command is for WinINET, --sensor-folder for sensor; off Windows a sensor manifest needs --sensor-folder', async () => {
    const reg = await apply(['--reg-command', 'wine reg']);
    assert.strictEqual(reg.code, 2);
    assert.match(reg.err, /--reg-command is for method wininet/);
    const io = new DiskIO({ ATP_PROXY_USER_PASSWORD: PASSWORD });
    assert.strictEqual(await run(['apply', manifest], io), 2);
    assert.match(io.err, /run it on Windows .* give --sensor-folder DIR/);
    const wininet = path.join(sensor.root, 'w.atpproxy.json');
    fs.copyFileSync(path.resolve(__dirname, '../../../examples/contoso-2018.atpproxy.jsonc'), wininet);
    const other = new DiskIO();
    assert.strictEqual(await run(['apply', '--dry-run', '--sensor-folder', sensor.folder, wininet], other), 2);
    assert.match(other.err, /--sensor-folder is for method sensor/);
  });
});

describe('sensor apply core: the updater is restarted after every fault and after success', function () {
  this.timeout(30_000);

  for (const fault of [undefined, ...FAULTS])
    it(fault ? `fault ${fault}` : 'success', async () => {
      const sensor = fakeSensor();
      try {
        const restarts: string[] = [];
        const base = folderSensorMachine(sensor.folder, undefined, execFileRunner);
        const machine: SensorMachine = { ...base, restartUpdater: () => (restarts.push('AATPSensorUpdater'), Promise.resolve({ ok: true })) };
        const files = sensorDiskFiles('linux', {});
        const target = { url: 'http://proxy.contoso.com:8080', user: USER };
        const planned = await planSensorApply(target, machine, files, { backupDir: sensor.backups, now: new Date(), passwordSource: 'test' });
        assert.ok(planned.ok);
        sensor.fault(fault);
        const report = await executeSensorPlan(planned.plan, machine, files, PASSWORD);
        assert.strictEqual(report.outcome, fault ? 'rolled-back' : 'applied', report.reason);
        assert.deepStrictEqual(restarts, ['AATPSensorUpdater']);
        assert.strictEqual(report.steps.at(-1), 'Restarted AATPSensorUpdater');
      } finally {
        sensor.cleanup();
      }
    });

  it('a restore that cannot be written is rollback-failed, naming the backup to copy by hand (a full disk, faked)', async () => {
    const sensor = fakeSensor();
    try {
      const machine: SensorMachine = { ...folderSensorMachine(sensor.folder, undefined, execFileRunner), restartUpdater: () => Promise.resolve({ ok: true }) };
      const disk = sensorDiskFiles('linux', {});
      const files = {
        ...disk,
        replace: () => {
          throw new Error('ENOSPC: no space left on device');
        },
      };
      const planned = await planSensorApply({ url: 'http://p.contoso.com:1' }, machine, files, {
        backupDir: sensor.backups,
        now: new Date(),
        passwordSource: 'test',
      });
      assert.ok(planned.ok);
      sensor.fault('wrong-url');
      const report = await executeSensorPlan(planned.plan, machine, files, '');
      assert.strictEqual(report.outcome, 'rollback-failed');
      assert.match(report.steps.join('\n'), /Could not restore .* \(ENOSPC: no space left on device\): copy .*SensorConfiguration-.*\.json over it by hand/);
    } finally {
      sensor.cleanup();
    }
  });
});

describe('sensor apply on Windows: locate and restart through System32 programs', () => {
  it('the sensor folder from the AATPSensor image path (quoted, unquoted, with %variables%)', () => {
    const env = { ProgramFiles: 'C:\\Program Files' };
    assert.strictEqual(
      imageFolder('"C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.1\\Microsoft.Tri.Sensor.exe" -service', env),
      'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.1',
    );
    assert.strictEqual(
      imageFolder('%ProgramFiles%\\Azure Advanced Threat Protection Sensor\\2.1\\Microsoft.Tri.Sensor.exe', env),
      'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.1',
    );
    assert.strictEqual(imageFolder('"unterminated', env), undefined);
    assert.strictEqual(imageFolder('relative\\Microsoft.Tri.Sensor.exe', env), undefined);
  });

  it('reg.exe query of the service, net.exe stop/start of the updater, both from %SystemRoot%\\System32 (no Windows here: a recorded runner)', async () => {
    const calls: string[][] = [];
    const runner: Runner = (file, args) => {
      calls.push([file, ...args]);
      if (args[0] === 'query')
        return Promise.resolve({
          code: 0,
          stdout:
            '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor\r\n    ImagePath    REG_EXPAND_SZ    "C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.1\\Microsoft.Tri.Sensor.exe"\r\n\r\n',
          stderr: '',
        });
      return Promise.resolve({ code: args[0] === 'stop' ? 2 : 0, stdout: '', stderr: '' });
    };
    const machine = windowsSensorMachine({ SystemRoot: 'D:\\Win' }, runner);
    const located = await machine.locate();
    assert.deepStrictEqual(located, {
      ok: true,
      folder: 'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.1',
      how: "from the AATPSensor service's image path",
    });
    assert.strictEqual(machine.deployer('C:\\S'), 'C:\\S\\Microsoft.Tri.Sensor.Deployment.Deployer.exe');
    assert.deepStrictEqual(await machine.restartUpdater(), { ok: true });
    assert.deepStrictEqual(calls, [
      ['D:\\Win\\System32\\reg.exe', 'query', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor', '/v', 'ImagePath'],
      ['D:\\Win\\System32\\net.exe', 'stop', 'AATPSensorUpdater'],
      ['D:\\Win\\System32\\net.exe', 'start', 'AATPSensorUpdater'],
    ]);
    const missing = windowsSensorMachine({}, () =>
      Promise.resolve({ code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' }),
    );
    const refused = await missing.locate();
    assert.ok(!refused.ok);
    assert.match(refused.reason, /the AATPSensor service is not installed .* is this a sensor machine\?/);
  });
});
