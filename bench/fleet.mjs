// Part 6: the fleet report at estate scale (issue 15 item 6). `atp-proxy report` over 2,000 machines' preflight
// documents, whole process (Node start included); budget < 2 s, and peak RSS that grows with the machines' bounded
// records, not with the bytes read.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOSTS = [
  ['contososensorapi.atp.azure.com', 443],
  ['contoso.atp.azure.com', 443],
  ['europe-cus-1.atp.azure.com', 443],
  ['europe-weu-1.atp.azure.com', 443],
  ['crl.microsoft.com', 80],
  ['ctldl.windowsupdate.com', 80],
  ['www.microsoft.com', 80],
  ['oneocsp.microsoft.com', 80],
];
const CHECKS = ['proxy-config', 'mixed-methods', 'proxy-per-user-policy', 'sensor-api-address', 'root-certificate', 'dotnet-tls', 'localhost-444'];

/** A realistic preflight document (about 4 KB): one machine in 25 with a failure, one in 40 on another proxy. */
function document(i) {
  const via = i % 40 === 7 ? 'old-proxy.contoso.com:3128' : 'proxy.contoso.com:8080';
  return {
    schema: 'atp-proxy-preflight/1',
    computer: `DC${String(i).padStart(5, '0')}`,
    manifest: 'contoso.atpproxy.jsonc',
    manifestSha256: 'ab'.repeat(32),
    time: '2026-11-30T10:00:00Z',
    checks: CHECKS.map((id, c) => ({
      id,
      status: i % 25 === 3 && c === 0 ? 'fail' : id === 'localhost-444' && i % 3 === 0 ? 'skip' : 'pass',
      detail: `${id}: WinINET LocalSystem and LocalService hold ${via}, as the manifest says; nothing else holds a proxy.`,
    })),
    results: HOSTS.map(([host, port], h) => {
      const status = i % 25 === 11 && h === 4 ? 'proxy-denied' : i % 97 === 5 && h === 0 ? 'intercepted' : 'ok';
      return {
        host,
        port,
        status,
        ms: 20 + ((i * 7 + h) % 90),
        via,
        issuer: port === 80 ? '' : 'Microsoft Azure RSA TLS Issuing CA 03',
        detail: status === 'ok' ? `Reached ${host}:${port} through ${via}; the certificate chain is Microsoft's.` : `${status} at ${host}`,
      };
    }),
  };
}

function writeFleet(dir, machines) {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < machines; i++) {
    const text = `${JSON.stringify(document(i), null, 2)}\n`;
    writeFileSync(join(dir, `DC${i}.json`), text);
    bytes += text.length;
  }
  return bytes;
}

/** One whole `atp-proxy report` process: wall ms, its peak RSS, the size of what it printed. */
function reportProcess(dir, format, outFile) {
  const script = `require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}).run(['report', '--format', ${JSON.stringify(format)}, ${JSON.stringify(dir)}]).then((code) => { process.exitCode = code; process.stderr.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 })); })`;
  const out = openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  closeSync(out);
  if (r.status !== 1) throw new Error(`atp-proxy report exited ${r.status ?? r.signal} (expected 1, some machine failed): ${r.stderr}`);
  return { ms, maxRss: JSON.parse(r.stderr).maxRss, bytes: statSync(outFile).size };
}

/** `atp-proxy report` on 500, 2,000 and 8,000 machines, text and html (medians of `runs`). */
export function measureFleet({ runs = 5, sizes = [500, 2000, 8000] } = {}) {
  const base = mkdtempSync(join(os.tmpdir(), 'atp-bench-fleet-'));
  try {
    const rows = [];
    for (const machines of sizes) {
      const dir = join(base, String(machines));
      const inputBytes = writeFleet(dir, machines);
      for (const format of ['text', 'html']) {
        const samples = Array.from({ length: runs }, () => reportProcess(dir, format, join(base, `out.${format}`)));
        rows.push({
          machines,
          format,
          inputBytes,
          ms: median(samples.map((s) => s.ms)),
          maxRss: median(samples.map((s) => s.maxRss)),
          outputBytes: samples[0].bytes,
        });
      }
    }
    const bare = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }))'], {
      encoding: 'utf8',
    });
    return { rows, nodeRss: JSON.parse(bare.stdout).maxRss };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
