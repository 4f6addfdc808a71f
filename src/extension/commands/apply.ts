import * as path from 'path';
import type { ApplyReport } from '../../core/apply/execute';
import type { SensorApplyReport } from '../../core/apply/sensorApply';
import { applySensor, prepareSensor, sensorPlanMarkdown, type PreparedSensor } from '../apply/sensorApplyCommand';
import { networkPathProblem } from '../../core/text/networkPath';
import type { ApplyPlan } from '../../core/apply/plan';
import type { ExtensionHost, ManifestFile } from '../host';
import type { MachineModel } from '../machine/machineModel';
import { registryCommand } from '../machine/registryCommand';
import type { ManifestList } from '../views/manifestList';
import { UserError, type Command, type CommandTarget } from './command';
import { baseName, CancelledError, manifestFor } from './manifestTarget';

/** Why apply refuses in Restricted Mode. */
const RESTRICTED_APPLY =
  "Apply changes this machine's registry, so it is disabled in Restricted Mode. Trust this workspace (Manage Workspace Trust) first; validation, fixes and script generation keep working meanwhile.";

type Deps = Pick<ExtensionHost, 'ui' | 'files' | 'progress' | 'configuration' | 'environment' | 'registry' | 'log' | 'window'> & {
  manifests: Pick<ManifestList, 'list'>;
  machine: Pick<MachineModel, 'refresh'>;
};

type Engine = typeof import('../../core/usecases/apply');
type Prepared = { file: ManifestFile; plan: ApplyPlan; backend: Awaited<ReturnType<Deps['registry']>>; engine: Engine };

/**
 * Backups are files on the disk the extension host runs on, so its own platform decides how they are protected
 * (icacls or 0700), whatever platform a test simulates for the registry.
 */
function backupFiles(engine: Engine): ReturnType<Engine['diskFiles']> {
  return engine.diskFiles(process.platform, process.env);
}

/** The backup folder: the user's setting (never a share), else the platform's default. */
function backupDirFor(deps: Deps, engine: Engine): string {
  // The user's (or remote machine's) value only, and never a share: an elevated session would send it its credentials.
  const chosen = deps.configuration.userValue<string>('registry.backupDirectory') ?? '';
  const network = networkPathProblem(chosen, 'atpProxy.registry.backupDirectory');
  if (network) throw new UserError(network);
  return engine.backupDirectory(chosen, deps.environment.platform, deps.environment.env, path.join(deps.environment.storagePath, 'backups'));
}

/** Method sensor (the Deployer) or the registry (WinINET): read before anything else is asked. */
async function prepareAny(deps: Deps, target: CommandTarget, action: string): Promise<Prepared | (PreparedSensor & { file: ManifestFile })> {
  if (!deps.environment.isTrusted()) throw new UserError(RESTRICTED_APPLY);
  const file = await manifestFor(target, deps.manifests, deps.ui, action);
  const text = await deps.files.readText(file.uri);
  const engine = await import(/* webpackChunkName: "apply" */ '../../core/usecases/apply');
  const method = engine.applyMethod(text);
  if (method.kind === 'sensor') return { file, ...(await prepareSensor(deps, file, text, backupDirFor(deps, engine), action)) };
  return prepare(deps, file, text, action);
}

/** Reads the registry and computes the plan (no change); shared by Preview Apply and Apply. */
async function prepare(deps: Deps, file: ManifestFile, text: string, action: string): Promise<Prepared> {
  const command = await registryCommand(deps.configuration, deps.environment);
  if ('unavailable' in command)
    throw new UserError(
      `Cannot ${action} ${file.name}: ${command.unavailable} "Generate Deployment Script" writes a .ps1, .reg or Group Policy file to run there.`,
    );
  const engine = await import(/* webpackChunkName: "apply" */ '../../core/usecases/apply');
  const backend = await deps.registry(command.command);
  const backupDir = backupDirFor(deps, engine);
  const prepared = await engine.planApply(text, backend, { backupDir, now: new Date(), files: backupFiles(engine), override: 'run "atp-proxy apply --force"' });
  if (!prepared.ok) throw new UserError(`Cannot ${action} ${file.name}: ${prepared.reason}`);
  const { plan } = prepared;
  deps.log.info(`apply plan for ${file.name} (${command.label}, backups in ${backupDir}):\n${engine.describePlan(plan)}`);
  return { file, plan, backend, engine };
}

