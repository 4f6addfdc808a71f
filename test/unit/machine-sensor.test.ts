// The sensor's SensorConfiguration.json in the Machine view: found from the AATPSensor service (an in-memory
// registry, the real fixture files), imported, compared with a manifest, and mixed methods flagged.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compareSensorConfiguration, mixedMethods } from '../../src/core/machine/compareSensor';
import { comparisonTexts } from '../../src/core/machine/compare';
import { folderOfImagePath, readLiveSensorConfiguration, SENSOR_SERVICE_KEY, windowsPathToFileUri } from '../../src/core/machine/sensorSource';
import { machineFromRegFile, readMachine } from '../../src/core/machine/snapshot';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import type { ManifestSettings } from '../../src/core/manifest/model';
import { readSensorConfiguration, type SensorConfiguration } from '../../src/core/sensorConfig/sensorConfiguration';
import { accountConnectionsKey } from '../../src/core/wininet/accounts';
import { encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_SZ, regString } from '../../src/core/wininet/regFile';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { CompareMachineCommand, ImportRegExportCommand, ImportSensorConfigurationCommand } from '../../src/extension/commands/machine';
import { MachineModel } from '../../src/extension/machine/machineModel';
import { machineNodes, type MachineNode } from '../../src/extension/machine/machineNodes';
import { fakeHost, manifestFile } from './support/fakeExtensionHost';
import { MemoryRegistry } from './support/memoryRegistry';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/sensor');
const bytesOf = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIXTURES, `${name}.SensorConfiguration.json`)));
function configOf(name: string): SensorConfiguration {
  const r = readSensorConfiguration(bytesOf(name));
  assert.ok(r.ok);
  return r.value;
}

const ALLOW = '"allow": ["contoso-corpsensorapi.atp.azure.com", "crl.microsoft.com", "ctldl.windowsupdate.com", "www.microsoft.com"]';
function manifest(proxy: string, extra = ''): string {
  return `{\n  "version": 1,\n  "instance": "contoso-corp",\n  "cloud": "commercial",${extra}\n  "proxy": ${proxy},\n  "firewall": { "port": 443, ${ALLOW}, "sslInspection": "none" }\n}\n`;
}
const SENSOR_METHOD = manifest('{ "mode": "static", "method": "sensor", "server": "proxy.contoso.com:8080", "user": "CONTOSO\\\\svc-mdi-proxy" }');
const settingsOfText = (text: string): ManifestSettings => settingsOf(parseManifest(text).manifest);
const SENSOR = settingsOfText(SENSOR_METHOD);

function verdicts(config: SensorConfiguration, settings: ManifestSettings | undefined): Record<string, string> {
  return Object.fromEntries(compareSensorConfiguration(config, settings).map((r) => [r.field, r.verdict.kind]));
}

const INSTALLED = 'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\';

