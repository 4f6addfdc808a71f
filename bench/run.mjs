/* global console */
// `npm run bench`: every figure of issue 7 with its anchor, ratio and budget. Not part of `npm test`.
// Options: --quick (fewer runs, no 20,000-sensor RSS), --no-vsix, --only=throughput,typing,startup,connectivity,hostile,coldstart,fleet,
// --json=FILE (figures as JSON). ATP_BENCH_OUT=DIR times another compiled core (out/ of an older checkout).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import { coldStartNodes, measureColdStart } from './coldstart.mjs';
import { measureConnectivity } from './connectivity.mjs';
import { measureFleet } from './fleet.mjs';
import { measureHostile } from './hostile.mjs';
import { fmtKB, fmtMB, fmtMs, fmtRatio, machine, table, verdict } from './lib/stats.mjs';
import { BUNDLES, measureStartup } from './startup.mjs';
import { measureThroughput } from './throughput.mjs';
import { measureTyping } from './typing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const jsonFile = args.find((a) => a.startsWith('--json='))?.slice('--json='.length);
const wants = (part) => !only || only.includes(part);
const results = { machine: machine(), loadAverage: os.loadavg().map((l) => l.toFixed(2)), core: process.env.ATP_BENCH_OUT ?? 'out/' };

const m = results.machine;
console.log(
  `ATP Sensor Proxy benchmarks: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average ${results.loadAverage.join(' ')}`,
);
console.log('Each figure is a median of several runs; ratios are against anchors measured in the same run.\n');

if (wants('throughput')) {
  const rows = await measureThroughput({ runs: quick ? 5 : 11 });
  results.throughput = rows;
  console.log(
    '1. Validation throughput (ms; full = parse + every rule; JSON LS = vscode-json-languageservice parse + doValidation with our schema; floor = jsonc-parser parseTree)',
  );
  console.log(
    table(
      ['sensors', 'size', 'full', 'JSON LS', 'floor', 'full/JSON LS', 'full/floor', 'RSS full', 'RSS JSON LS', 'RSS floor'],
      rows.map((r) => [
        r.sensors.toLocaleString('en'),
        fmtKB(r.bytes),
        fmtMs(r.full),
        fmtMs(r.json),
        fmtMs(r.floor),
        fmtRatio(r.full / r.json),
        fmtRatio(r.full / r.floor),
        fmtMB(r.rssFull),
        fmtMB(r.rssJson),
        fmtMB(r.rssFloor),
      ]),
    ),
  );
  const top = rows[rows.length - 1];
  console.log(
    `Budget at ${top.sensors.toLocaleString('en')} sensors: full ≤ 0.5× JSON LS: ${fmtRatio(top.full / top.json)} ${verdict(top.full <= 0.5 * top.json)}; ` +
      `full ≤ 1.2× floor: ${fmtRatio(top.full / top.floor)} ${verdict(top.full <= 1.2 * top.floor)}; RSS ≤ JSON LS: ${fmtMB(top.rssFull)} vs ${fmtMB(top.rssJson)} ${verdict(top.rssFull <= top.rssJson)}\n`,
  );
}

if (wants('typing')) {
  const t = await measureTyping();
  results.typing = t;
  console.log(
    `2. Typing latency over LSP stdio (${t.lines}-line manifest, ${t.edits} one-character edits, atpProxy.validation.delay 0): didChange → publishDiagnostics`,
  );
  console.log(`p50 ${fmtMs(t.p50)} ms, p95 ${fmtMs(t.p95)} ms, max ${fmtMs(t.max)} ms. Budget p95 < 10 ms: ${verdict(t.p95 < 10)}\n`);
}

if (wants('startup')) {
  const s = measureStartup({ spawns: quick ? 7 : 15, vsix: !args.includes('--no-vsix') });
  results.startup = s;
  const budget = { 'dist/extension.js': 150 * 1024, 'dist/server.js': 300 * 1024 };
  const a = s.activation;
  const chunkList = (b) =>
    Object.entries(s.chunks[b])
      .map(([f, bytes]) => `${f.replace(/^[a-z]+-/, '').replace(/\.js$/, '')} ${fmtKB(bytes)}`)
      .join(', ');
  console.log('3. Start-up cost');
  console.log(
    table(
      ['artifact', 'size', 'budget', 'verdict'],
      [
        ...BUNDLES.flatMap((b) => [
          [
            b === 'dist/connectivity.js' ? `${b} (shared by both connectivity chunks)` : b,
            s.bundles[b] === undefined ? 'missing' : fmtKB(s.bundles[b]),
            budget[b] ? `< ${fmtKB(budget[b])}` : '–',
            budget[b] && s.bundles[b] !== undefined ? verdict(s.bundles[b] < budget[b]) : '–',
          ],
          ...(Object.keys(s.chunks[b]).length ? [[`  chunks loaded on first use`, chunkList(b), '–', '–']] : []),
        ]),
        [
          'atp-sensor-proxy.vsix',
          s.vsix.bytes === undefined ? s.vsix.note : fmtKB(s.vsix.bytes),
          '< 1 MB',
          s.vsix.bytes === undefined ? '–' : verdict(s.vsix.bytes < 2 ** 20),
        ],
        a.activationMs === undefined
          ? ['activate() (host suite)', a.note, '< 30 ms', '–']
          : [`activate() (host suite, median of ${a.runs})`, `${fmtMs(a.activationMs)} ms`, '< 30 ms', verdict(a.activationMs < 30)],
        ...(a.activationMs === undefined
          ? []
          : [
              ['  modules evaluated before it', `${fmtMs(a.moduleLoadMs)} ms`, '–', '–'],
              ['  language client chunk, after it', `${fmtMs(a.clientLoadMs)} ms`, '–', '–'],
            ]),
      ],
    ),
  );
  if (a.activationMs !== undefined)
    console.log(`activate() figures: ${a.vscode}, latest ${a.latest} (${a.age} ago), load average of each run: ${a.loads.join('; ')}; ${a.refresh}.`);
  console.log(
    `CLI validate ${s.file}, whole process: ${fmtMs(s.cliValidate)} ms; bare node -e "": ${fmtMs(s.nodeStart)} ms; ratio ${fmtRatio(s.cliValidate / s.nodeStart)}, ours ${fmtMs(s.cliValidate - s.nodeStart)} ms\n`,
  );
}

