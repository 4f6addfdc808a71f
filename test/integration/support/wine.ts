import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Fails (never skips) when a program the integration tests need is missing, saying how to get it: the tests
 * prove things about the real registry and WinHTTP, so a machine without them must not look green.
 */
export function requireProgram(program: string, debianPackage: string): void {
  const r = spawnSync(program, ['--version'], { stdio: 'ignore' });
  if (r.error) {
    throw new Error(
      `${program} is not installed (Debian package ${debianPackage}): run \`npm run setup\` as root, which installs it, then run the tests again`,
    );
  }
}

const WINE_ENV = ['WINEPREFIX', 'WINEDEBUG', 'WINEDLLOVERRIDES'] as const;

/** `wine reg`, started again when Wine's launcher (not reg) failed under load: see the script. */
export const WINE_REG = path.resolve(__dirname, '../../../../test/integration/support/wine-reg.sh');
/** The same as a `--reg-command` / `registry.command` value. */
export const WINE_REG_COMMAND = `sh "${WINE_REG}"`;

/**
 * A scratch WINEPREFIX with a persistent wineserver (HKU\S-1-5-18/19 live only in the server's memory). Sets
 * WINEPREFIX in process.env, because apply runs in-process and starts `wine reg` with it; stop() restores it.
 */
export class WinePrefix {
  private readonly saved: Record<string, string | undefined> = {};

  private constructor(readonly dir: string) {}

  /** Creates the prefix under dir (a few seconds) and starts a wineserver that stays until stop(). */
  static start(dir: string): WinePrefix {
    requireProgram('wine', 'wine wine64');
    const wine = new WinePrefix(path.join(dir, 'prefix'));
    for (const name of WINE_ENV) wine.saved[name] = process.env[name];
    process.env.WINEPREFIX = wine.dir;
    process.env.WINEDEBUG = '-all';
    // No Mono/Gecko installer dialogs while the prefix is created.
    process.env.WINEDLLOVERRIDES = 'mscoree,mshtml=';
    execFileSync('wineboot', ['-i'], { stdio: 'ignore' });
    // Let the server that wineboot started exit, then start one that stays until `wineserver -k`.
    execFileSync('wineserver', ['-w'], { stdio: 'ignore' });
    execFileSync('wineserver', ['-p'], { stdio: 'ignore' });
    // The first program of a new server starts Wine's services, which inherit its stdio and live as long as
    // the server: start them here with no pipes attached.
    execFileSync('wine', ['reg', 'query', 'HKCU\\Software'], { stdio: 'ignore' });
    return wine;
  }

  /** `wine reg ARGS` (always pass /f or /y: Wine's reg otherwise prompts forever); its stdout, '' when it fails. */
  reg(...args: string[]): string {
    try {
      return this.regOrThrow(...args);
    } catch {
      return '';
    }
  }

  /** `wine reg ARGS`; throws with what reg said when it fails. */
  regOrThrow(...args: string[]): string {
    const r = spawnSync('sh', [WINE_REG, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    if (r.status === 0) return r.stdout;
    // Say how it ended: a hung Wine (killed at the timeout) reads differently from reg's own refusal.
    const ended = r.error ? `${r.error.message}${r.signal ? ` (${r.signal})` : ''}` : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    throw new Error(`wine reg ${args.join(' ')}: ${ended}; stdout ${JSON.stringify(r.stdout)}; stderr ${JSON.stringify(r.stderr)}`);
  }

  /** Whether `wine reg query KEY` succeeds (exit code only). */
  keyExists(key: string): boolean {
    return spawnSync('sh', [WINE_REG, 'query', key], { stdio: 'ignore', timeout: 60_000 }).status === 0;
  }

  /** Ends the wineserver and restores the environment. */
  stop(): void {
    try {
      execFileSync('wineserver', ['-k'], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
    for (const [name, value] of Object.entries(this.saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
