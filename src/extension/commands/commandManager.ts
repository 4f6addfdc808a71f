import type { Disposable, HostCommands, HostLog, HostWindow, HostWorkspace, ManifestFile } from '../host';
import type { NodeInfo } from '../views/manifestNodes';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError } from './manifestTarget';

/**
 * Registers commands with the host and owns their registrations. It turns the invocation
 * argument (a tree row, an explorer URI, or nothing) into a {@link CommandTarget}, and reports
 * errors as a message plus a log line instead of letting them vanish.
 */
export class CommandManager implements Disposable {
  private readonly registrations: Disposable[] = [];
  private readonly registered = new Set<string>();

  constructor(
    private readonly host: {
      readonly commands: HostCommands;
      readonly window: Pick<HostWindow, 'showErrorMessage'>;
      readonly log: Pick<HostLog, 'error'>;
      readonly workspace: Pick<HostWorkspace, 'activeManifest'>;
    },
  ) {}

  /** The ids registered so far (checked against package.json by the tests). */
  get ids(): string[] {
    return [...this.registered];
  }

  register(command: Command): void {
    if (this.registered.has(command.id)) throw new Error(`command ${command.id} registered twice`);
    this.registered.add(command.id);
    this.registrations.push(this.host.commands.registerCommand(command.id, (...args: unknown[]) => this.run(command, args)));
  }

  registerAll(commands: readonly Command[]): void {
    for (const command of commands) this.register(command);
  }

  /** Runs a command the way the host would; resolves to its result, or undefined after reporting an error. */
  async run(command: Command, args: unknown[]): Promise<unknown> {
    // The first argument is the invocation target when it looks like one (tree row, explorer URI).
    const [first, ...rest] = args;
    const explicit = toTarget(first);
    const target = explicit ?? this.host.workspace.activeManifest();
    const restArgs = explicit || first === undefined ? rest : args;
    try {
      return await command.execute(target, ...restArgs);
    } catch (e) {
      if (e instanceof CancelledError) return undefined;
      const message = e instanceof Error ? e.message : String(e);
      // A UserError says what to do; a stack would only bury that.
      const logged = e instanceof Error && e.stack && !(e instanceof UserError) ? e.stack : message;
      this.host.log.error(`${command.id} failed: ${logged}`);
      this.host.window.showErrorMessage(`ATP Sensor Proxy: ${message}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const r of this.registrations.splice(0)) r.dispose();
    this.registered.clear();
  }
}

/** A tree row (a {@link ManifestFile}, with its node when it has one) or an explorer URI (`vscode.Uri`, recognised by shape) as a target. */
export function toTarget(arg: unknown): CommandTarget {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const candidate = arg as Partial<ManifestFile> & { node?: unknown; scheme?: unknown; path?: unknown; toString(): string };
  if (typeof candidate.uri === 'string' && typeof candidate.name === 'string') {
    const file = { uri: candidate.uri, name: candidate.name, relativeDir: candidate.relativeDir ?? '' };
    // A row of the Manifests view also says which part of the manifest it is (an endpoint, a finding...).
    return isNodeInfo(candidate.node) ? { ...file, node: candidate.node } : file;
  }
  if (typeof candidate.scheme === 'string' && typeof candidate.path === 'string') {
    const uri = candidate.toString();
    return { uri, name: candidate.path.slice(candidate.path.lastIndexOf('/') + 1), relativeDir: '' };
  }
  return undefined;
}

function isNodeInfo(value: unknown): value is NodeInfo {
  return typeof value === 'object' && value !== null && typeof (value as NodeInfo).kind === 'string' && typeof (value as NodeInfo).id === 'string';
}
