/* global console */
// Part 4: connectivity wall time. 30 endpoints behind a local TLS service that holds each connection 300 ms before its
// handshake, reached through a local CONNECT proxy; concurrent (as shipped) vs one after the other.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  return { port: server.address().port, close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }) };
}

function manifestText(proxyPort, servicePort) {
  return JSON.stringify({
    version: 1, instance: 'contoso', region: 'us',
    proxy: { mode: 'static', server: `127.0.0.1:${proxyPort}` },
    registry: { targets: ['LocalSystem', 'LocalService'], backup: true },
    firewall: { port: servicePort, allow: ['*.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'], sslInspection: 'none' },
  }, null, 2);
}

/** Runs the lab; returns wall times (ms) of the engine on 30 endpoints and of the CLI process on a manifest's own endpoints. */
export async function measureConnectivity({ runs = 3, sequentialRuns = 1 } = {}) {
  const { generatePki } = require(join(OUT, 'test/integration/support/certs.js'));
  const { startAtpService } = require(join(OUT, 'test/integration/support/atp-service.js'));
  const { runConnectivityTest, buildPlan, DEFAULT_CONCURRENCY } = require(join(OUT, 'src/core/connectivity/index.js'));
  const { parseManifest, settingsOf } = require(join(OUT, 'src/core/manifest/parse.js'));
  const dir = mkdtempSync(join(tmpdir(), 'atp-bench-'));
  const pki = await generatePki(dir);
  const service = await startAtpService(pki, { delayMs: DELAY_MS });
  const proxy = await startProxy(service.port);
  try {
    const text = manifestText(proxy.port, service.port);
    const file = join(dir, 'bench.atpproxy.json');
    writeFileSync(file, text);
    const base = buildPlan(settingsOf(parseManifest(text).manifest));
    if ('problem' in base) throw new Error(base.problem);
    // The same routing (static, through the proxy) for 30 endpoints under *.atp.azure.com (the lab certificate's name).
    const plan = { ...base, endpoints: Array.from({ length: ENDPOINTS }, (_, i) => ({ host: `endpoint${i}sensorapi.atp.azure.com`, port: service.port, kind: 'sensorApi', ping: true })) };
    const extraCa = [readFileSync(pki.rootPem, 'utf8')];
    const engine = async (concurrency) => {
      const start = process.hrtime.bigint();
      const report = await runConnectivityTest(plan, { extraCa, concurrency, timeoutMs: 60_000 });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const bad = report.results.filter((r) => r.status !== 'ok');
      if (bad.length) throw new Error(`${bad.length} endpoints not ok: ${bad[0].status} ${bad[0].detail}`);
      return ms;
    };
    const repeat = async (n, fn) => { const t = []; for (let i = 0; i < n; i++) t.push(await fn()); return median(t); };
    // The whole CLI process (start-up included); asynchronous, since the service and the proxy run in this process.
    const cli = (extra) => new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      execFile(process.execPath, [join(ROOT, 'bin/atp-proxy.js'), 'test', '--format', 'json', '--ca', pki.rootPem, ...extra, file], (error, stdout, stderr) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (error) reject(new Error(`atp-proxy test failed (${error.code}): ${stderr}${stdout}`));
        else resolve({ ms, endpoints: JSON.parse(stdout).results.length });
      });
    });
    await engine(ENDPOINTS); // warm-up: TLS contexts, JIT
    const figures = {
      endpoints: ENDPOINTS,
      delayMs: DELAY_MS,
      defaultConcurrency: DEFAULT_CONCURRENCY,
      engineDefault: await repeat(runs, () => engine(DEFAULT_CONCURRENCY)),
      engineAll: await repeat(runs, () => engine(ENDPOINTS)),
      engineSequential: await repeat(sequentialRuns, () => engine(1)),
    };
    const cliRuns = [];
    for (let i = 0; i < runs; i++) cliRuns.push(await cli([]));
    figures.cliEndpoints = cliRuns[0].endpoints;
    figures.cli = median(cliRuns.map((r) => r.ms));
    figures.cliSequential = await repeat(sequentialRuns, async () => (await cli(['--concurrency', '1'])).ms);
    return figures;
  } finally {
    await proxy.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await measureConnectivity());
}
