// Use case "apply": manifest text → plan (reads the registry, changes nothing) → execution with backup, read-back
// and rollback. `atp-proxy apply` and VS Code's Preview Apply / Apply are adapters around these functions.
import * as fs from 'fs';
import * as path from 'path';
import type { RegistryBackend } from '../apply/backend';
import type { BackupFiles } from '../apply/execute';
import { buildPlanSafely, type ApplyPlan } from '../apply/plan';
import type { Finding } from '../rules/finding';
import { encodeManifestText } from '../wininet/fromManifest';
import { blockingFindings, forcedNote, refusal } from './deployable';

export { describePlan } from '../apply/describePlan';
export { executePlan } from '../apply/execute';

/** What to tell the user once the values are written: the services read them when they start. */
export const RESTART_HINT = 'Restart the sensor services (Azure Advanced Threat Protection Sensor and Updater) so they read the new settings.';

/** Backup files on the real disk. */
export const diskFiles: BackupFiles = {
  exists: (file) => fs.existsSync(file),
  ensureDir: (dir) => fs.mkdirSync(dir, { recursive: true }),
  size: (file) => (fs.existsSync(file) ? fs.statSync(file).size : undefined),
};

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
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal('the manifest', blocking, options.override ?? 'force it'), blocking };
  const encoded = encodeManifestText(text);
  if (!encoded.ok) return { ok: false, reason: encoded.reason };
  const plan = await buildPlanSafely(backend, { manifest: encoded.manifest, encoded: encoded.settings, backupDir: options.backupDir, now: options.now, fileExists: options.files.exists });
  if (blocking.length > 0) plan.notes.unshift(forcedNote(blocking));
  return { ok: true, plan };
}
