import * as path from 'path';
import { RegExeBackend, Runner, execFileRunner, splitCommand } from '../../core/apply/regExeBackend';
import type { RegistryBackend } from '../../core/apply/backend';
import type { BackupFiles } from '../../core/apply/execute';
import { RegExportBackend } from '../../core/apply/exportBackend';
import { systemProgram } from '../../core/apply/systemProgram';
import { describeCodecError } from '../../core/wininet/codecError';
import { parseRegFile } from '../../core/wininet/regParse';
import { backupDirectory, describePlan, diskFiles, executePlan, planApply, RESTART_HINT } from '../../core/usecases/apply';
import { findingLines } from '../../core/usecases/deployable';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { readManifest } from '../readManifest';
import { parseArgs, UsageError } from '../args';

/** The registry apply reads: a domain controller's .reg export (dry run only), the --reg-command, or reg.exe on Windows. */
function registryFor(args: ReturnType<typeof parseArgs>, io: CliIO, runner: Runner): RegistryBackend {
  const fromExport = args.values.get('from-export');
  const regCommand = args.values.get('reg-command');
  if (fromExport !== undefined) {
    if (!args.flags.has('dry-run')) throw new UsageError('--from-export plans against a .reg export and cannot write to it: add --dry-run');
    if (regCommand !== undefined) throw new UsageError('give --from-export or --reg-command, not both');
    let bytes: Buffer;
    try {
      bytes = io.readFile(fromExport);
    } catch (error) {
      throw new UsageError(`cannot read ${fromExport}: ${(error as Error).message}`);
    }
    const file = parseRegFile(bytes);
    if (!file.ok) throw new UsageError(`${fromExport}: ${describeCodecError(file.error)}`);
    return new RegExportBackend(file.value, path.basename(fromExport));
  }
  if (regCommand !== undefined) {
    const words = splitCommand(regCommand);
    if ('error' in words) throw new UsageError(words.error);
    return new RegExeBackend(words, runner);
  }
  // By its full path: Windows looks a bare reg.exe up in the current directory first.
  if (io.platform === 'win32') return new RegExeBackend([systemProgram('reg.exe', io.env)], runner);
  throw new UsageError(
    'apply changes the Windows registry: run it on Windows, give --reg-command (for example --reg-command "wine reg"), or plan against a domain controller\'s export with --dry-run --from-export FILE.reg',
  );
}

/** atp-proxy apply [--dry-run] [--force] [--from-export FILE.reg] [--reg-command "CMD ARGS"] [--backup-dir DIR] FILE */
export async function applyCommand(
  argv: string[],
  io: CliIO,
  runner: Runner = execFileRunner,
  files: BackupFiles = diskFiles(io.platform, io.env, runner),
): Promise<number> {
  const args = parseArgs(argv, { flags: ['dry-run', 'force'], values: ['reg-command', 'backup-dir', 'from-export'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const backend = registryFor(args, io, runner);
  const file = args.positionals[0];
  const text = readManifest(io, file);
  const backupDir = backupDirectory(args.values.get('backup-dir'), io.platform, io.env, path.resolve('atp-proxy-backups'));
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
