/* global console */
// Part 4: connectivity wall time. 30 endpoints behind a local TLS service that holds each connection 300 ms before its
// handshake, reached through a local CONNECT proxy (both in this process); the test runs in child processes, with the
// default concurrency and one after the other (the baseline).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'out');
export const DELAY_MS = 300;
export const ENDPOINTS = 30;

/** A minimal HTTP CONNECT proxy that sends every tunnel to the local service, whatever host was asked for. */
async function startProxy(servicePort) {
  const server = createServer((_request, response) => response.writeHead(405).end());
  const sockets = new Set();
  server.on('connect', (_request, client, head) => {
    const upstream = connect(servicePort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function manifestText(proxyPort, servicePort) {
  return JSON.stringify(
    {
      version: 1,
      instance: 'contoso',
      region: 'us',
      proxy: { mode: 'static', server: `127.0.0.1:${proxyPort}` },
      registry: { targets: ['LocalSystem', 'LocalService'], backup: true },
      firewall: { port: servicePort, allow: ['*.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'], sslInspection: 'none' },
    },
    null,
    2,
  );
}

/** Wall time (ms) of a child process, and what it printed; asynchronous, since the lab runs in this process. */
function spawnTimed(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    execFile(process.execPath, args, { maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (error && error.code !== 1) reject(new Error(`${args.slice(0, 2).join(' ')} failed (${error.code}): ${stderr}${stdout}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

/**
 * Runs the lab; returns wall times (ms). The budget figure is the engine on 30 endpoints in its own process, cold,
 * as `atp-proxy test` runs it: the CLI itself cannot be given 30 endpoints, since it tests exactly the endpoints the
 * manifest needs (SPEC section 6), at most 8, and firewall.allow entries are not tested. The CLI process is timed on
 * those 8, which also gives its fixed cost (process wall minus its own reported test time).
 */
export async function measureConnectivity({ runs = 3, sequentialRuns = 1 } = {}) {
  const { generatePki } = require(join(OUT, 'test/integration/support/certs.js'));
  const { startAtpService } = require(join(OUT, 'test/integration/support/atp-service.js'));
  const { DEFAULT_CONCURRENCY } = require(join(OUT, 'src/core/connectivity/index.js'));
  const dir = mkdtempSync(join(tmpdir(), 'atp-bench-'));
  const pki = await generatePki(dir);
  const service = await startAtpService(pki, { delayMs: DELAY_MS });
  const proxy = await startProxy(service.port);
  try {
    const file = join(dir, 'bench.atpproxy.json');
    writeFileSync(file, manifestText(proxy.port, service.port));
    const engine = async (concurrency) => {
      const run = await spawnTimed([
        join(ROOT, 'bench/lib/engine-run.mjs'),
        JSON.stringify({ manifest: file, endpoints: ENDPOINTS, ca: pki.rootPem, concurrency }),
      ]);
      const result = JSON.parse(run.stdout);
      if (result.notOk) throw new Error(`${result.notOk} endpoints not ok: ${result.first}`);
      return { ms: result.ms, processMs: run.ms };
    };
    const cli = async (extra) => {
      const run = await spawnTimed([join(ROOT, 'bin/atp-proxy.js'), 'test', '--format', 'json', '--ca', pki.rootPem, ...extra, file]);
      if (run.stderr.trim()) throw new Error(`atp-proxy test printed on stderr: ${run.stderr}`);
      const results = JSON.parse(run.stdout).results;
      const bad = results.filter((r) => r.status !== 'ok');
      if (bad.length) throw new Error(`atp-proxy test: ${bad.length} endpoints not ok: ${bad[0].status} ${bad[0].detail}`);
      return { ms: run.ms, endpoints: results.length, slowest: Math.max(...results.map((r) => r.ms)) };
    };
    const repeat = async (n, fn) => {
      const all = [];
      for (let i = 0; i < n; i++) all.push(await fn());
      return Object.fromEntries(Object.keys(all[0]).map((k) => [k, typeof all[0][k] === 'number' ? median(all.map((r) => r[k])) : all[0][k]]));
    };
    await engine(ENDPOINTS); // warm-up of the lab (its TLS contexts, the page cache), not of the engine
    const concurrent = await repeat(runs, () => engine(DEFAULT_CONCURRENCY));
    const sequential = await repeat(sequentialRuns, () => engine(1));
    const cliRun = await repeat(runs, () => cli([]));
    const cliSequential = await repeat(sequentialRuns, () => cli(['--concurrency', '1']));
    return {
      endpoints: ENDPOINTS,
      delayMs: DELAY_MS,
      defaultConcurrency: DEFAULT_CONCURRENCY,
      engine: concurrent.ms,
      engineProcess: concurrent.processMs,
      engineSequential: sequential.ms,
      cliEndpoints: cliRun.endpoints,
      cli: cliRun.ms,
      cliSlowestEndpoint: cliRun.slowest,
      cliSequential: cliSequential.ms,
    };
  } finally {
    await proxy.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await measureConnectivity());
}
