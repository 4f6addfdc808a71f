import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './cli-bundle';
import { requireProgram } from './wine';

const SOURCE = path.join(ROOT, 'test', 'integration', 'support', 'winhttp-probe.c');
const COMPILER = 'x86_64-w64-mingw32-gcc';

/** WinHttpGetIEProxyConfigForCurrentUser's answer (HKCU DefaultConnectionSettings). */
export interface IeProxyConfig {
  ok: boolean;
  error: number;
  fAutoDetect: boolean;
  lpszAutoConfigUrl: string | null;
  lpszProxy: string | null;
  lpszProxyBypass: string | null;
}

/** WinHttpGetDefaultProxyConfiguration's answer (HKLM WinHttpSettings). */
export interface DefaultProxyConfig {
  ok: boolean;
  error: number;
  /** WINHTTP_ACCESS_TYPE_NO_PROXY 1, NAMED_PROXY 3. */
  dwAccessType: number;
  lpszProxy: string | null;
  lpszProxyBypass: string | null;
}

/** What WinHTTP read, as the probe prints it. */
export interface ProbeReport {
  ie: IeProxyConfig;
  default: DefaultProxyConfig;
}

/** Compiles the probe once (fails with what to do when the cross compiler is missing); returns the .exe. */
export function buildProbe(): string {
  requireProgram(COMPILER, 'gcc-mingw-w64-x86-64');
  const out = path.join(ROOT, '.cache', 'winhttp-probe', 'winhttp-probe.exe');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(COMPILER, ['-Wall', '-Wextra', '-Werror', '-O2', '-o', out, SOURCE, '-lwinhttp'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}

/** The environment without proxy variables: Wine's WinHttpGetDefaultProxyConfiguration falls back to $http_proxy. */
export function withoutProxyVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(https?|all|no)_proxy$/i.test(name)));
}

/** Runs the probe under Wine with arguments (argument arrays, no shell) and parses its JSON. */
export function runProbe<T = ProbeReport>(exe: string, args: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile('wine', [exe, ...args], { env: withoutProxyVariables(process.env), timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`wine ${path.basename(exe)} ${args.join(' ')} failed (${error.message}): ${stdout}${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as T);
      } catch {
        reject(new Error(`the probe printed no JSON: ${stdout}${stderr}`));
      }
    });
  });
}
