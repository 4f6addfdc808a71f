// Apply for method `sensor` (SPEC section 7): the generated .ps1's steps through execFile. Locate the sensor, back
// up SensorConfiguration.json, run Microsoft's Deployer, read the file back and verify Url/UserName; on any failure
// put the backup back and restart the updater. The configuration itself is only ever written by the Deployer (or
// replaced by its own backup copy).
import * as path from 'path';
import { differencesFrom, readSensorProxy, type SensorProxyState } from '../sensorDeploy/readBack';
import { deployerArguments, DEPLOYER_PROGRAM, SENSOR_CONFIGURATION, UPDATER_SERVICE, type SensorTarget } from '../sensorDeploy/target';
import type { SensorMachine } from './sensorMachine';

/** File operations of a sensor apply (the real disk in the product, a temporary folder in tests). */
export interface SensorFiles {
  read(file: string): Uint8Array;
  exists(file: string): boolean;
  /** Creates the folder when missing and restricts it (administrators and SYSTEM, or its owner). */
  ensurePrivateDir(dir: string): Promise<void>;
  /** Creates `file` with `bytes`, failing when anything is there (a backup never overwrites one). */
  writeExclusive(file: string, bytes: Uint8Array): void;
  /** Replaces `file` with `bytes` in one step (a temporary file renamed over it): the restore of a backup. */
  replace(file: string, bytes: Uint8Array): void;
}

/** What a sensor apply will do; computed without changing anything. */
export interface SensorPlan {
  folder: string;
  located: string;
  config: string;
  deployer: string;
  backup: string;
  before: SensorProxyState;
  target: SensorTarget;
  /** Each Deployer run's first argument (ClearProxyConfiguration or ProxyUrl=...): a clear runs first when needed. */
  steps: ('clear' | 'set')[];
  /** Why nothing needs doing (the configuration already holds the target, and there is no password to set). */
  unchanged?: string;
  /** Where the password comes from, for the plan (never the password). */
  passwordSource: string;
}

