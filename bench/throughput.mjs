/* global console */
// Part 1: validation throughput. Full validation vs vscode-json-languageservice vs jsonc-parser parseTree (the floor),
// timed in this process; peak RSS of each measured in its own child process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { generateManifest } from './lib/manifest.mjs';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_URI = 'https://atp-sensor-proxy/schemas/manifest-v1.json';

/** Where the compiled core is (`out/` of this checkout, or another build passed as ATP_BENCH_OUT for before/after figures). */
const OUT = process.env.ATP_BENCH_OUT ?? join(ROOT, 'out');

/** Loads one contender: a function of the text that does the whole job once. Loads only its own modules (for RSS). */
export function load(name) {
  if (name === 'full') {
    const { validate } = require(join(OUT, 'src/core/rules/validate.js'));
    return (text) => validate(text);
  }
  if (name === 'floor') {
    const { parseTree } = require('jsonc-parser');
    return (text) => parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  }
  const { getLanguageService } = require('vscode-json-languageservice');
  const { TextDocument } = require('vscode-languageserver-textdocument');
  const schema = JSON.parse(readFileSync(join(ROOT, 'syntaxes/atp-proxy-manifest.schema.json'), 'utf8'));
  const service = getLanguageService({});
  service.configure({ validate: true, allowComments: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.atpproxy.json'], schema }] });
  let version = 0;
  // What VS Code's JSON extension does per change: parse the document, then validate it against the schema.
  return async (text) => {
    const document = TextDocument.create('file:///bench/estate.atpproxy.json', 'json', ++version, text);
    const jsonDocument = service.parseJSONDocument(document);
    return service.doValidation(document, jsonDocument, { comments: 'ignore', trailingCommas: 'ignore' });
  };
}

/** Peak RSS (bytes) of a fresh process that loads one contender and runs it `runs` times on a manifest of `sensors` sensors. */
export function peakRss(contender, sensors, runs = 5) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', contender, String(sensors), String(runs)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`rss child ${contender} ${sensors} failed: ${result.stderr}`);
  return JSON.parse(result.stdout).maxRss;
}

/**
 * Wall times (ms) of `runs` calls of one contender, in a fresh process after `warmup` calls. Each contender gets its
 * own heap: interleaved in one process, whichever ran second paid for collecting the first one's garbage (the floor's
 * tree alone is ~100 MB at 20,000 sensors), which made the figures depend on the order of the contenders.
 */
export function timesInChild(contender, sensors, runs, warmup) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--time', contender, String(sensors), String(runs), String(warmup)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`timing child ${contender} ${sensors} failed: ${result.stderr}`);
  return JSON.parse(result.stdout).times;
}

/** Measures every size; returns rows of figures. */
export async function measureThroughput({ sizes = [100, 1000, 10000, 20000], runs = 11, rss = true } = {}) {
  const rows = [];
  const names = ['floor', 'full', 'json'];
  for (const sensors of sizes) {
    const text = generateManifest(sensors);
    // Each process warms its contender up (JIT tiers, heap grown to the working size) before it is timed: a fresh
    // process's first calls run on a small heap and unoptimized code, and that cost differs between the contenders.
    const warmup = sensors >= 10000 ? 10 : 30;
    const n = sensors >= 10000 ? runs : runs * 3;
    // Three rounds of one process per contender, the order rotated each round, so that load on the machine hits them alike.
    const rounds = 3;
    const perRound = Math.ceil(n / rounds);
    const samples = { full: [], json: [], floor: [] };
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length];
        samples[name].push(...timesInChild(name, sensors, perRound, warmup));
      }
    }
    const row = { sensors, bytes: Buffer.byteLength(text), full: median(samples.full), json: median(samples.json), floor: median(samples.floor) };
    if (rss) {
      row.rssFull = peakRss('full', sensors);
      row.rssJson = peakRss('json', sensors);
      row.rssFloor = peakRss('floor', sensors);
    }
    rows.push(row);
  }
  return rows;
}

async function child([contender, sensors, runs]) {
  const run = load(contender);
  const text = generateManifest(Number(sensors));
  for (let i = 0; i < Number(runs); i++) await run(text);
  process.stdout.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }));
}

async function timeChild([contender, sensors, runs, warmup]) {
  const run = load(contender);
  const text = generateManifest(Number(sensors));
  const times = [];
  for (let i = 0; i < Number(warmup); i++) await run(text);
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    await run(text);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  process.stdout.write(JSON.stringify({ times }));
}

if (process.argv[2] === '--child') {
  await child(process.argv.slice(3));
} else if (process.argv[2] === '--time') {
  await timeChild(process.argv.slice(3));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measureThroughput({ sizes: (process.argv[2] ?? '100,1000,10000,20000').split(',').map(Number) });
  console.log(JSON.stringify(rows, null, 1));
}
