import { systemProgram } from '../../core/apply/systemProgram';
import type { HostConfiguration, HostEnvironment } from '../host';

/** The program Apply, Preview Apply and the Machine view run, or why there is none. */
export type RegistryCommand = { command: string[]; label: string } | { unavailable: string };

/** Why the registry cannot be reached here, and how to change that. */
const NO_REGISTRY =
  'The Windows registry is reachable only when VS Code runs on Windows (on the domain controller or a jump host) or when atpProxy.registry.command is set in your user settings (e.g. "wine reg" in a lab). Elsewhere, import a .reg export instead.';

/** Why the registry is not read in an untrusted workspace. */
export const RESTRICTED_REGISTRY =
  'Reading the registry runs reg.exe (or atpProxy.registry.command), which is disabled in Restricted Mode. Trust this workspace (Manage Workspace Trust) to read it, or import a .reg export ("ATP Proxy: Import .reg Export…"), which runs nothing.';

/**
 * `%SystemRoot%\System32\reg.exe` on Windows, or the user's `atpProxy.registry.command` (only from user or machine settings:
 * a workspace must never choose a program to run), split into argv words without a shell.
 */
export async function registryCommand(
  configuration: Pick<HostConfiguration, 'userValue'>,
  environment: Pick<HostEnvironment, 'platform' | 'env' | 'isTrusted'>,
): Promise<RegistryCommand> {
  // Nothing runs in Restricted Mode: Apply, Preview Apply and the Machine view all come through here.
  if (!environment.isTrusted()) return { unavailable: RESTRICTED_REGISTRY };
  const configured = configuration.userValue<string>('registry.command')?.trim();
  if (configured) {
    const { splitCommand } = await import(/* webpackChunkName: "apply" */ '../../core/apply/regExeBackend');
    const words = splitCommand(configured);
    if ('error' in words) return { unavailable: `atpProxy.registry.command: ${words.error}` };
    return { command: words, label: configured };
  }
  if (environment.platform === 'win32') {
    // The absolute path: a bare reg.exe is looked up in the current directory (a workspace?) first.
    const reg = systemProgram('reg.exe', environment.env);
    return { command: [reg], label: reg };
  }
  return { unavailable: NO_REGISTRY };
}

/** Whether the registry can be reached (for `when` clauses and the default Machine view source). */
export function registryAvailable(configuration: Pick<HostConfiguration, 'userValue'>, environment: Pick<HostEnvironment, 'platform'>): boolean {
  return environment.platform === 'win32' || Boolean(configuration.userValue<string>('registry.command')?.trim());
}
