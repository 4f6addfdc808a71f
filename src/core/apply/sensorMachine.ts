// Where apply finds the Defender for Identity sensor and how it restarts the updater: on Windows from the AATPSensor
// service (reg.exe query of its image path, net.exe for the service), both from System32; in a lab, a given folder.
import * as path from 'path';
import { folderOfImagePath } from '../machine/sensorSource';
import { DEPLOYER_PROGRAM, SENSOR_SERVICE, UPDATER_SERVICE } from '../sensorDeploy/target';
import type { Runner } from './regExeBackend';
import { systemProgram } from './systemProgram';

/** What a service restart did. */
type RestartResult = { ok: true } | { ok: false; detail: string } | { skipped: string };

/** The machine a sensor apply works on. */
export interface SensorMachine {
  /** The sensor's folder (SensorConfiguration.json, the Deployer) and how it was found, for the plan. */
  locate(): Promise<{ ok: true; folder: string; how: string } | { ok: false; reason: string }>;
  /** The Deployer program of a sensor folder. */
  deployer(folder: string): string;
  /** Runs a program with an argument array (never a shell). */
  run: Runner;
  /** Restarts AATPSensorUpdater (which restarts the sensor), or says why it does not. */
  restartUpdater(): Promise<RestartResult>;
}

const SERVICE_KEY = `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${SENSOR_SERVICE}`;

/**
 * The folder of a service image path (`"C:\\...\\Microsoft.Tri.Sensor.exe" args`, %variables% expanded from `env`), read
 * as the Machine view reads it; only a local drive path, never a network or relative one, is a folder apply works in.
 */
export function imageFolder(imagePath: string, env: NodeJS.ProcessEnv): string | undefined {
  const folder = folderOfImagePath(imagePath, env);
  return /^[A-Za-z]:\\/.test(folder) ? folder.replace(/\\+$/, '') : undefined;
}

/** The installed sensor of this Windows machine. */
export function windowsSensorMachine(env: NodeJS.ProcessEnv, run: Runner): SensorMachine {
  return {
    async locate() {
      const r = await run(systemProgram('reg.exe', env), ['query', SERVICE_KEY, '/v', 'ImagePath']);
      if (r.code !== 0)
        return {
          ok: false,
          reason: `the ${SENSOR_SERVICE} service is not installed (reg query ${SERVICE_KEY}: ${`${r.stderr} ${r.stdout}`.trim() || `exit ${r.code}`}): is this a sensor machine?`,
        };
      const line = /^\s*ImagePath\s+REG_(?:EXPAND_)?SZ\s+(.+?)\s*$/im.exec(r.stdout);
      const folder = line ? imageFolder(line[1], env) : undefined;
      if (!folder) return { ok: false, reason: `the ${SENSOR_SERVICE} service's image path is not a program path (${line ? line[1] : 'none'})` };
      return { ok: true, folder, how: `from the ${SENSOR_SERVICE} service's image path` };
    },
    deployer: (folder) => path.win32.join(folder, DEPLOYER_PROGRAM),
    run,
    async restartUpdater() {
      const net = systemProgram('net.exe', env);
      // A stopped service answers stop with an error; start decides.
      await run(net, ['stop', UPDATER_SERVICE]);
      const r = await run(net, ['start', UPDATER_SERVICE]);
      return r.code === 0 ? { ok: true } : { ok: false, detail: `net start ${UPDATER_SERVICE}: ${`${r.stderr} ${r.stdout}`.trim() || `exit ${r.code}`}` };
    },
  };
}

/** A sensor folder given by the user (labs, tests): the Deployer in it unless another is named; no services to restart. */
export function folderSensorMachine(folder: string, deployer: string | undefined, run: Runner): SensorMachine {
  return {
    locate: () => Promise.resolve({ ok: true, folder: path.resolve(folder), how: 'given (lab: no sensor services are restarted)' }),
    deployer: (f) => (deployer === undefined ? path.join(f, DEPLOYER_PROGRAM) : path.resolve(deployer)),
    run,
    restartUpdater: () => Promise.resolve({ skipped: `${UPDATER_SERVICE} not restarted: the sensor folder was given, not the installed sensor's` }),
  };
}
