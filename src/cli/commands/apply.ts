import * as fs from 'fs';
import * as path from 'path';
import { describePlan } from '../../core/apply/describePlan';
import { BackupFiles, executePlan } from '../../core/apply/execute';
import { buildPlanSafely } from '../../core/apply/plan';
import { RegExeBackend, Runner, execFileRunner, splitCommand } from '../../core/apply/regExeBackend';
import { encodeManifestText } from '../../core/wininet/fromManifest';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { readManifest } from '../readManifest';
import { parseArgs, UsageError } from '../args';

/** Backup files on the real disk. */
const diskFiles: BackupFiles = {
  exists: (file) => fs.existsSync(file),
  ensureDir: (dir) => fs.mkdirSync(dir, { recursive: true }),
  size: (file) => (fs.existsSync(file) ? fs.statSync(file).size : undefined),
};

/** Where backups go unless --backup-dir says otherwise. */
function defaultBackupDir(io: CliIO): string {
  if (io.platform === 'win32') return path.join(io.env.ProgramData ?? 'C:\\ProgramData', 'AtpSensorProxy', 'Backup');
  return path.resolve('atp-proxy-backups');
}

/** atp-proxy apply [--dry-run] [--reg-command "CMD ARGS"] [--backup-dir DIR] FILE */
export async function applyCommand(argv: string[], io: CliIO, runner: Runner = execFileRunner, files: BackupFiles = diskFiles): Promise<number> {
  const args = parseArgs(argv, { flags: ['dry-run'], values: ['reg-command', 'backup-dir'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const regCommand = args.values.get('reg-command');
  let command: string[];
  if (regCommand !== undefined) {
    const words = splitCommand(regCommand);
    if ('error' in words) throw new UsageError(words.error);
    command = words;
  } else if (io.platform === 'win32') {
    command = ['reg.exe'];
  } else {
    throw new UsageError('apply changes the Windows registry: run it on Windows, or give --reg-command (for example --reg-command "wine reg")');
  }
  const file = args.positionals[0];
  const text = readManifest(io, file);
  const encoded = encodeManifestText(text);
  if (!encoded.ok) {
    io.stderr(`atp-proxy apply: ${file}: ${encoded.reason}\n`);
    return EXIT_USAGE;
  }
  const backupDir = path.resolve(args.values.get('backup-dir') ?? defaultBackupDir(io));
  const backend = new RegExeBackend(command, runner);
  const plan = await buildPlanSafely(backend, { manifest: encoded.manifest, encoded: encoded.settings, backupDir, now: new Date(), fileExists: files.exists });
  if (args.flags.has('dry-run')) {
    io.stdout(`Plan for ${file} (dry run: nothing is changed)\n${describePlan(plan)}`);
    return plan.refused ? EXIT_FAILED : EXIT_OK;
  }
  const report = await executePlan(plan, backend, files, { onProgress: (m) => io.stdout(`${m}\n`) });
  switch (report.outcome) {
    case 'applied':
      io.stdout('Applied. Restart the sensor services so they read the new settings.\n');
      return EXIT_OK;
    case 'skipped':
      io.stdout(`Nothing to do: ${report.reason}.\n`);
      return EXIT_OK;
    default:
      io.stderr(`atp-proxy apply: ${report.outcome}: ${report.reason}\n`);
      return EXIT_FAILED;
  }
}
