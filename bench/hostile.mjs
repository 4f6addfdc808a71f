/* global console */
// Part 5: hostile sizes (issue 18 item 6). A 3.6 MB manifest of 200,000 duplicate allow entries used to crash
// `atp-proxy validate` (stack overflow after ~22 s) and freeze the extension host; budget: the whole CLI process < 2 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.ATP_BENCH_OUT ?? join(ROOT, 'out');

/** The manifest of the issue: the required endpoints, then `count` allow entries made by `entry(i)`. */
function hostileManifest(count, entry) {
  const allow = ['contososensorapi.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];
  for (let i = 0; i < count; i++) allow.push(entry(i));
  return `${JSON.stringify({ version: 1, guidance: '2018', instance: 'contoso', region: 'europe', proxy: { mode: 'direct' }, firewall: { port: 443, allow } }, null, 1)}\n`;
}

const CASES = [
  { name: '200,000 duplicate allow entries (one unknown ATP name)', entry: () => 'ab.atp.azure.com' },
  { name: '200,000 distinct unknown ATP names', entry: (i) => `ab${i}.atp.azure.com` },
  // URL patterns of one host: each is checked against the others for coverage (ATP115); this was quadratic.
  { name: '200,000 distinct URL patterns of one host', entry: (i) => `www.microsoft.com/p${i}/*` },
];

function cliMs(file) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'atp-proxy.js'), 'validate', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 1) throw new Error(`atp-proxy validate ${file} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { ms, summary: r.stdout.trim().split('\n').pop() };
}

/** Whole-process `atp-proxy validate` and in-process validate() on each hostile manifest (medians). */
export function measureHostile({ runs = 5 } = {}) {
  const { validate } = require(join(OUT, 'src/core/rules/validate.js'));
  const dir = mkdtempSync(join(os.tmpdir(), 'atp-bench-hostile-'));
  try {
    return CASES.map(({ name, entry }) => {
      const file = join(dir, 'hostile.atpproxy.json');
      const text = hostileManifest(200_000, entry);
      writeFileSync(file, text);
      const core = [];
      let findings = 0;
      for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        findings = validate(text).length;
        core.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      const cli = [];
      let summary = '';
      for (let i = 0; i < runs; i++) {
        const r = cliMs(file);
        cli.push(r.ms);
        summary = r.summary;
      }
      return { name, bytes: statSync(file).size, core: median(core), cli: median(cli), findings, summary };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(measureHostile());
}
