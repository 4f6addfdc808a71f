// The generated method-sensor .ps1 run in real PowerShell 7.6.9 against the stand-in Deployer: it must find the
// sensor from the AATPSensor service, back up, run the Deployer, verify, and on every fault put the original bytes
// back and restart the updater. Hostile manifest strings stay data. Windows PowerShell 5.1 syntax only.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generateDeploymentScript } from '../../src/core/usecases/deploymentScript';
import { fakeSensor, sensorManifest, type FakeSensor } from '../unit/support/fakeSensor';
import { inspectPowerShell, pwshPath } from './support/powershell';
import { nextFreeBackup, takeBackupNames } from './support/takenBackups';

const RUNNER = path.resolve(__dirname, '../../../test/integration/support/run-sensor-script.ps1');
const USER = 'CONTOSO\\svc-mdi';
const PASSWORD = 'Pa55 "w0rd\\ $(x) `n';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  log: string[];
}

describe('method sensor .ps1 in PowerShell (stand-in Deployer)', function () {
  this.timeout(60_000);
  let sensor: FakeSensor;

  beforeEach(() => {
    sensor = fakeSensor();
  });
  afterEach(() => sensor.cleanup());

  function runScript(manifest: string, options: { user?: string; password?: string; lab?: boolean; force?: boolean } = {}): Run {
    const script = generateDeploymentScript(manifest, 'ps1', 'contoso.atpproxy.json', { force: options.force });
    assert.ok(script.ok, script.ok ? '' : script.reason);
    const file = path.join(sensor.root, 'deploy.ps1');
    fs.writeFileSync(file, script.content);
    const log = path.join(sensor.root, 'services.log');
    fs.rmSync(log, { force: true });
    const args = ['-NoProfile', '-NonInteractive', '-File', RUNNER, '-Script', file, '-ImageFolder', sensor.folder, '-BackupDir', sensor.backups, '-Log', log];
    if (options.user !== undefined) args.push('-User', options.user, '-Password', options.password ?? PASSWORD);
    if (options.lab) args.push('-LabParameters');
    const r = spawnSync(pwshPath(), args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, log: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [] };
  }

  const backups = (): string[] => (fs.existsSync(sensor.backups) ? fs.readdirSync(sensor.backups) : []);
  const proxyOf = (): { Url?: string; UserName?: string } | null =>
    (JSON.parse(sensor.readConfig()) as { SensorProxyConfiguration: { Url?: string; UserName?: string } | null }).SensorProxyConfiguration;

  it('locates the sensor from the AATPSensor service, backs up, runs the Deployer with the password typed at run time, verifies, restarts the updater', () => {
    const original = fs.readFileSync(sensor.config);
    const r = runScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), { user: USER });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(r.log, ["cim Win32_Service Name='AATPSensor'", 'restart AATPSensorUpdater']);
    assert.deepStrictEqual(sensor.runs(), [['ProxyUrl=http://proxy.contoso.com:8080', `ProxyUserName=${USER}`, `ProxyUserPassword=${PASSWORD}`]]);
    assert.deepStrictEqual([proxyOf()?.Url, proxyOf()?.UserName], ['http://proxy.contoso.com:8080', USER]);
    const [backup] = backups();
    assert.match(backup, /^SensorConfiguration-\d{8}-\d{6}\.json$/);
    assert.deepStrictEqual(fs.readFileSync(path.join(sensor.backups, backup)), original);
    assert.match(r.stdout, /^Verified .*: Url 'http:\/\/proxy\.contoso\.com:8080', UserName 'CONTOSO\\svc-mdi'$/m);
    assert.ok(!(r.stdout + r.stderr).includes('Pa55'), 'password printed');
  });

  it('a backup of the same second already there: the next free name, the earlier backups untouched', () => {
    // Every second the run could start in already has a backup (as after a run a moment ago): the script must not fail,
    // overwrite, or wait; it takes "-2".
    const taken = takeBackupNames(sensor.backups, (stamp) => `SensorConfiguration-${stamp}.json`);
    const original = fs.readFileSync(sensor.config);
    const r = runScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), { user: USER });
    assert.strictEqual(r.status, 0, r.stderr);
    const fresh = nextFreeBackup(sensor.backups, taken, '.json');
    assert.deepStrictEqual(fs.readFileSync(path.join(sensor.backups, fresh)), original);
  });

  for (const fault of ['exit', 'write-exit', 'garbage', 'wrong-url', 'wrong-user'])
    it(`fault "${fault}": fails, puts the original bytes back, keeps the backup, restarts the updater`, () => {
      const original = fs.readFileSync(sensor.config);
      sensor.fault(fault);
      const r = runScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), { user: USER });
      assert.notStrictEqual(r.status, 0);
      assert.deepStrictEqual(fs.readFileSync(sensor.config), original);
      assert.deepStrictEqual(fs.readFileSync(path.join(sensor.backups, backups()[0])), original);
      assert.deepStrictEqual(r.log.at(-1), 'restart AATPSensorUpdater');
      assert.match(r.stdout + r.stderr, /Restored .*SensorConfiguration\.json/);
      assert.match(r.stderr, /Failed and restored the previous configuration/);
      assert.ok(!(r.stdout + r.stderr).includes('Pa55'), 'password printed');
    });

  it('a credential for another account is refused before anything is backed up or run', () => {
    const r = runScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), { user: 'CONTOSO\\someone-else' });
    assert.notStrictEqual(r.status, 0);
    // PowerShell wraps the error's lines under a "|" margin.
    assert.match(
      r.stderr.replace(/\n\s*\|\s*/g, ' '),
      /The credential is for CONTOSO\\someone-else, but the manifest's proxy\.user is CONTOSO\\svc-mdi\. Nothing was changed\./,
    );
    assert.deepStrictEqual([sensor.runs(), backups()], [[], []]);
  });

  it('a proxy without an account where the sensor has one: ClearProxyConfiguration first; lab parameters: no service touched', () => {
    assert.strictEqual(runScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), { user: USER }).status, 0);
    const r = runScript(sensorManifest({ server: 'proxy2.contoso.com:3128' }), { lab: true });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(sensor.runs().slice(1), [['ClearProxyConfiguration'], ['ProxyUrl=http://proxy2.contoso.com:3128']]);
    assert.deepStrictEqual([proxyOf()?.Url, proxyOf()?.UserName], ['http://proxy2.contoso.com:3128', null]);
    assert.deepStrictEqual(r.log, []);
    assert.match(r.stdout, /AATPSensorUpdater not restarted \(-SkipServiceRestart\)/);
  });

  it('mode transparent clears the sensor proxy and verifies it empty', () => {
    const r = runScript(sensorManifest({ mode: 'transparent' }), { lab: true });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(sensor.runs(), [['ClearProxyConfiguration']]);
    assert.strictEqual(proxyOf(), null);
  });

  it('hostile account names and file names stay data: the Deployer gets them whole, no marker appears', () => {
    const marker = path.join(sensor.root, 'pwned');
    const users = [
      `x" & touch ${marker} & "`,
      `$(New-Item ${marker})`,
      `\`$(New-Item ${marker})\``,
      `a'; New-Item ${marker}; '`,
      `a\nNew-Item ${marker}`,
      `x\u2019; New-Item ${marker}; \u2018`,
    ];
    for (const user of users) {
      const r = runScript(sensorManifest({ server: 'proxy.contoso.com:8080', user }), { user, password: 'p', force: true });
      assert.strictEqual(r.status, 0, `${JSON.stringify(user)}: ${r.stderr}`);
      assert.strictEqual(sensor.runs().at(-1)?.[1], `ProxyUserName=${user}`);
      assert.strictEqual(proxyOf()?.UserName, user);
    }
    assert.ok(!fs.existsSync(marker));
  });

  it('parses with no error, in Windows PowerShell 5.1 syntax, with the same commands whatever the manifest holds', () => {
    const plain = generateDeploymentScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: USER }), 'ps1', 'm');
    const hostile = generateDeploymentScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: 'x\'$(calc)\n`"' }), 'ps1', "m'$(calc)", { force: true });
    const module = generateDeploymentScript(sensorManifest({ server: 'proxy.contoso.com:8080', user: 'x\'$(calc)\n`"' }), 'module', "m'$(calc)", {
      force: true,
    });
    assert.ok(plain.ok && hostile.ok && module.ok);
    const [p, h, m] = inspectPowerShell([plain.content, hostile.content, module.content]);
    assert.deepStrictEqual([p.errors, h.errors, m.errors], [[], [], []]);
    assert.deepStrictEqual(h.commands, p.commands);
    assert.strictEqual(h.values.ProxyUser, 'x\'$(calc)\n`"');
    assert.strictEqual(m.values.ProxyUser, 'x\'$(calc)\n`"');
    assert.ok(p.commands.includes('Get-CimInstance') && p.commands.includes('Get-Credential') && p.commands.includes('Restart-Service'));
    // 7-only syntax: ternary, && / ||, ?? and ??=, ?. and ?[].
    const file = path.join(sensor.root, 'check.ps1');
    fs.writeFileSync(file, plain.content);
    const found = execFileSync(
      pwshPath(),
      [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `$t = $null; $e = $null; $a = [System.Management.Automation.Language.Parser]::ParseFile('${file}', [ref]$t, [ref]$e); ` +
          "@($a.FindAll({ param($n) $n.GetType().Name -in @('TernaryExpressionAst', 'PipelineChainAst') -or ($n.GetType().Name -eq 'MemberExpressionAst' -and $n.NullConditional) }, $true)).Count + " +
          "@($t | Where-Object { $_.Kind -in @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr') }).Count",
      ],
      { encoding: 'utf8' },
    ).trim();
    assert.strictEqual(found, '0');
  });
});
