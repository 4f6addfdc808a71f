/* global console */
// Part 6: cold start as a pipeline runs it (issue 16 item 1). One `atp-proxy validate --format json` process on the
// 82,000-line manifest against one Node process that runs the anchor (vscode-json-languageservice with our schema,
// `load('json')` of throughput.mjs) on the same file; runs alternate so that load on the machine hits both alike.
// The warm figures time the same two contenders in-process after warm-up, as part 1 does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { generateManifest } from './lib/manifest.mjs';
import { median } from './lib/stats.mjs';
import { load } from './throughput.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
export const COLD_SENSORS = 20_000;

/** The manifest of the issue: 20,000 sensors and 2,000 allow entries, one member per line (82,000 lines, 1.7 MB). */
export function coldManifest() {
  return `${JSON.stringify(JSON.parse(generateManifest(COLD_SENSORS)), null, 2)}\n`;
}

function spawnMs(node, args, env) {
  const started = process.hrtime.bigint();
  const r = spawnSync(node, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** Wall times of `runs` in-process calls of one contender on the file, after `warmup` calls, in a fresh process. */
function warmTimes(node, contender, file, runs, warmup) {
  const r = spawnSync(node, [SELF, '--warm', contender, file, String(runs), String(warmup)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`warm ${contender} failed: ${r.stderr}`);
  return JSON.parse(r.stdout).times;
}

/**
 * Whole-process medians of the CLI and the anchor on the cold manifest (alternating), the CLI once more with the
 * compile cache turned off (NODE_DISABLE_COMPILE_CACHE, Node ≥ 22.1), and the warm in-process medians.
 */
export function measureColdStart({ node = process.execPath, runs = 15, warmRuns = 11 } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'atp-bench-cold-'));
  try {
    const file = join(dir, 'estate.atpproxy.json');
    const text = coldManifest();
    writeFileSync(file, text);
    const cliArgs = [join(ROOT, 'bin', 'atp-proxy.js'), 'validate', '--format', 'json', file];
    const anchorArgs = [SELF, '--anchor', file];
    const noCache = { NODE_DISABLE_COMPILE_CACHE: '1' };
    // First runs fill the compile cache and the OS file cache; not timed.
    const findings = JSON.parse(spawnMs(node, cliArgs).stdout)[0].findings.length;
    const anchorFindings = JSON.parse(spawnMs(node, anchorArgs).stdout).length;
    spawnMs(node, cliArgs, noCache);
    const cli = [];
    const cliNoCache = [];
    const anchor = [];
    for (let i = 0; i < runs; i++) {
      anchor.push(spawnMs(node, anchorArgs).ms);
      cli.push(spawnMs(node, cliArgs).ms);
      cliNoCache.push(spawnMs(node, cliArgs, noCache).ms);
    }
    const bare = [];
    for (let i = 0; i < runs; i++) bare.push(spawnMs(node, ['-e', '']).ms);
    return {
      file: { bytes: Buffer.byteLength(text), lines: text.split('\n').length - 1, sensors: COLD_SENSORS },
      findings,
      anchorFindings,
      runs,
      cli: median(cli),
      cliNoCache: median(cliNoCache),
      anchor: median(anchor),
      nodeStart: median(bare),
      node: nodeVersion(node),
      compileCache: compileCacheAvailable(node),
      warmFull: median(warmTimes(node, 'full', file, warmRuns, 10)),
      warmJson: median(warmTimes(node, 'json', file, warmRuns, 10)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeVersion(node) {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** The Node binaries to time: this one, and the Node 24 of `npm run setup` (what CI runs) when it is another. */
export function coldStartNodes() {
  const node24 = join(ROOT, '.cache', 'node24', 'node_modules', 'node', 'bin', 'node');
  return existsSync(node24) && nodeVersion(node24) !== process.version ? [process.execPath, node24] : [process.execPath];
}

function compileCacheAvailable(node) {
  const r = spawnSync(node, ['-p', "typeof require('node:module').enableCompileCache"], { encoding: 'utf8' });
  return r.stdout.trim() === 'function';
}

/** The anchor process: parse + validate the file once with vscode-json-languageservice, print the diagnostics (as the CLI prints its findings). */
async function anchorChild(file) {
  const run = load('json');
  const diagnostics = await run(readFileSync(file, 'utf8'));
  process.stdout.write(`${JSON.stringify(diagnostics)}\n`);
}

async function warmChild(contender, file, runs, warmup) {
  const run = load(contender);
  const text = readFileSync(file, 'utf8');
  for (let i = 0; i < Number(warmup); i++) await run(text);
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    const started = process.hrtime.bigint();
    await run(text);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  process.stdout.write(JSON.stringify({ times }));
}

if (process.argv[2] === '--anchor') {
  await anchorChild(process.argv[3]);
} else if (process.argv[2] === '--warm') {
  await warmChild(...process.argv.slice(3));
} else if (process.argv[1] === SELF) {
  for (const node of coldStartNodes()) console.log(measureColdStart({ node, runs: Number(process.argv[2] ?? 15) }));
}