/** What happened. `rolled-back`: the backup was put back; `rollback-failed`: it could not be (restore it by hand). */
export interface SensorApplyReport {
  outcome: 'applied' | 'skipped' | 'failed' | 'rolled-back' | 'rollback-failed';
  reason?: string;
  steps: string[];
  backup?: string;
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads the sensor's configuration and plans the Deployer runs (changes nothing). */
export async function planSensorApply(
  target: SensorTarget,
  machine: SensorMachine,
  files: SensorFiles,
  options: { backupDir: string; now: Date; passwordSource: string },
): Promise<{ ok: true; plan: SensorPlan } | { ok: false; reason: string; refused: true }> {
  const located = await machine.locate();
  if (!located.ok) return { ok: false, refused: true, reason: `${located.reason} Nothing was changed.` };
  const config = path.join(located.folder, SENSOR_CONFIGURATION);
  const deployer = machine.deployer(located.folder);
  if (!files.exists(config))
    return { ok: false, refused: true, reason: `${config} does not exist: is ${located.folder} the sensor's folder? Nothing was changed.` };
  if (!files.exists(deployer))
    return { ok: false, refused: true, reason: `${deployer} does not exist: is the sensor installed completely? Nothing was changed.` };
  const read = readSensorProxy(files.read(config), config);
  if (!read.ok) return { ok: false, refused: true, reason: `${read.reason}: the Deployer would not read it either; nothing was changed.` };
  const before = read.state;
  const steps: ('clear' | 'set')[] = [];
  if (target.url === undefined || (target.user === undefined && before.userName !== undefined)) steps.push('clear');
  if (target.url !== undefined) steps.push('set');
  const base = path.join(options.backupDir, `SensorConfiguration-${stamp(options.now)}`);
  let backup = `${base}.json`;
  for (let n = 1; files.exists(backup); n++) backup = `${base}-${n}.json`;
  const unchanged =
    differencesFrom(target, before).length === 0 && target.user === undefined && !(target.url === undefined && before.hasPassword)
      ? `${SENSOR_CONFIGURATION} already holds ${target.url === undefined ? 'no proxy' : `the proxy ${target.url}`}`
      : undefined;
  return {
    ok: true,
    plan: { folder: located.folder, located: located.how, config, deployer, backup, before, target, steps, unchanged, passwordSource: options.passwordSource },
  };
}

function describeState(state: SensorProxyState): string {
  if (state.url === undefined) return 'no proxy';
  return `Url ${state.url}${state.userName === undefined ? '' : `, UserName ${state.userName}`}${state.hasPassword ? ', an encrypted password' : ''}`;
}

/** The plan as the lines `--dry-run` and the preview print. */
export function describeSensorPlan(plan: SensorPlan): string {
  const shown = (step: 'clear' | 'set'): string =>
    step === 'clear' ? 'ClearProxyConfiguration' : deployerArguments(plan.target, `<${plan.passwordSource}>`).join(' ');
  const lines = [
    `Sensor folder: ${plan.folder} (${plan.located})`,
    `Now: ${plan.config} holds ${describeState(plan.before)}`,
    `Wanted: ${plan.target.url === undefined ? 'no proxy' : `Url ${plan.target.url}${plan.target.user === undefined ? '' : `, UserName ${plan.target.user}`}`}`,
  ];
  if (plan.unchanged) return `${[...lines, `Nothing to do: ${plan.unchanged}.`].join('\n')}\n`;
  return `${[
    ...lines,
    `1. Back up ${SENSOR_CONFIGURATION} to ${plan.backup}`,
    ...plan.steps.map((s, i) => `${i + 2}. Run ${plan.deployer} ${shown(s)}`),
    `${plan.steps.length + 2}. Read ${SENSOR_CONFIGURATION} back and check Url and UserName`,
    `On any failure: put the backup back and restart ${UPDATER_SERVICE}. After success: restart ${UPDATER_SERVICE} so the sensor reads it.`,
  ].join('\n')}\n`;
}

/** Runs a plan: backup, Deployer, read-back; restores the backup and restarts the updater on any failure. */
export async function executeSensorPlan(
  plan: SensorPlan,
  machine: SensorMachine,
  files: SensorFiles,
  password: string,
  hooks: { onProgress?: (message: string) => void } = {},
): Promise<SensorApplyReport> {
  const report: SensorApplyReport = { outcome: 'failed', steps: [] };
  const say = (m: string): void => {
    report.steps.push(m);
    hooks.onProgress?.(m);
  };
  if (plan.unchanged) return { outcome: 'skipped', reason: plan.unchanged, steps: [] };
  if (plan.target.user !== undefined && plan.target.url !== undefined && password === '')
    return { outcome: 'failed', reason: `no password for ${plan.target.user}: nothing was changed`, steps: [] };
  const redact = (text: string): string => (password === '' ? text : text.split(password).join('********'));
  // Backup first: nothing runs without one.
  let original: Uint8Array;
  try {
    original = files.read(plan.config);
    await files.ensurePrivateDir(path.dirname(plan.backup));
    files.writeExclusive(plan.backup, original);
    if (!same(files.read(plan.backup), original)) throw new Error(`the backup ${plan.backup} does not match ${plan.config}`);
  } catch (error) {
    return { outcome: 'failed', reason: `backup failed (${message(error)}): nothing was changed`, steps: report.steps };
  }
  report.backup = plan.backup;
  say(`Backed up ${plan.config} to ${plan.backup}`);
  try {
    for (const step of plan.steps) {
      const args = step === 'clear' ? ['ClearProxyConfiguration'] : deployerArguments(plan.target, password);
      const r = await machine.run(plan.deployer, args);
      const name = args[0].split('=')[0];
      if (r.code !== 0) throw new Error(`${DEPLOYER_PROGRAM} ${name} failed (exit ${r.code}): ${redact(`${r.stderr} ${r.stdout}`.trim()) || 'no output'}`);
      say(`Ran ${DEPLOYER_PROGRAM} ${name}`);
    }
    const read = readSensorProxy(files.read(plan.config), plan.config);
    if (!read.ok) throw new Error(`after the Deployer ran, the configuration is not readable: ${read.reason}`);
    const differences = differencesFrom(plan.target, read.state);
    if (differences.length > 0)
      throw new Error(`after the Deployer ran, ${SENSOR_CONFIGURATION} does not hold the manifest's proxy: ${differences.join(', ')}`);
    say(`Verified ${plan.config}: ${describeState(read.state)}`);
  } catch (error) {
    report.reason = message(error);
    say(`Failed: ${report.reason}`);
    const problem = restore(plan, files, original);
    if (problem === undefined) {
      say(`Restored ${plan.config} from ${plan.backup}`);
      report.outcome = 'rolled-back';
    } else {
      say(`Could not restore ${plan.config} (${problem}): copy ${plan.backup} over it by hand`);
      report.outcome = 'rollback-failed';
    }
    await restart(machine, say);
    return report;
  }
  await restart(machine, say);
  report.outcome = 'applied';
  return report;
}

/** Puts the backup's bytes back; undefined when the file then holds them, else what went wrong. */
function restore(plan: SensorPlan, files: SensorFiles, original: Uint8Array): string | undefined {
  try {
    files.replace(plan.config, original);
    return same(files.read(plan.config), original) ? undefined : 'the file differs from the backup after restoring';
  } catch (error) {
    return message(error);
  }
}

async function restart(machine: SensorMachine, say: (m: string) => void): Promise<void> {
  const r = await machine.restartUpdater();
  if ('skipped' in r) say(r.skipped);
  else if (r.ok) say(`Restarted ${UPDATER_SERVICE}`);
  else say(`Could not restart ${UPDATER_SERVICE} (${r.detail}): restart it by hand`);
}
