import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/sensorDeploy');

/** A temporary sensor folder: SensorConfiguration.json and the stand-in Deployer under its real name. */
export interface FakeSensor {
  root: string;
  folder: string;
  config: string;
  deployer: string;
  backups: string;
  /** Each run's argv, in order (from FAKE_DEPLOYER_LOG). */
  runs(): string[][];
  /** Per run, the secret-bearing environment variables the Deployer inherited. */
  secretsInEnv(): string[][];
  /** Sets (or with undefined clears) the fault the next Deployer runs produce. */
  fault(kind: string | undefined): void;
  readConfig(): string;
  cleanup(): void;
}

function logged(log: string): { args: string[]; secretsInEnv: string[] }[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as { args: string[]; secretsInEnv: string[] });
}

/**
 * Creates a stand-in sensor. The launcher (a shell script named Microsoft.Tri.Sensor.Deployment.Deployer.exe) runs
 * test/fixtures/sensorDeploy/fake-deployer.mjs with this Node; the fault and folder travel as environment variables.
 */
export function fakeSensor(config?: object): FakeSensor {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-sensor-'));
  const folder = path.join(root, 'Azure Advanced Threat Protection Sensor', '2.250.18972.18405');
  fs.mkdirSync(folder, { recursive: true });
  const configFile = path.join(folder, 'SensorConfiguration.json');
  if (config) fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  else fs.copyFileSync(path.join(FIXTURES, 'SensorConfiguration.json'), configFile);
  const deployer = path.join(folder, 'Microsoft.Tri.Sensor.Deployment.Deployer.exe');
  const log = path.join(root, 'deployer-runs.jsonl');
  fs.writeFileSync(deployer, `#!/bin/sh\nexec '${process.execPath}' '${path.join(FIXTURES, 'fake-deployer.mjs')}' "$@"\n`, { mode: 0o755 });
  process.env.FAKE_DEPLOYER_FOLDER = folder;
  process.env.FAKE_DEPLOYER_LOG = log;
  delete process.env.FAKE_DEPLOYER_FAULT;
  return {
    root,
    folder,
    config: configFile,
    deployer,
    backups: path.join(root, 'backups'),
    runs: () => logged(log).map((r) => r.args),
    secretsInEnv: () => logged(log).map((r) => r.secretsInEnv),
    fault(kind) {
      if (kind === undefined) delete process.env.FAKE_DEPLOYER_FAULT;
      else process.env.FAKE_DEPLOYER_FAULT = kind;
    },
    readConfig: () => fs.readFileSync(configFile, 'utf8'),
    cleanup() {
      delete process.env.FAKE_DEPLOYER_FOLDER;
      delete process.env.FAKE_DEPLOYER_LOG;
      delete process.env.FAKE_DEPLOYER_FAULT;
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A manifest with method `sensor` and no error finding (with region and registry, so the rules before issue 13 pass it too). */
export function sensorManifest(proxy: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', method: 'sensor', ...proxy },
      registry: { targets: ['LocalSystem', 'LocalService'], backup: true },
      firewall: {
        port: 443,
        allow: [
          'contososensorapi.atp.azure.com',
          'triprd1wceun1sensorapi.atp.azure.com',
          'triprd1wceuw1sensorapi.atp.azure.com',
          'crl.microsoft.com',
          'ctldl.windowsupdate.com',
          'www.microsoft.com',
        ],
      },
      ...extra,
    },
    null,
    2,
  );
}
