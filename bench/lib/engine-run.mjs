/* global console */
// One connectivity run in a fresh process, the way `atp-proxy test` runs it (cold: no warm-up, nothing shared with
// the lab's TLS service and proxy, which stay in the bench process). Argument: a JSON object
// { manifest, endpoints, ca, concurrency? }. Prints { ms, notOk, first } where ms is the wall time of
// runConnectivityTest. Used by bench/connectivity.mjs; `node --cpu-prof` on this script profiles the engine.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out');
const { runConnectivityTest, buildTestPlan } = require(join(OUT, 'src/core/connectivity/index.js'));
const { parseManifest, settingsOf } = require(join(OUT, 'src/core/manifest/parse.js'));

const { manifest, endpoints, ca, concurrency } = JSON.parse(process.argv[2]);
const base = buildTestPlan(settingsOf(parseManifest(readFileSync(manifest, 'utf8')).manifest));
if ('problem' in base) throw new Error(base.problem);
// The manifest's static-proxy routing, for `endpoints` names under *.atp.azure.com (the lab certificate's names).
const plan = {
  ...base,
  endpoints: Array.from({ length: endpoints }, (_, i) => ({
    host: `endpoint${i}sensorapi.atp.azure.com`,
    port: base.endpoints[0].port,
    kind: 'sensorApi',
    ping: true,
  })),
};
const start = process.hrtime.bigint();
const report = await runConnectivityTest(plan, { extraCa: [readFileSync(ca, 'utf8')], concurrency, timeoutMs: 120_000 });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const bad = report.results.filter((r) => r.status !== 'ok');
console.log(JSON.stringify({ ms, notOk: bad.length, first: bad[0] ? `${bad[0].status} ${bad[0].detail}` : undefined }));
