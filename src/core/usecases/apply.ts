// Use case "apply": manifest text → plan (reads the registry, changes nothing) → execution with backup, read-back
// and rollback. `atp-proxy apply` and VS Code's Preview Apply / Apply are adapters around these functions.
import * as fs from 'fs';
import * as path from 'path';
import type { RegistryBackend } from '../apply/backend';
import type { BackupFiles } from '../apply/execute';
import { execFileRunner, type Runner } from '../apply/regExeBackend';
import { systemProgram } from '../apply/systemProgram';
import { buildPlanSafely, type ApplyPlan } from '../apply/plan';
import type { Finding } from '../rules/finding';
import { planSensorApply, type SensorFiles, type SensorPlan } from '../apply/sensorApply';
import type { SensorMachine } from '../apply/sensorMachine';
import { parseManifest, settingsOf } from '../manifest/parse';
import { sensorTargetOf } from '../sensorDeploy/target';
import { planMachineApply } from './machineMethod';
import { encodeManifestText } from '../wininet/fromManifest';
import { blockingFindings, forcedNote, refusal } from './deployable';
import { deploymentMethod } from './deploymentMethod';

export { describePlan } from '../apply/describePlan';
export { executePlan } from '../apply/execute';
export { describeSensorPlan, executeSensorPlan } from '../apply/sensorApply';

/** What to tell the user once the values are written: the services read them when they start. */
export const RESTART_HINT = 'Restart the sensor services (Azure Advanced Threat Protection Sensor and Updater) so they read the new settings.';

/**
 * The arguments that make a backup folder readable by administrators and SYSTEM only: backups hold the accounts'
 * proxy settings, and a folder users can write to (ProgramData's default) would let them swap a backup before a
 * restore. Inheritance is removed so no broader entry from the parent applies.
 */
function privateFolderAcl(dir: string): string[] {
  return [dir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F'];
}

/** Backup files on the real disk of `platform` (icacls through `run` on Windows). */
export function diskFiles(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, run: Runner = execFileRunner): BackupFiles {
  return {
    exists: (file) => fs.existsSync(file),
    async ensurePrivateDir(dir) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (platform !== 'win32') {
        // Also when the folder was there before: only its owner may list or change backups.
        fs.chmodSync(dir, 0o700);
        return;
      }
      const r = await run(systemProgram('icacls.exe', env), privateFolderAcl(dir));
      if (r.code !== 0) throw new Error(`could not restrict ${dir} to administrators (icacls: ${`${r.stderr} ${r.stdout}`.trim() || `exit ${r.code}`})`);
    },
    createExclusive: (file) => fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600)),
    removeEmpty(file) {
      if (fs.lstatSync(file).size === 0) fs.unlinkSync(file);
    },
    size: (file) => (fs.existsSync(file) ? fs.statSync(file).size : undefined),
  };
}

/**
 * Where backups go: the directory the user chose, else `%ProgramData%\AtpSensorProxy\Backup` on Windows, else
 * `elsewhere` (the CLI's working directory, the extension's storage).
 */
export function backupDirectory(chosen: string | undefined, platform: NodeJS.Platform, env: NodeJS.ProcessEnv, elsewhere: string): string {
  if (chosen?.trim()) return path.resolve(chosen.trim());
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'AtpSensorProxy', 'Backup');
  return elsewhere;
}

/** The plan for a manifest's text; or why the manifest cannot be applied (with the error findings, when they are why). */
export type PreparedApply = { ok: true; plan: ApplyPlan } | { ok: false; reason: string; blocking?: Finding[] };

/** How to plan: `force` applies a manifest with error findings; `override` names how the user forces it. */
export interface ApplyOptions {
  backupDir: string;
  now: Date;
  files: BackupFiles;
  force?: boolean;
  override?: string;
}

/**
 * Refuses a manifest with error findings (unless forced), encodes it and reads the registry through `backend` to plan
 * each write and backup (changes nothing).
 */
export async function planApply(text: string, backend: RegistryBackend, options: ApplyOptions): Promise<PreparedApply> {
  // Methods policy and winhttp write HKLM values: their own plan, executed the same way (backup, write, verify, rollback).
  const method = deploymentMethod(settingsOf(parseManifest(text).manifest));
  if (method === 'policy' || method === 'winhttp') return planMachineApply(text, backend, options);
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal('the manifest', blocking, options.override ?? 'force it'), blocking };
  const encoded = encodeManifestText(text);
  if (!encoded.ok) return { ok: false, reason: encoded.reason };
  const plan = await buildPlanSafely(backend, {
    manifest: encoded.manifest,
    encoded: encoded.settings,
    backupDir: options.backupDir,
    now: options.now,
    fileExists: (file) => options.files.exists(file),
  });
  if (blocking.length > 0) plan.notes.unshift(forcedNote(blocking));
  return { ok: true, plan };
}

/** The apply a manifest asks for: `sensor` (the Deployer), or `registry` (WinINET, also without a method; policy; winhttp). */
export function applyMethod(text: string): { kind: 'sensor' | 'registry' } {
  const manifest = settingsOf(parseManifest(text).manifest);
  return { kind: deploymentMethod(manifest) === 'sensor' ? 'sensor' : 'registry' };
}

/** Sensor backups and restores on the real disk (a private backup folder as for registry backups). */
export function sensorDiskFiles(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, run: Runner = execFileRunner): SensorFiles {
  const backups = diskFiles(platform, env, run);
  return {
    read: (file) => fs.readFileSync(file),
    exists: (file) => fs.existsSync(file),
    ensurePrivateDir: (dir) => backups.ensurePrivateDir(dir),
    writeExclusive(file, bytes) {
      const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      try {
        fs.writeSync(fd, bytes);
      } finally {
        fs.closeSync(fd);
      }
    },
    replace(file, bytes) {
      const temporary = `${file}.atp-proxy-restore`;
      fs.writeFileSync(temporary, bytes, { flag: 'w' });
      fs.renameSync(temporary, file);
    },
  };
}

/** How to plan a sensor apply: as {@link ApplyOptions}, with where the password comes from (named in the plan). */
export interface SensorApplyOptions {
  backupDir: string;
  now: Date;
  files: SensorFiles;
  passwordSource: string;
  force?: boolean;
  override?: string;
}

/** The plan of a sensor apply, or why there is none (with the error findings, or `refused` when the machine is why). */
export type PreparedSensorApply = { ok: true; plan: SensorPlan } | { ok: false; reason: string; blocking?: Finding[]; refused?: true };

/** Refuses a manifest with error findings (unless forced), and plans the Deployer runs for method `sensor` (changes nothing). */
export async function planSensorApplyFor(text: string, machine: SensorMachine, options: SensorApplyOptions): Promise<PreparedSensorApply> {
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal('the manifest', blocking, options.override ?? 'force it'), blocking };
  const target = sensorTargetOf(settingsOf(parseManifest(text).manifest));
  if (!target.ok) return target;
  return planSensorApply(target.target, machine, options.files, options);
}
