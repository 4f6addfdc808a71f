import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '../../../..');
export const BIN = path.join(ROOT, 'bin', 'atp-proxy.js');
const DIST = path.join(ROOT, 'dist');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(full));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, (await fs.stat(full)).mtimeMs);
  }
  return newest;
}

/** When the CLI was last built: webpack rewrites only the files that changed (dist/cli.js, a cli-<command>.js chunk, or the connectivity.js they share with the extension). */
async function lastBuilt(): Promise<number> {
  const files = await fs.readdir(DIST).catch(() => [] as string[]);
  if (!files.includes('cli.js')) return 0;
  if (!files.includes('connectivity.js')) return 0;
  const times = await Promise.all(
    files.filter((f) => /^(cli(-[\w-]+)?|connectivity)\.js$/.test(f)).map((f) => fs.stat(path.join(DIST, f)).then((s) => s.mtimeMs)),
  );
  return Math.max(...times);
}

/** Builds dist/cli.js, its chunks and dist/connectivity.js (webpack, those bundles only) when missing or older than the sources, so the test runs what ships. */
export async function ensureCliBundle(): Promise<void> {
  const built = await lastBuilt();
  if (built > (await newestSource(path.join(ROOT, 'src')))) return;
  await run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production', '--config-name', 'cli', '--config-name', 'connectivity'],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
}

/** Runs `node bin/atp-proxy.js ARGS` and gives its exit code, output and wall time. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
