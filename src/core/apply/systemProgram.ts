// Windows programs the product starts, by absolute path: a bare `reg.exe` is looked up in the current
// directory first, so a repository (or a download folder) holding a planted reg.exe would run it elevated.
import * as path from 'path';

/** Windows' own programs the product may start. */
export type SystemProgram = 'reg.exe' | 'icacls.exe' | 'net.exe';

const DEFAULT_SYSTEM_ROOT = 'C:\\Windows';

/** `%SystemRoot%` from an environment (names are case-insensitive on Windows); the default when unset or not a local absolute path. */
export function systemRoot(env: NodeJS.ProcessEnv): string {
  const key = Object.keys(env).find((k) => k.toLowerCase() === 'systemroot');
  const value = key === undefined ? undefined : env[key]?.trim();
  // A drive-letter path only: not relative (the current directory again), not UNC (another machine's program).
  // eslint-disable-next-line no-control-regex
  return value && /^[A-Za-z]:\\[^"<>|?*\u0000-\u001f]*$/.test(value) ? value.replace(/\\+$/, '') : DEFAULT_SYSTEM_ROOT;
}

/** The absolute path of a Windows program in `%SystemRoot%\System32`. */
export function systemProgram(name: SystemProgram, env: NodeJS.ProcessEnv): string {
  return path.win32.join(systemRoot(env), 'System32', name);
}
