// Preview Apply and Apply for method `sensor`: the Deployer steps of core (backup, run, verify, restore) with the
// password asked for in a password box, never stored. On Windows the installed sensor; in Test/Development mode a
// lab sensor folder from ATP_PROXY_LAB_SENSOR_FOLDER (and ATP_PROXY_LAB_DEPLOYER), as the host tests use.
import type { SensorApplyReport, SensorPlan } from '../../core/apply/sensorApply';
import type { SensorMachine } from '../../core/apply/sensorMachine';
import { markdownFence, markdownText } from '../../core/text/markdown';
import type { ExtensionHost, ManifestFile } from '../host';
import { UserError } from '../commands/command';
import { CancelledError } from '../commands/manifestTarget';

type Deps = Pick<ExtensionHost, 'ui' | 'progress' | 'environment' | 'log' | 'window'>;

/** Lab variables (Test/Development mode only): a stand-in sensor folder and Deployer. */
const LAB_FOLDER = 'ATP_PROXY_LAB_SENSOR_FOLDER';
const LAB_DEPLOYER = 'ATP_PROXY_LAB_DEPLOYER';

/** A planned sensor apply, with what runs it. */
export interface PreparedSensor {
  plan: SensorPlan;
  machine: SensorMachine;
  engine: typeof import('../../core/usecases/apply');
}

/** The sensor of this machine, or why apply cannot reach one. */
async function machineFor(deps: Deps, fileName: string): Promise<SensorMachine> {
  const { execFileRunner } = await import(/* webpackChunkName: "apply" */ '../../core/apply/regExeBackend');
  const { folderSensorMachine, windowsSensorMachine } = await import(/* webpackChunkName: "apply" */ '../../core/apply/sensorMachine');
  const { env, platform, labOverrides } = deps.environment;
  const lab = labOverrides ? env[LAB_FOLDER]?.trim() : undefined;
  if (lab) return folderSensorMachine(lab, env[LAB_DEPLOYER]?.trim() || undefined, execFileRunner);
  if (platform === 'win32') return windowsSensorMachine(env, execFileRunner);
  throw new UserError(
    `Cannot apply ${fileName} here: method sensor runs Microsoft's Deployer on the sensor machine (Windows). "Generate Deployment Script" writes a .ps1 to run there.`,
  );
}

/** Reads the sensor's configuration and plans the Deployer runs (no change). */
export async function prepareSensor(deps: Deps, file: ManifestFile, text: string, backupDir: string, action: string): Promise<PreparedSensor> {
  const machine = await machineFor(deps, file.name);
  const engine = await import(/* webpackChunkName: "apply" */ '../../core/usecases/apply');
  const prepared = await engine.planSensorApplyFor(text, machine, {
    backupDir,
    now: new Date(),
    // Backups are files on the disk the extension host runs on: its own platform decides how they are protected.
    files: engine.sensorDiskFiles(process.platform, process.env),
    passwordSource: 'password asked for when applying',
    override: 'run "atp-proxy apply --force"',
  });
  if (!prepared.ok) throw new UserError(`Cannot ${action} ${file.name}: ${prepared.reason}`);
  deps.log.info(`apply plan for ${file.name} (method sensor, backups in ${backupDir}):\n${engine.describeSensorPlan(prepared.plan)}`);
  return { plan: prepared.plan, machine, engine };
}

/** Preview Apply's document for method sensor. */
export function sensorPlanMarkdown(prepared: PreparedSensor, manifestName: string): string {
  const described = prepared.engine.describeSensorPlan(prepared.plan);
  const fence = markdownFence(described);
  return [
    `# Apply plan for ${markdownText(manifestName)} (method sensor)`,
    '',
    "Preview only: nothing has been changed. **Apply** backs up SensorConfiguration.json, runs the sensor's Deployer, reads the file back, and on any failure puts the backup back and restarts the updater. The password of the proxy account is asked for when applying and never stored.",
    '',
    `${fence}text`,
    described.trimEnd(),
    fence,
    '',
  ].join('\n');
}

/** Apply for method sensor: confirmation, the password, then the Deployer steps with progress. */
export async function applySensor(deps: Deps, file: ManifestFile, prepared: PreparedSensor): Promise<SensorApplyReport> {
  const { plan, machine, engine } = prepared;
  if (plan.unchanged) {
    deps.window.showInformationMessage(`Nothing to apply for ${file.name}: ${plan.unchanged}.`);
    return { outcome: 'skipped', reason: plan.unchanged, steps: [] };
  }
  const detail = [
    `Runs the sensor's Deployer in ${plan.folder} for ${plan.target.url === undefined ? 'no proxy' : plan.target.url}${plan.target.user === undefined ? '' : ` with the account ${plan.target.user}`}.`,
    `Backs up SensorConfiguration.json first to ${plan.backup}; reads it back; any failure puts the backup back and restarts AATPSensorUpdater.`,
  ].join('\n');
  const choice = await deps.ui.ask('warning', `Apply ${file.name} to this machine's sensor?`, { modal: true, detail }, 'Apply');
  if (choice !== 'Apply') throw new CancelledError();
  let password = '';
  if (plan.target.url !== undefined && plan.target.user !== undefined) {
    const given = await deps.ui.input({
      title: `Proxy password for ${plan.target.user}`,
      prompt: `The password of ${plan.target.user} on the proxy: handed to the sensor's Deployer, which stores it encrypted. It is not kept by the extension.`,
      password: true,
      validate: (value) => (value === '' ? 'Type the password (the Deployer needs it with the account)' : undefined),
    });
    if (given === undefined) throw new CancelledError();
    password = given;
  }
  const report = await deps.progress.withProgress(`Applying ${file.name}`, (progress) =>
    engine.executeSensorPlan(plan, machine, engine.sensorDiskFiles(process.platform, process.env), password, {
      onProgress: (m) => {
        deps.log.info(`apply ${file.name}: ${m}`);
        progress(m);
      },
    }),
  );
  if (report.outcome === 'applied') {
    deps.window.showInformationMessage(`Applied ${file.name} to the sensor (backup: ${report.backup ?? 'none'}).`);
    return report;
  }
  if (report.outcome === 'skipped') return report;
  throw new UserError(`Apply of ${file.name} ${report.outcome}: ${report.reason ?? ''}`);
}
