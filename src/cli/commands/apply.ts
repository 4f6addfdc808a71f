import * as path from 'path';
import { RegExeBackend, Runner, execFileRunner, splitCommand } from '../../core/apply/regExeBackend';
import type { BackupFiles } from '../../core/apply/execute';
import { backupDirectory, describePlan, diskFiles, executePlan, planApply, RESTART_HINT } from '../../core/usecases/apply';
import { findingLines } from '../../core/usecases/deployable';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { readManifest } from '../readManifest';
import { parseArgs, UsageError } from '../args';
/** atp-proxy apply [--dry-run] [--force] [--reg-command "CMD ARGS"] [--backup-dir DIR] FILE */
export async function applyCommand(argv: string[], io: CliIO, runner: Runner = execFileRunner, files: BackupFiles = diskFiles): Promise<number> {
  const args = parseArgs(argv, { flags: ['dry-run', 'force'], values: ['reg-command', 'backup-dir'] });
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
  const backupDir = backupDirectory(args.values.get('backup-dir'), io.platform, io.env, path.resolve('atp-proxy-backups'));
  const backend = new RegExeBackend(command, runner);
  const prepared = await planApply(text, backend, { backupDir, now: new Date(), files, force: args.flags.has('force'), override: 'give --force' });
  if (!prepared.ok && prepared.blocking) {
    io.stderr(`${findingLines(file, text, prepared.blocking).join('\n')}\natp-proxy apply: ${file}: ${prepared.reason}\n`);
    return EXIT_FAILED;
  }
  if (!prepared.ok) {
    io.stderr(`atp-proxy apply: ${file}: ${prepared.reason}\n`);
    return EXIT_USAGE;
  }
  const { plan } = prepared;
  if (args.flags.has('dry-run')) {
    io.stdout(`Plan for ${file} (dry run: nothing is changed)\n${describePlan(plan)}`);
    return plan.refused ? EXIT_FAILED : EXIT_OK;
  }
  const report = await executePlan(plan, backend, files, { onProgress: (m) => io.stdout(`${m}\n`) });
  switch (report.outcome) {
    case 'applied':
      io.stdout(`Applied. ${RESTART_HINT}\n`);
      return EXIT_OK;
    case 'skipped':
      io.stdout(`Nothing to do: ${report.reason}.\n`);
      return EXIT_OK;
    default:
      io.stderr(`atp-proxy apply: ${report.outcome}: ${report.reason}\n`);
      return EXIT_FAILED;
  }
}