describe('Machine: the sensor configuration', () => {
  it('finds the folder from ImagePath: quoted, unquoted with spaces, arguments, %VARIABLES%, \\??\\', () => {
    const env = { ProgramFiles: 'C:\\Program Files' };
    for (const imagePath of [
      `"${INSTALLED}Microsoft.Tri.Sensor.exe"`,
      `${INSTALLED}Microsoft.Tri.Sensor.exe`,
      `"${INSTALLED}Microsoft.Tri.Sensor.exe" -service`,
      `"%PROGRAMFILES%\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\Microsoft.Tri.Sensor.exe"`,
      `\\??\\${INSTALLED}Microsoft.Tri.Sensor.exe`,
    ])
      assert.strictEqual(folderOfImagePath(imagePath, env), INSTALLED, imagePath);
    assert.strictEqual(
      windowsPathToFileUri(`${INSTALLED}SensorConfiguration.json`),
      'file:///c%3A/Program%20Files/Azure%20Advanced%20Threat%20Protection%20Sensor/2.250.18972.18405/SensorConfiguration.json',
    );
  });

  it('reads the live file through the service ImagePath (REG_EXPAND_SZ), and says what to do without a service', async () => {
    const registry = new MemoryRegistry();
    const reads: string[] = [];
    const readFile = async (p: string): Promise<Uint8Array> => {
      reads.push(p);
      return bytesOf('setup-proxy-auth');
    };
    const absent = await readLiveSensorConfiguration(registry, readFile, {});
    assert.strictEqual(absent.kind, 'absent');
    assert.match(
      absent.kind === 'absent' ? absent.reason : '',
      /no AATPSensor service here.*Import a sensor's SensorConfiguration\.json \(from C:\\Program Files\\Azure Advanced Threat Protection Sensor\\<version>\\\)/,
    );
    assert.deepStrictEqual(reads, []);
    registry.set(SENSOR_SERVICE_KEY, 'ImagePath', {
      type: REG_EXPAND_SZ,
      data: regString('"%ProgramFiles%\\Azure Advanced Threat Protection Sensor\\2.250.18972.18405\\Microsoft.Tri.Sensor.exe"'),
    });
    const live = await readLiveSensorConfiguration(registry, readFile, { PROGRAMFILES: 'C:\\Program Files' });
    assert.deepStrictEqual(reads, [`${INSTALLED}SensorConfiguration.json`]);
    assert.deepStrictEqual(live, { kind: 'read', source: `${INSTALLED}SensorConfiguration.json`, value: configOf('setup-proxy-auth') });
    // A file that cannot be read, or is malformed, is unreadable with the reason and its place.
    const missing = await readLiveSensorConfiguration(registry, async () => Promise.reject(new Error('ENOENT')), { ProgramFiles: 'C:\\Program Files' });
    assert.match(missing.kind === 'unreadable' ? missing.reason : '', /cannot read C:\\Program Files\\.*SensorConfiguration\.json: ENOENT/);
    const cut = await readLiveSensorConfiguration(registry, async () => bytesOf('truncated'), { ProgramFiles: 'C:\\Program Files' });
    assert.match(cut.kind === 'unreadable' ? cut.reason : '', /SensorConfiguration\.json:10:25 \(byte 404\): not valid JSON/);
  });

  it('never opens a network path named by the service, nor a value of the wrong type', async () => {
    const registry = new MemoryRegistry();
    let reads = 0;
    const readFile = async (): Promise<Uint8Array> => {
      reads++;
      return bytesOf('setup-proxy-auth');
    };
    registry.set(SENSOR_SERVICE_KEY, 'ImagePath', { type: REG_SZ, data: regString('\\\\attacker\\share\\Microsoft.Tri.Sensor.exe') });
    const remote = await readLiveSensorConfiguration(registry, readFile, {});
    assert.match(remote.kind === 'unreadable' ? remote.reason : '', /network \(UNC\) path/);
    registry.set(SENSOR_SERVICE_KEY, 'ImagePath', { type: REG_DWORD, data: new Uint8Array(4) });
    assert.strictEqual((await readLiveSensorConfiguration(registry, readFile, {})).kind, 'unreadable');
    assert.strictEqual(reads, 0);
  });

  it('method sensor: the proxy by host and port (http://h:p against h:p), the user, the password, the API address', () => {
    assert.deepStrictEqual(verdicts(configOf('setup-proxy-auth'), SENSOR), { proxyUrl: 'same', userName: 'same', password: 'same', apiAddress: 'same' });
    const rows = compareSensorConfiguration(configOf('setup-proxy-auth'), SENSOR);
    assert.deepStrictEqual(
      rows.map((r) => [r.label, r.machine, r.manifest]),
      [
        ['Proxy URL', 'http://proxy.contoso.com:8080', 'http://proxy.contoso.com:8080'],
        ['User', 'CONTOSO\\svc-mdi-proxy', 'CONTOSO\\svc-mdi-proxy'],
        ['Password', 'yes', 'yes'],
        ['Sensor API address', 'contoso-corpsensorapi.atp.azure.com (port 443)', 'contoso-corpsensorapi.atp.azure.com:443'],
      ],
    );
    assert.deepStrictEqual(verdicts(configOf('module-ansi'), SENSOR), { proxyUrl: 'differs', userName: 'differs', password: 'same', apiAddress: 'differs' });
    // The per-protocol form: the HTTPS entry counts. No user in the manifest: a stored user and password differ.
    const perProtocol = settingsOfText(manifest('{ "mode": "static", "method": "sensor", "server": "http=other:1;https=PROXY.contoso.com.:8080" }'));
    assert.deepStrictEqual(verdicts(configOf('setup-proxy-auth'), perProtocol), {
      proxyUrl: 'same',
      userName: 'differs',
      password: 'differs',
      apiAddress: 'same',
    });
    // Another port on the same host differs.
    const otherPort = settingsOfText(
      manifest('{ "mode": "static", "method": "sensor", "server": "proxy.contoso.com:3128", "user": "contoso\\\\SVC-MDI-PROXY" }'),
    );
    assert.deepStrictEqual(verdicts(configOf('setup-proxy-auth'), otherPort), { proxyUrl: 'differs', userName: 'same', password: 'same', apiAddress: 'same' });
  });

  it('another method or no proxy: the sensor should hold none; a no-proxy file matches', () => {
    const wininet = settingsOfText(
      manifest(
        '{ "mode": "static", "method": "wininet", "server": "proxy.contoso.com:8080" }',
        '\n  "registry": { "targets": ["LocalSystem", "LocalService"], "backup": true },',
      ),
    );
    assert.deepStrictEqual(verdicts(configOf('setup-proxy-auth'), wininet), {
      proxyUrl: 'differs',
      userName: 'differs',
      password: 'differs',
      apiAddress: 'same',
    });
    assert.match(compareSensorConfiguration(configOf('setup-proxy-auth'), wininet)[0].manifest ?? '', /none: method wininet/);
    const direct = settingsOfText(manifest('{ "mode": "direct" }'));
    assert.deepStrictEqual(verdicts(configOf('no-proxy'), direct), { proxyUrl: 'same', userName: 'same', password: 'same', apiAddress: 'same' });
    const v3 = settingsOfText(manifest('{ "mode": "static", "method": "policy", "server": "proxy.contoso.com:8080" }', '\n  "sensor": "v3",'));
    assert.deepStrictEqual(verdicts(configOf('setup-proxy-auth'), v3), {
      proxyUrl: 'not-compared',
      userName: 'not-compared',
      password: 'not-compared',
      apiAddress: 'not-compared',
    });
    assert.deepStrictEqual(verdicts(configOf('setup-proxy-auth'), undefined), {
      proxyUrl: 'not-compared',
      userName: 'not-compared',
      password: 'not-compared',
      apiAddress: 'not-compared',
    });
  });

  it('flags mixed methods: SensorConfiguration.json and LocalService WinINET both hold proxies that disagree', async () => {
    const registry = new MemoryRegistry();
    registry.set(SENSOR_SERVICE_KEY, 'ImagePath', { type: REG_SZ, data: regString(`"${INSTALLED}Microsoft.Tri.Sensor.exe"`) });
    const wininet = (server: string): void =>
      registry.set(accountConnectionsKey('LocalService'), 'DefaultConnectionSettings', {
        type: REG_BINARY,
        data: encodeConnectionSettings(newConnectionSettings({ flags: 3, proxyServer: server, bypass: '<local>' })),
      });
    const read = async (): Promise<Uint8Array> => bytesOf('setup-proxy-auth');
    wininet('oldproxy.contoso.com:3128');
    const snapshot = await readMachine(registry, 'this machine (test)', { read, env: {} });
    const mixed = mixedMethods(snapshot);
    assert.ok(mixed);
    assert.match(mixed.message, /SensorConfiguration\.json has http:\/\/proxy\.contoso\.com:8080, LocalService's WinINET has oldproxy\.contoso\.com:3128/);
    const nodes = machineNodes(snapshot, SENSOR, 'sensor.atpproxy.jsonc');
    assert.deepStrictEqual(
      nodes.map((n) => n.id),
      ['source', 'mixed', 'policy', 'HKCU', 'LocalSystem', 'LocalService', 'HKLM', 'sensor'],
    );
    assert.strictEqual(nodes[1].icon, 'warning');
    assert.match(comparisonTexts(snapshot, SENSOR, 'sensor.atpproxy.jsonc').machine, /Mixed proxy methods: Two methods hold a proxy and disagree/);
    // The same proxy through both methods, or WinINET direct, is not mixed.
    wininet('https=PROXY.contoso.com:8080;http=x:1');
    assert.strictEqual(mixedMethods(await readMachine(registry, 't', { read, env: {} })), undefined);
    registry.set(accountConnectionsKey('LocalService'), 'DefaultConnectionSettings', {
      type: REG_BINARY,
      data: encodeConnectionSettings(newConnectionSettings({ flags: 1, proxyServer: 'oldproxy:3128', bypass: '' })),
    });
    assert.strictEqual(mixedMethods(await readMachine(registry, 't', { read, env: {} })), undefined);
    assert.strictEqual(mixedMethods(await readMachine(registry, 't', { read: async () => bytesOf('no-proxy'), env: {} })), undefined);
  });

  it('the view: an imported SensorConfiguration.json alone, beside a .reg export, refused when broken; Compare shows it', async () => {
    const file = manifestFile('sensor.atpproxy.jsonc');
    const exportUri = 'file:///ws/dc01.reg';
    const reg = `Windows Registry Editor Version 5.00\r\n\r\n[${accountConnectionsKey('LocalService')}]\r\n"DefaultConnectionSettings"=hex:${[
      ...encodeConnectionSettings(newConnectionSettings({ flags: 3, proxyServer: 'oldproxy:3128', bypass: '<local>' })),
    ]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(',')}\r\n`;
    const host = fakeHost({
      [file.uri]: SENSOR_METHOD,
      'file:///ws/SensorConfiguration.json': bytesOf('module-ansi'),
      'file:///ws/cut.SensorConfiguration.json': bytesOf('truncated'),
      [exportUri]: reg,
    });
    const manifests = { list: async () => [file] };
    const machine = new MachineModel({ ...host, workspace: { activeManifest: () => undefined } }, manifests);
    const deps = { machine, ui: host.ui, files: host.files, manifests };
    const imported = await new ImportSensorConfigurationCommand(deps).execute({
      uri: 'file:///ws/SensorConfiguration.json',
      name: 'SensorConfiguration.json',
      relativeDir: '',
    });
    assert.strictEqual(imported?.source, 'SensorConfiguration.json');
    let rows = await machine.nodes();
    assert.deepStrictEqual(
      rows.map((r) => r.id),
      ['source', 'sensor'],
      'no registry rows without a registry source',
    );
    const sensor = rows[1];
    assert.strictEqual(sensor.description, 'proxy http://oldproxy.fabrikam.com:3128 · differs from the manifest');
    assert.deepStrictEqual(
      (sensor.children ?? []).map((c: MachineNode) => [c.label, c.description, c.icon]),
      [
        ['Proxy URL', 'http://oldproxy.fabrikam.com:3128', 'diff'],
        ['User', 'FABRIKAM\\svc-josé', 'diff'],
        ['Password', 'yes (encrypted, not shown)', 'pass'],
        [
          'Sensor API address',
          'https://fabrikamsensorapi.atp.azure.com:443/ (port 443) · not the manifest’s instance (contoso-corpsensorapi.atp.azure.com:443)',
          'diff',
        ],
      ],
    );
    assert.match(sensor.children?.[0].tooltip ?? '', /Machine: http:\/\/oldproxy\.fabrikam\.com:3128\nManifest: http:\/\/proxy\.contoso\.com:8080/);
    // With a .reg export too: both, and the mixed-methods row.
    await new ImportRegExportCommand(deps).execute({ uri: exportUri, name: 'dc01.reg', relativeDir: '' });
    rows = await machine.nodes();
    assert.strictEqual(rows[0].label, 'Source: dc01.reg + SensorConfiguration.json');
    assert.deepStrictEqual(
      rows.map((r) => r.id),
      ['source', 'mixed', 'policy', 'HKCU', 'LocalSystem', 'LocalService', 'HKLM', 'sensor'],
    );
    // A broken file is refused with its place; the view keeps what it showed.
    await assert.rejects(
      new ImportSensorConfigurationCommand(deps).execute({
        uri: 'file:///ws/cut.SensorConfiguration.json',
        name: 'cut.SensorConfiguration.json',
        relativeDir: '',
      }),
      /Not a readable SensorConfiguration\.json: cut\.SensorConfiguration\.json:10:25 \(byte 404\): not valid JSON/,
    );
    assert.strictEqual((await machine.nodes())[0].label, 'Source: dc01.reg + SensorConfiguration.json');
    const texts = await new CompareMachineCommand(deps).execute(file);
    assert.match(texts.machine, /\[Sensor configuration\] SensorConfiguration\.json\n {2}Proxy URL +http:\/\/oldproxy\.fabrikam\.com:3128\n/);
    assert.match(
      texts.manifest,
      /\[Sensor configuration\] SensorConfiguration\.json\n {2}Proxy URL +http:\/\/proxy\.contoso\.com:8080\n {2}User +CONTOSO\\svc-mdi-proxy\n/,
    );
    assert.ok(!JSON.stringify(host.opened).includes('EncryptedBytes'), 'no encrypted bytes in any editor');
  });

  it('Compare with nothing read yet offers to import a SensorConfiguration.json', async () => {
    const file = manifestFile('sensor.atpproxy.jsonc');
    const host = fakeHost({ [file.uri]: SENSOR_METHOD, 'file:///ws/SensorConfiguration.json': bytesOf('setup-proxy-auth') });
    const manifests = { list: async () => [file] };
    const machine = new MachineModel({ ...host, workspace: { activeManifest: () => undefined } }, manifests);
    host.picks.push('Import a SensorConfiguration.json…');
    host.inputs.push('file:///ws/SensorConfiguration.json');
    const texts = await new CompareMachineCommand({ machine, ui: host.ui, files: host.files, manifests }).execute(file);
    assert.match(texts.machine, /^# SensorConfiguration\.json\n/);
    assert.match(texts.machine, /Sensor API address +contoso-corpsensorapi\.atp\.azure\.com \(port 443\)\n/);
    // A matching field reads as the machine has it on both sides, so the diff marks nothing there.
    assert.match(texts.manifest, /Sensor API address +contoso-corpsensorapi\.atp\.azure\.com \(port 443\)\n/);
    assert.doesNotMatch(texts.machine, /ProxySettingsPerUser/, 'no registry source, no policy line');
  });

  it('a .reg export alone says the sensor file must be imported too', () => {
    const file = parseRegFile(new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n', 'utf8')));
    assert.ok(file.ok);
    const nodes = machineNodes({ ...machineFromRegFile(file.value, 'x.reg'), sensor: { kind: 'absent', reason: 'import it' } }, SENSOR, 'm');
    assert.deepStrictEqual(
      nodes.filter((n) => n.id === 'sensor').map((n) => [n.description, n.tooltip]),
      [['not found', 'import it']],
    );
  });
});