if (wants('connectivity')) {
  const c = await measureConnectivity({ runs: quick ? 3 : 5, sequentialRuns: quick ? 1 : 3 });
  results.connectivity = c;
  const faster = (base, ms) => `${(base / ms).toFixed(1)}× faster`;
  const budget = c.engine < 600 && c.engineSequential / c.engine >= 15;
  console.log(
    `4. Connectivity wall time: ${c.endpoints} endpoints, each TLS handshake held ${c.delayMs} ms, through a local CONNECT proxy; each test in its own process`,
  );
  console.log(
    table(
      ['run', 'wall ms', 'vs sequential', 'budget', 'verdict'],
      [
        [
          `engine, ${c.endpoints} endpoints, default concurrency ${c.defaultConcurrency}`,
          fmtMs(c.engine),
          faster(c.engineSequential, c.engine),
          '< 600 ms, ≥ 15×',
          verdict(budget),
        ],
        ['  same, whole process (Node start, unbundled out/ modules)', fmtMs(c.engineProcess), '–', '–', '–'],
        [`engine, ${c.endpoints} endpoints, sequential (concurrency 1)`, fmtMs(c.engineSequential), '1×', '–', '–'],
        [`atp-proxy test process (the manifest's ${c.cliEndpoints} endpoints)`, fmtMs(c.cli), faster(c.cliSequential, c.cli), '–', '–'],
        [`atp-proxy test --concurrency 1 (${c.cliEndpoints} endpoints)`, fmtMs(c.cliSequential), '1×', '–', '–'],
      ],
    ),
  );
  console.log(
    `atp-proxy test tests the endpoints its manifest needs (at most 8), so ${c.endpoints} go through the engine; the CLI's cost on top of its ` +
      `slowest endpoint (${fmtMs(c.cliSlowestEndpoint)} ms) is ${fmtMs(c.cli - c.cliSlowestEndpoint)} ms (start-up, trust store, output).\n`,
  );
}

if (wants('hostile')) {
  const rows = measureHostile({ runs: quick ? 3 : 5 });
  results.hostile = rows;
  console.log('5. Hostile sizes: atp-proxy validate, whole process, and validate() in this process');
  console.log(
    table(
      ['manifest', 'size', 'CLI process', 'validate()', 'findings (capped)', 'budget', 'verdict'],
      rows.map((r) => [
        r.name,
        fmtKB(r.bytes),
        `${fmtMs(r.cli)} ms`,
        `${fmtMs(r.core)} ms`,
        r.findings.toLocaleString('en'),
        '< 2,000 ms',
        verdict(r.cli < 2000),
      ]),
    ),
  );
  console.log('');
}

if (wants('coldstart')) {
  results.coldstart = coldStartNodes().map((node) => measureColdStart({ node, runs: quick ? 7 : 15, warmRuns: quick ? 5 : 11 }));
  const f = results.coldstart[0];
  console.log(
    `6. Cold start as a pipeline runs it: ${f.file.sensors.toLocaleString('en')} sensors, ${f.file.lines.toLocaleString('en')} lines, ${fmtKB(f.file.bytes)}; ` +
      'one process each, runs alternating (anchor: one Node process running vscode-json-languageservice with our schema on the file)',
  );
  console.log(
    table(
      [
        'Node',
        'atp-proxy validate --format json',
        'anchor process',
        'ratio',
        'budget',
        'verdict',
        'no compile cache',
        'bare node',
        'warm: validate()',
        'warm: JSON LS',
        'warm ratio',
      ],
      results.coldstart.map((c) => [
        c.node,
        `${fmtMs(c.cli)} ms`,
        `${fmtMs(c.anchor)} ms`,
        fmtRatio(c.cli / c.anchor),
        '≤ 0.5×',
        verdict(c.cli <= 0.5 * c.anchor),
        c.compileCache ? `${fmtMs(c.cliNoCache)} ms` : 'n/a (Node < 22.1)',
        `${fmtMs(c.nodeStart)} ms`,
        `${fmtMs(c.warmFull)} ms`,
        `${fmtMs(c.warmJson)} ms`,
        fmtRatio(c.warmFull / c.warmJson),
      ]),
    ),
  );
  console.log('');
}

if (wants('fleet')) {
  const f = measureFleet({ runs: quick ? 3 : 5 });
  results.fleet = f;
  console.log(`7. Fleet report: atp-proxy report DIR over N preflight documents (~4 KB each), whole process; bare node peak RSS ${fmtMB(f.nodeRss)}`);
  console.log(
    table(
      ['machines', 'input', 'format', 'wall ms', 'peak RSS', 'output', 'budget', 'verdict'],
      f.rows.map((r) => [
        r.machines.toLocaleString('en'),
        fmtKB(r.inputBytes),
        r.format,
        fmtMs(r.ms),
        fmtMB(r.maxRss),
        fmtKB(r.outputBytes),
        r.machines === 2000 ? '< 2,000 ms' : '–',
        r.machines === 2000 ? verdict(r.ms < 2000) : '–',
      ]),
    ),
  );
  console.log('');
}

if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
