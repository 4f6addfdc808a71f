// The editor side of method sensor: Generate Deployment Script offers the formats that fit the manifest's method,
// and Preview Apply / Apply run the Deployer steps of core, asking the password in a password box.
import * as assert from 'assert';
import * as fs from 'fs';
import type * as sinon from 'sinon';
import { ApplyCommand, PreviewApplyCommand } from '../../src/extension/commands/apply';
import { GenerateScriptCommand } from '../../src/extension/commands/generateScript';
import { CancelledError } from '../../src/extension/commands/manifestTarget';
import { fakeHost, manifestFile } from './support/fakeExtensionHost';
import { fakeSensor, sensorManifest, type FakeSensor } from './support/fakeSensor';

const FILE = manifestFile('contoso.atpproxy.json');
const USER = 'CONTOSO\\svc-mdi';
const SENSOR = sensorManifest({ server: 'proxy.contoso.com:8080', user: USER });

describe('extension: Generate Deployment Script per method', () => {
  it('offers ps1, cmd and module for method sensor (the .ps1 described as the Deployer script), WinINET formats otherwise', async () => {
    const host = fakeHost({ [FILE.uri]: SENSOR });
    const command = new GenerateScriptCommand({ manifests: { list: async () => [FILE] }, ui: host.ui, files: host.files });
    host.picks.push('cmd');
    const cmd = await command.execute(FILE);
    const [items, options] = (host.ui.pick as sinon.SinonSpy).lastCall.args as [{ value: string; detail: string }[], { title: string }];
    assert.deepStrictEqual(
      items.map((i) => i.value),
      ['ps1', 'cmd', 'module', 'ansible'],
    );
    assert.match(items[0].detail, /SensorConfiguration\.json.*Deployer/);
    assert.match(options.title, /method sensor/);
    assert.match(cmd, /"Azure ATP sensor Setup\.exe" \/quiet/);
    assert.strictEqual(host.opened.at(-1)?.language, 'bat');
    assert.match(await command.execute(FILE, 'module'), /Set-MDISensorProxyConfiguration/);
    await assert.rejects(command.execute(FILE, 'reg'), /--format reg does not fit method sensor: its formats are ps1, cmd, module, ansible/);
  });

  it('a v2 manifest naming a v3 method (ATP147) asks before generating anyway', async () => {
    const host = fakeHost({ [FILE.uri]: sensorManifest({ server: 'proxy.contoso.com:8080', method: 'policy' }) });
    const command = new GenerateScriptCommand({ manifests: { list: async () => [FILE] }, ui: host.ui, files: host.files });
    await assert.rejects(command.execute(FILE, 'reg'), /cancelled/);
    assert.match(JSON.stringify((host.ui.ask as sinon.SinonSpy).lastCall.args), /ATP147/);
  });
});

describe('extension: Preview Apply and Apply for method sensor (lab sensor folder, stand-in Deployer)', function () {
  this.timeout(30_000);
  let sensor: FakeSensor;
  beforeEach(() => {
    sensor = fakeSensor();
  });
  afterEach(() => sensor.cleanup());

  function setup(text = SENSOR, lab = true) {
    const host = fakeHost({ [FILE.uri]: text });
    host.trusted = true;
    host.userSettings['registry.backupDirectory'] = sensor.backups;
    if (lab) host.environment.env.ATP_PROXY_LAB_SENSOR_FOLDER = sensor.folder;
    let refreshed = 0;
    const deps = { ...host, manifests: { list: async () => [FILE] }, machine: { refresh: () => void refreshed++ } };
    return { host, deps, refreshed: () => refreshed };
  }

  it('previews the Deployer plan, changing nothing', async () => {
    const { deps } = setup();
    const markdown = await new PreviewApplyCommand(deps).execute(FILE);
    assert.match(markdown, /^# Apply plan for contoso\\\.atpproxy\\\.json \(method sensor\)/);
    assert.match(markdown, /ProxyUserPassword=<password asked for when applying>/);
    assert.deepStrictEqual(sensor.runs(), []);
    assert.ok(!fs.existsSync(sensor.backups));
  });

  it('asks to confirm, then the password in a password box; applies, verifies and refreshes the Machine view', async () => {
    const { host, deps, refreshed } = setup();
    host.answers.push('Apply');
    host.inputs.push('s3cret pass');
    const report = await new ApplyCommand(deps).execute(FILE);
    assert.strictEqual(report.outcome, 'applied');
    const input = (host.ui.input as sinon.SinonSpy).lastCall.args[0] as { password: boolean; title: string };
    assert.deepStrictEqual([input.password, input.title], [true, `Proxy password for ${USER}`]);
    assert.deepStrictEqual(sensor.runs(), [['ProxyUrl=http://proxy.contoso.com:8080', `ProxyUserName=${USER}`, 'ProxyUserPassword=s3cret pass']]);
    assert.strictEqual(refreshed(), 1);
    assert.ok(!JSON.stringify((host.log.info as sinon.SinonSpy).args).includes('s3cret'));
  });

  it('dismissed confirmation or password box: nothing runs, nothing is backed up', async () => {
    const { host, deps } = setup();
    host.answers.push(undefined);
    await assert.rejects(new ApplyCommand(deps).execute(FILE), CancelledError);
    host.answers.push('Apply');
    host.inputs.push(undefined);
    await assert.rejects(new ApplyCommand(deps).execute(FILE), CancelledError);
    assert.deepStrictEqual(sensor.runs(), []);
    assert.ok(!fs.existsSync(sensor.backups));
  });

  it('a Deployer fault: the error says rolled-back, the configuration is the original', async () => {
    const { host, deps } = setup();
    const original = sensor.readConfig();
    sensor.fault('wrong-url');
    host.answers.push('Apply');
    host.inputs.push('pw');
    await assert.rejects(new ApplyCommand(deps).execute(FILE), /Apply of contoso\.atpproxy\.json rolled-back: .*Url is "http:\/\/wrong\.example:3128"/);
    assert.strictEqual(sensor.readConfig(), original);
  });

  it('off Windows without a lab folder: says to generate the .ps1 instead', async () => {
    const { deps } = setup(SENSOR, false);
    await assert.rejects(
      new PreviewApplyCommand(deps).execute(FILE),
      /method sensor runs Microsoft's Deployer on the sensor machine \(Windows\)\. "Generate Deployment Script" writes a \.ps1/,
    );
  });

  it('the lab folder is ignored in Production mode', async () => {
    const { host, deps } = setup();
    (host.environment as { labOverrides: boolean }).labOverrides = false;
    await assert.rejects(new PreviewApplyCommand(deps).execute(FILE), /on the sensor machine \(Windows\)/);
  });
});
