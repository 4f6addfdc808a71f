/* global console */
// Part 3: start-up cost. Bundle sizes (entries and the chunks loaded on first use), the .vsix, activate() as the
// host suite last measured it, and the CLI `validate` on a small file as a whole process (against a bare
// `node -e ""` start, the anchor).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/connectivity.js'];
export const VSIX = 'atp-sensor-proxy.vsix';
const SMALL = 'examples/contoso-2018.atpproxy.jsonc';

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
    const reason = `${result.stderr}${result.stdout}`
      .split('\n')
      .filter((l) => /error/i.test(l))
      .slice(0, 3)
      .join(' ')
      .trim();
    return { bytes: undefined, note: `npm run package failed (exit ${result.status}): ${reason || 'see its output'}` };
  }
  return { bytes: statSync(join(ROOT, VSIX)).size };
}

/** The chunks webpack split off a bundle (dist/<name>-<chunk>.js, loaded on first use) with their sizes. */
function chunksOf(bundle) {
  const name = bundle.replace(/^dist\//, '').replace(/\.js$/, '');
  const dist = join(ROOT, 'dist');
  if (!existsSync(dist)) return {};
  return Object.fromEntries(
    readdirSync(dist)
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.js'))
      .sort()
      .map((f) => [f, statSync(join(dist, f)).size]),
  );
}

const ACTIVATION = '.cache/bench/activation.json';

/**
 * activate() as the host suite measured it (test/host/suite/activationRecord.ts writes ACTIVATION on every
 * `npm run test:host`): the runs recorded for the dist/extension.js that is built now, else why there are none.
 */
export function readActivation() {
  const file = join(ROOT, ACTIVATION);
  const refresh = 'npm run test:host (about a minute) records it';
  if (!existsSync(file)) return { note: `no figures yet: ${refresh}` };
  const runs = JSON.parse(readFileSync(file, 'utf8')).runs ?? [];
  const bundle = existsSync(join(ROOT, 'dist/extension.js'))
    ? createHash('sha256')
        .update(readFileSync(join(ROOT, 'dist/extension.js')))
        .digest('hex')
        .slice(0, 12)
    : undefined;
  const current = runs.filter((r) => r.bundle === bundle);
  if (current.length === 0) {
    const last = runs[runs.length - 1];
    return { note: `recorded for another build of dist/extension.js${last ? ` (last: ${last.activationMs.toFixed(1)} ms on ${last.date})` : ''}: ${refresh}` };
  }
  const latest = current[current.length - 1];
  const ageHours = (Date.now() - Date.parse(latest.date)) / 3.6e6;
  return {
    runs: current.length,
    activationMs: median(current.map((r) => r.activationMs)),
    moduleLoadMs: median(current.map((r) => r.moduleLoadMs)),
    clientLoadMs: median(current.map((r) => r.clientLoadMs)),
    vscode: latest.vscode,
    loads: current.map((r) => r.load ?? '?'),
    latest: latest.date,
    age: ageHours < 1 ? `${Math.round(ageHours * 60)} min` : ageHours < 48 ? `${ageHours.toFixed(1)} h` : `${(ageHours / 24).toFixed(0)} days`,
    refresh,
  };
}

export function measureStartup({ spawns = 15, vsix = true } = {}) {
  const bundles = Object.fromEntries(BUNDLES.map((b) => [b, existsSync(join(ROOT, b)) ? statSync(join(ROOT, b)).size : undefined]));
  const chunks = Object.fromEntries(BUNDLES.map((b) => [b, chunksOf(b)]));
  const node = [];
  const cli = [];
  spawnMs(['-e', '']);
  spawnMs(['bin/atp-proxy.js', 'validate', SMALL]);
  // Interleaved, so that load on the machine hits both alike.
  for (let i = 0; i < spawns; i++) {
    node.push(spawnMs(['-e', '']));
    cli.push(spawnMs(['bin/atp-proxy.js', 'validate', SMALL]));
  }
  return {
    bundles,
    chunks,
    vsix: vsix ? packageVsix() : { bytes: undefined, note: 'skipped (--no-vsix)' },
    activation: readActivation(),
    nodeStart: median(node),
    cliValidate: median(cli),
    spawns,
    file: SMALL,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(measureStartup({ vsix: !process.argv.includes('--no-vsix') }));
}
