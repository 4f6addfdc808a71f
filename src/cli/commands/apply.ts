import * as path from 'path';
import { RegExeBackend, Runner, execFileRunner, splitCommand } from '../../core/apply/regExeBackend';
import type { RegistryBackend } from '../../core/apply/backend';
import type { BackupFiles } from '../../core/apply/execute';
import { RegExportBackend } from '../../core/apply/exportBackend';
import { systemProgram } from '../../core/apply/systemProgram';
import { describeCodecError } from '../../core/wininet/codecError';
import { parseRegFile } from '../../core/wininet/regParse';
import type { SensorFiles } from '../../core/apply/sensorApply';
import { folderSensorMachine, windowsSensorMachine, type SensorMachine } from '../../core/apply/sensorMachine';
import { PASSWORD_VARIABLE } from '../../core/sensorDeploy/target';
import {
  applyMethod,
  backupDirectory,
  describePlan,
  describeSensorPlan,
  diskFiles,
  executePlan,
  executeSensorPlan,
  planApply,
  planSensorApplyFor,
  RESTART_HINT,
  sensorDiskFiles,
} from '../../core/usecases/apply';
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

/** The sensor apply works on: a given folder (labs, tests), else the installed sensor on Windows. */
function sensorMachineFor(args: ReturnType<typeof parseArgs>, io: CliIO, runner: Runner): SensorMachine {
  for (const option of ['reg-command', 'from-export'])
    if (args.values.has(option)) throw new UsageError(`--${option} is for method wininet; this manifest's method is sensor (give --sensor-folder in a lab)`);
  const folder = args.values.get('sensor-folder');
  const deployer = args.values.get('deployer');
  if (folder !== undefined) return folderSensorMachine(folder, deployer, runner);
  if (deployer !== undefined) throw new UsageError('--deployer needs --sensor-folder (the folder whose SensorConfiguration.json it writes)');
  if (io.platform === 'win32') return windowsSensorMachine(io.env, runner);
  throw new UsageError(
    "apply for method sensor runs Microsoft's Deployer on the sensor machine: run it on Windows (the sensor is found from the AATPSensor service), give --sensor-folder DIR [--deployer PROGRAM] in a lab, or use atp-proxy encode --format ps1",
  );
}

/** Method `sensor`: plan (dry run) or back up, run the Deployer, verify, restore on failure. */
async function applySensor(args: ReturnType<typeof parseArgs>, io: CliIO, file: string, text: string, runner: Runner, files: SensorFiles): Promise<number> {
  const machine = sensorMachineFor(args, io, runner);
  const backupDir = backupDirectory(args.values.get('backup-dir'), io.platform, io.env, path.resolve('atp-proxy-backups'));
  const prepared = await planSensorApplyFor(text, machine, {
    backupDir,
    now: new Date(),
    files,
    passwordSource: `password from ${PASSWORD_VARIABLE}`,
    force: args.flags.has('force'),
    override: 'give --force',
  });
  if (!prepared.ok) {
    if (prepared.blocking) {
      io.stderr(`${findingLines(file, text, prepared.blocking).join('\n')}\natp-proxy apply: ${file}: ${prepared.reason}\n`);
      return EXIT_FAILED;
    }
    io.stderr(`atp-proxy apply: ${file}: ${prepared.reason}\n`);
    // The machine refused (no sensor, an unreadable configuration): a failure; the manifest's proxy: usage.
    return prepared.refused ? EXIT_FAILED : EXIT_USAGE;
  }
  const { plan } = prepared;
  if (args.flags.has('dry-run')) {
    io.stdout(`Plan for ${file} (dry run: nothing is changed)\n${describeSensorPlan(plan)}`);
    return EXIT_OK;
  }
  // The password of the proxy account: from the environment only (argv is visible to every user of the machine).
  const password = io.env[PASSWORD_VARIABLE] ?? '';
  if (plan.target.url !== undefined && plan.target.user !== undefined && !plan.unchanged && password === '')
    throw new UsageError(`set ${PASSWORD_VARIABLE} to the password of ${plan.target.user} (the proxy account): apply never takes it from the command line`);
  const report = await executeSensorPlan(plan, machine, files, password, { onProgress: (m) => io.stdout(`${m}\n`) });
  switch (report.outcome) {
    case 'applied':
      io.stdout('Applied: the sensor holds the proxy of the manifest.\n');
      return EXIT_OK;
    case 'skipped':
      io.stdout(`Nothing to do: ${report.reason}.\n`);
      return EXIT_OK;
    default:
      io.stderr(`atp-proxy apply: ${report.outcome}: ${report.reason ?? ''}\n`);
      return EXIT_FAILED;
  }
}

/**
 * atp-proxy apply [--dry-run] [--force] [--from-export FILE.reg] [--reg-command "CMD ARGS"] [--sensor-folder DIR
 * [--deployer PROGRAM]] [--backup-dir DIR] FILE
 */
export async function applyCommand(
  argv: string[],
  io: CliIO,
  runner: Runner = execFileRunner,
  files: BackupFiles = diskFiles(io.platform, io.env, runner),
  sensorFiles: SensorFiles = sensorDiskFiles(io.platform, io.env, runner),
): Promise<number> {
  const args = parseArgs(argv, { flags: ['dry-run', 'force'], values: ['reg-command', 'backup-dir', 'from-export', 'sensor-folder', 'deployer'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const file = args.positionals[0];
  const text = readManifest(io, file);
  const method = applyMethod(text);
  if (method.kind === 'sensor') return applySensor(args, io, file, text, runner, sensorFiles);
  for (const option of ['sensor-folder', 'deployer'])
    if (args.values.has(option))
      throw new UsageError(`--${option} is for method sensor; this manifest deploys through the registry (WinINET, policy or winhttp)`);
  const backend = registryFor(args, io, runner);
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
