/* global console */
// Part 3: start-up cost. Bundle sizes, the .vsix, and the CLI `validate` on a small file as a whole process
// (against a bare `node -e ""` start, the anchor).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js'];
export const VSIX = 'atp-sensor-proxy.vsix';
const SMALL = 'examples/europe-static.atpproxy.jsonc';

function spawnMs(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** Packages the .vsix with the project's own script; its size, or the reason it could not be built. */
export function packageVsix() {
  const result = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(join(ROOT, VSIX))) {
    const reason = `${result.stderr}${result.stdout}`.split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' ').trim();
    return { bytes: undefined, note: `npm run package failed (exit ${result.status}): ${reason || 'see its output'}` };
  }
  return { bytes: statSync(join(ROOT, VSIX)).size };
}

export function measureStartup({ spawns = 15, vsix = true } = {}) {
  const bundles = Object.fromEntries(BUNDLES.map((b) => [b, existsSync(join(ROOT, b)) ? statSync(join(ROOT, b)).size : undefined]));
  const node = [];
  const cli = [];
  spawnMs(['-e', '']);
  spawnMs(['bin/atp-proxy.js', 'validate', SMALL]);
  // Interleaved, so that load on the machine hits both alike.
  for (let i = 0; i < spawns; i++) {
    node.push(spawnMs(['-e', '']));
    cli.push(spawnMs(['bin/atp-proxy.js', 'validate', SMALL]));
  }
  return { bundles, vsix: vsix ? packageVsix() : { bytes: undefined, note: 'skipped (--no-vsix)' }, nodeStart: median(node), cliValidate: median(cli), spawns, file: SMALL };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(measureStartup({ vsix: !process.argv.includes('--no-vsix') }));
}
