/* global console */
// `npm run bench`: every figure of issue 7 with its anchor, ratio and budget. Not part of `npm test`.
// Options: --quick (fewer runs, no 20,000-sensor RSS), --no-vsix, --only=throughput,typing,startup,connectivity,
// --json=FILE (figures as JSON). ATP_BENCH_OUT=DIR times another compiled core (out/ of an older checkout).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import { measureConnectivity } from './connectivity.mjs';
import { fmtKB, fmtMB, fmtMs, fmtRatio, machine, table, verdict } from './lib/stats.mjs';
import { BUNDLES, measureStartup } from './startup.mjs';
import { measureThroughput } from './throughput.mjs';
import { measureTyping } from './typing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const jsonFile = args.find((a) => a.startsWith('--json='))?.slice('--json='.length);
const wants = (part) => !only || only.includes(part);
const results = { machine: machine(), loadAverage: os.loadavg().map((l) => l.toFixed(2)), core: process.env.ATP_BENCH_OUT ?? 'out/' };

const m = results.machine;
console.log(`ATP Sensor Proxy benchmarks: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average ${results.loadAverage.join(' ')}`);
console.log('Each figure is a median of several runs; ratios are against anchors measured in the same run.\n');

if (wants('throughput')) {
  const rows = await measureThroughput({ runs: quick ? 5 : 11 });
  results.throughput = rows;
  console.log('1. Validation throughput (ms; full = parse + every rule; JSON LS = vscode-json-languageservice parse + doValidation with our schema; floor = jsonc-parser parseTree)');
  console.log(table(['sensors', 'size', 'full', 'JSON LS', 'floor', 'full/JSON LS', 'full/floor', 'RSS full', 'RSS JSON LS', 'RSS floor'], rows.map((r) => [
    r.sensors.toLocaleString('en'), fmtKB(r.bytes), fmtMs(r.full), fmtMs(r.json), fmtMs(r.floor), fmtRatio(r.full / r.json), fmtRatio(r.full / r.floor),
    fmtMB(r.rssFull), fmtMB(r.rssJson), fmtMB(r.rssFloor),
  ])));
  const top = rows[rows.length - 1];
  console.log(`Budget at ${top.sensors.toLocaleString('en')} sensors: full ≤ 0.5× JSON LS: ${fmtRatio(top.full / top.json)} ${verdict(top.full <= 0.5 * top.json)}; ` +
    `full ≤ 1.2× floor: ${fmtRatio(top.full / top.floor)} ${verdict(top.full <= 1.2 * top.floor)}; RSS ≤ JSON LS: ${fmtMB(top.rssFull)} vs ${fmtMB(top.rssJson)} ${verdict(top.rssFull <= top.rssJson)}\n`);
}

if (wants('typing')) {
  const t = await measureTyping();
  results.typing = t;
  console.log(`2. Typing latency over LSP stdio (${t.lines}-line manifest, ${t.edits} one-character edits, atpProxy.validation.delay 0): didChange → publishDiagnostics`);
  console.log(`p50 ${fmtMs(t.p50)} ms, p95 ${fmtMs(t.p95)} ms, max ${fmtMs(t.max)} ms. Budget p95 < 10 ms: ${verdict(t.p95 < 10)}\n`);
}

if (wants('startup')) {
  const s = measureStartup({ spawns: quick ? 7 : 15, vsix: !args.includes('--no-vsix') });
  results.startup = s;
  const budget = { 'dist/extension.js': 150 * 1024, 'dist/server.js': 300 * 1024, 'dist/cli.js': undefined };
  console.log('3. Start-up cost');
  console.log(table(['artifact', 'size', 'budget', 'verdict'], [
    ...BUNDLES.map((b) => [b, s.bundles[b] === undefined ? 'missing' : fmtKB(s.bundles[b]), budget[b] ? `< ${fmtKB(budget[b])}` : '–', budget[b] && s.bundles[b] !== undefined ? verdict(s.bundles[b] < budget[b]) : '–']),
    ['atp-sensor-proxy.vsix', s.vsix.bytes === undefined ? s.vsix.note : fmtKB(s.vsix.bytes), '< 1 MB', s.vsix.bytes === undefined ? '–' : verdict(s.vsix.bytes < 2 ** 20)],
    ['activate()', 'measured by the host suite (npm run test:host)', '< 30 ms', '–'],
  ]));
  console.log(`CLI validate ${s.file}, whole process: ${fmtMs(s.cliValidate)} ms; bare node -e "": ${fmtMs(s.nodeStart)} ms; ratio ${fmtRatio(s.cliValidate / s.nodeStart)}, ours ${fmtMs(s.cliValidate - s.nodeStart)} ms\n`);
}

if (wants('connectivity')) {
  const c = await measureConnectivity({ runs: 3, sequentialRuns: quick ? 1 : 3 });
  results.connectivity = c;
  console.log(`4. Connectivity wall time: ${c.endpoints} endpoints, each TLS handshake held ${c.delayMs} ms, through a local CONNECT proxy`);
  console.log(table(['run', 'wall ms', 'vs sequential', 'budget', 'verdict'], [
    [`engine, concurrency ${c.endpoints}`, fmtMs(c.engineAll), `${(c.engineSequential / c.engineAll).toFixed(1)}× faster`, '< 600 ms, ≥ 15×', verdict(c.engineAll < 600 && c.engineSequential / c.engineAll >= 15)],
    [`engine, default concurrency ${c.defaultConcurrency}`, fmtMs(c.engineDefault), `${(c.engineSequential / c.engineDefault).toFixed(1)}× faster`, '< 600 ms, ≥ 15×', verdict(c.engineDefault < 600 && c.engineSequential / c.engineDefault >= 15)],
    ['engine, sequential (concurrency 1)', fmtMs(c.engineSequential), '1×', '–', '–'],
    [`atp-proxy test process (${c.cliEndpoints} endpoints of the manifest)`, fmtMs(c.cli), `${(c.cliSequential / c.cli).toFixed(1)}× faster`, '–', '–'],
    [`atp-proxy test --concurrency 1 (${c.cliEndpoints} endpoints)`, fmtMs(c.cliSequential), '1×', '–', '–'],
  ]));
  console.log('');
}

if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
