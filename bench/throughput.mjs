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

/** Median wall time (ms) of `runs` calls after `warmup` calls. */
export async function timeIt(fn, text, runs, warmup) {
  for (let i = 0; i < warmup; i++) await fn(text);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn(text);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** Peak RSS (bytes) of a fresh process that loads one contender and runs it `runs` times on a manifest of `sensors` sensors. */
export function peakRss(contender, sensors, runs = 5) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', contender, String(sensors), String(runs)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`rss child ${contender} ${sensors} failed: ${result.stderr}`);
  return JSON.parse(result.stdout).maxRss;
}

/** Measures every size; returns rows of figures. */
export async function measureThroughput({ sizes = [100, 1000, 10000, 20000], runs = 11, rss = true } = {}) {
  const c = { full: load('full'), json: load('json'), floor: load('floor') };
  const rows = [];
  for (const sensors of sizes) {
    const text = generateManifest(sensors);
    const warmup = sensors >= 10000 ? 3 : 10;
    const n = sensors >= 10000 ? runs : runs * 3;
    // Interleave the contenders so that drift (thermal, other load) hits all three alike.
    const samples = { full: [], json: [], floor: [] };
    for (const name of ['full', 'json', 'floor']) await timeIt(c[name], text, 1, warmup);
    for (let round = 0; round < n; round++) {
      for (const name of ['floor', 'full', 'json']) samples[name].push(await timeIt(c[name], text, 1, 0));
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
  // resourceUsage().maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }));
}

if (process.argv[2] === '--child') {
  await child(process.argv.slice(3));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measureThroughput({ sizes: (process.argv[2] ?? '100,1000,10000,20000').split(',').map(Number) });
  console.log(JSON.stringify(rows, null, 1));
}