/** `atpProxy.previewApply`: the plan with each value decoded before and after, in a read-only Markdown preview. */
export class PreviewApplyCommand implements Command {
  readonly id = 'atpProxy.previewApply';
  constructor(private readonly deps: Deps) {}

  /** Resolves to the Markdown shown. */
  async execute(target: CommandTarget): Promise<string> {
    const prepared = await prepareAny(this.deps, target, 'preview applying');
    if ('machine' in prepared) {
      const markdown = sensorPlanMarkdown(prepared, prepared.file.name);
      await this.deps.ui.openReadOnly(`${baseName(prepared.file.name)}.apply-plan.md`, markdown, 'markdown');
      return markdown;
    }
    const { file, plan, engine } = prepared;
    const { planMarkdown } = await import(/* webpackChunkName: "apply" */ '../apply/planMarkdown');
    const markdown = planMarkdown(plan, file.name, engine.describePlan(plan));
    await this.deps.ui.openReadOnly(`${baseName(file.name)}.apply-plan.md`, markdown, 'markdown');
    return markdown;
  }
}

/**
 * `atpProxy.apply`: after a modal confirmation naming every value it will write, backs up each target
 * key, writes, reads back, and restores everything on failure or cancel (core/apply), with progress.
 */
export class ApplyCommand implements Command {
  readonly id = 'atpProxy.apply';
  constructor(private readonly deps: Deps) {}

  /** Resolves to the report (the command throws with the reason when the outcome is not applied or skipped). */
  async execute(target: CommandTarget): Promise<ApplyReport | SensorApplyReport> {
    const { deps } = this;
    const prepared = await prepareAny(deps, target, 'apply');
    if ('machine' in prepared) {
      try {
        return await applySensor(deps, prepared.file, prepared);
      } finally {
        this.deps.machine.refresh();
      }
    }
    const { file, plan, backend, engine } = prepared;
    if (plan.skipped) {
      deps.window.showInformationMessage(`Nothing to apply for ${file.name}: ${plan.skipped}.`);
      return { outcome: 'skipped', reason: plan.skipped, steps: [], backups: [], restored: [], restoreFailures: [] };
    }
    if (plan.refused) throw new UserError(`Apply of ${file.name} refused: ${plan.refused}`);
    const writes = plan.writes.filter((w) => !w.unchanged);
    if (writes.length === 0) {
      deps.window.showInformationMessage(`${file.name} is already applied: every value holds these settings.`);
      return { outcome: 'applied', steps: ['nothing to change'], backups: [], restored: [], restoreFailures: [] };
    }
    const detail = [
      `Writes ${writes.map((w) => `${w.account} ${w.value}`).join(', ')} (${plan.sourceDescription}).`,
      plan.backups.length ? `Backs up first to ${plan.backups.map((b) => b.file).join(', ')}.` : 'No backup files (registry.backup is false).',
      'Every value is read back; any failure restores what was written.',
    ].join('\n');
    const choice = await deps.ui.ask('warning', `Apply ${file.name} to this machine's registry?`, { modal: true, detail }, 'Apply');
    if (choice !== 'Apply') throw new CancelledError();
    const report = await deps.progress.withProgress(`Applying ${file.name}`, (progress, signal) =>
      engine.executePlan(plan, backend, backupFiles(engine), {
        onProgress: (m) => {
          deps.log.info(`apply ${file.name}: ${m}`);
          progress(m);
        },
        isCancelled: () => signal.aborted,
      }),
    );
    this.deps.machine.refresh();
    if (report.outcome === 'applied') {
      deps.window.showInformationMessage(
        `Applied ${file.name}${report.backups.length ? ` (backups: ${report.backups.join(', ')})` : ''}. ${engine.RESTART_HINT}`,
      );
      return report;
    }
    throw new UserError(`Apply of ${file.name} ${report.outcome}: ${report.reason ?? ''}`);
  }
}
