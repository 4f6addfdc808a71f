import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { compilePac, PAC_EVALUATION_LIMIT_MS, PAC_MEMORY_LIMIT_BYTES, pacRoute, PacScript } from '../../src/core/connectivity/pac';
import { PlannedEndpoint } from '../../src/core/connectivity/testPlan';
import { Resolver } from '../../src/core/connectivity/resolve';
import { viaOf } from '../../src/core/connectivity/route';
import { run } from '../../src/cli/main';
import { MemoryIO } from './support/memoryIO';

const endpoint: PlannedEndpoint = { host: 'contososensorapi.atp.azure.com', port: 443, kind: 'sensorApi', ping: true };
const never = new AbortController().signal;
// A limit plus the time QuickJS needs to notice it, with room for a slow CI machine.
const BOUND_MS = PAC_EVALUATION_LIMIT_MS + 3000;

/** Compiles and asks a PAC script for the endpoint's route; how long it took and how much the host's memory grew. */
async function route(text: string, resolver = new Resolver()): Promise<{ hops: string[]; reason: string; ms: number; rssGrowthMb: number; script: PacScript }> {
  const rss = process.memoryUsage().rss;
  const started = Date.now();
  const script = await compilePac(text, resolver);
  const r = await pacRoute(script, 'http://p/hostile.pac', endpoint, never);
  // As a run does: the worker thread (and the sandbox's memory with it) ends with the evaluation.
  if ('close' in script) await script.close();
  return { hops: r.hops.map(viaOf), reason: r.reason, ms: Date.now() - started, rssGrowthMb: (process.memoryUsage().rss - rss) / 1048576, script };
}

describe('hostile PAC files: stopped by time and memory limits, no way out of the sandbox', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-pac-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an endless loop at the top level is stopped while compiling; WinINET then goes direct', async () => {
    const r = await route('while (true) {}\nfunction FindProxyForURL(url, host) { return "PROXY p:1"; }');
    assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
    assert.deepStrictEqual(r.hops, ['DIRECT']);
    assert.match(r.reason, /does not compile \(it ran longer than 2000 ms\)/);
  });

  it('an endless loop of sandbox calls (isResolvable on an overridden name) is stopped too', async () => {
    const resolver = new Resolver([{ host: 'x.contoso.com', port: 443, address: '10.0.0.1' }]);
    const r = await route('function FindProxyForURL(url, host) { while (true) { isResolvable("x.contoso.com"); } }', resolver);
    assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
    assert.deepStrictEqual(r.hops, ['DIRECT']);
    assert.match(r.reason, /failed .*ran longer than 2000 ms/);
  });

  for (const [what, body] of [
    ['a string doubled until memory runs out', 'var s = "x"; while (true) { s = s + s; }'],
    ['an array grown without end', 'var a = []; while (true) { a.push({ n: a.length, s: "abcdefghijklmnop" + a.length }); }'],
    ['one huge allocation', 'var b = new ArrayBuffer(1024 * 1024 * 1024); return "PROXY p:" + b.byteLength;'],
  ] as const) {
    it(`${what}: stopped by the ${PAC_MEMORY_LIMIT_BYTES / 1048576} MB limit, the host barely grows`, async () => {
      const r = await route(`function FindProxyForURL(url, host) { ${body} }`);
      assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
      assert.deepStrictEqual(r.hops, ['DIRECT'], r.reason);
      assert.match(r.reason, /out of memory|memory|allocation|interrupted|ran longer/i);
      // The sandbox's memory is the WebAssembly heap of its own module: bounded by the limit, never the Node heap.
      assert.ok(r.rssGrowthMb < PAC_MEMORY_LIMIT_BYTES / 1048576 + 96, `RSS grew ${r.rssGrowthMb.toFixed(1)} MB`);
    });
  }

  it('endless recursion is a stack overflow inside the sandbox, not a crash of the host', async () => {
    const r = await route('function f(n) { return f(n + 1) + 1; } function FindProxyForURL(url, host) { return "PROXY p:" + f(0); }');
    assert.deepStrictEqual(r.hops, ['DIRECT']);
    assert.match(r.reason, /stack|recursion|memory|ran longer/i);
  });

  it('a 10 MB answer is read (bounded by the memory limit), not trusted', async () => {
    const r = await route('function FindProxyForURL(url, host) { var s = "PROXY "; while (s.length < 10 * 1024 * 1024) s += "a"; return s + ":1"; }');
    assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
    assert.ok(r.hops.length <= 1);
  });

  it('Node globals are out of reach: process, require, module, Buffer, constructors of sandbox functions', async () => {
    // Written with intermediate variables: the PAC compiler (degenerator) refuses calls of call results outright.
    const probes = {
      process: 'typeof process',
      require: 'typeof require',
      module: 'typeof module',
      buffer: 'typeof Buffer',
      globalProcess: 'typeof globalThis.process',
      ctorProcess: '(function () { var C = globalThis.constructor.constructor; var f = C("return typeof process"); return f(); })()',
      fnThisProcess: '(function () { var f = Function("return this"); var g = f(); return typeof g.process; })()',
      dnsCtor: '(function () { var C = dnsResolve.constructor; var f = C("return typeof process + typeof require"); return f(); })()',
      alertCtor: '(function () { var C = alert.constructor.constructor; var f = C("return typeof require"); return f(); })()',
      argsCallee: '(function () { try { return typeof arguments.callee.caller; } catch (e) { return "throws"; } })()',
    };
    const lines = Object.entries(probes).map(
      ([name, expr]) => `try { seen.push(${JSON.stringify(name)} + "=" + (${expr})); } catch (e) { seen.push(${JSON.stringify(name)} + "=throws"); }`,
    );
    const script = await compilePac(`function FindProxyForURL(url, host) { var seen = []; ${lines.join('\n')} return seen.join("|"); }`, new Resolver());
    assert.ok('findProxy' in script, 'problem' in script ? script.problem : '');
    const answer = await script.findProxy('https://contososensorapi.atp.azure.com/', 'contososensorapi.atp.azure.com');
    const seen = Object.fromEntries(answer.split('|').map((kv) => kv.split('=')));
    for (const name of ['process', 'require', 'module', 'buffer', 'globalProcess', 'ctorProcess', 'fnThisProcess'])
      assert.strictEqual(seen[name], 'undefined', `${name}: ${answer}`);
    assert.strictEqual(seen.dnsCtor, 'undefinedundefined', answer);
    assert.strictEqual(seen.alertCtor, 'undefined', answer);
    assert.ok(['throws', 'undefined', 'object'].includes(seen.argsCallee), answer);
  });

  it('a PAC that tries to run a command or write a file cannot: no marker file appears', async () => {
    const marker = path.join(dir, 'pwned');
    const attempts = [
      `require("child_process").execSync("touch ${marker}")`,
      `process.mainModule.require("fs").writeFileSync("${marker}", "x")`,
      `globalThis.constructor.constructor("return process")().mainModule.require("fs").writeFileSync("${marker}", "x")`,
      `dnsResolve.constructor("return process")().binding("fs")`,
      `import("child_process").then(function (cp) { cp.execSync("touch ${marker}"); })`,
      `std.open("${marker}", "w")`,
      `os.exec(["touch", "${marker}"])`,
    ];
    for (const attempt of attempts) {
      const r = await route(`function FindProxyForURL(url, host) { ${attempt}; return "PROXY reached:1"; }`);
      assert.ok(!fs.existsSync(marker), `${attempt} created the marker`);
      assert.deepStrictEqual(r.hops, ['DIRECT'], `${attempt}: ${r.reason}`);
    }
    assert.ok(!fs.existsSync(marker));
  });

  // QuickJS's regular expression engine never checks the interrupt handler: /^(a+)+$/ on 28 characters ran 28 s on
  // the event loop of the CLI or the extension host. Evaluation runs in a worker thread, terminated at the limit.
  const CATASTROPHIC = 'var evil = /^(a+)+$/; var input = "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!";';
  it('a catastrophic regular expression in FindProxyForURL is stopped at the limit, and the event loop stays free', async () => {
    let worstGap = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      worstGap = Math.max(worstGap, Date.now() - last);
      last = Date.now();
    }, 20);
    try {
      const r = await route(`${CATASTROPHIC} function FindProxyForURL(url, host) { return evil.test(input) ? "PROXY p:1" : "PROXY p:2"; }`);
      assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
      assert.deepStrictEqual(r.hops, ['DIRECT']);
      assert.match(r.reason, /failed .*ran longer than 2000 ms/);
    } finally {
      clearInterval(ticker);
    }
    assert.ok(worstGap < 500, `the event loop stalled for ${worstGap} ms`);
  });

  it('a catastrophic regular expression at the top level is stopped while compiling', async () => {
    const r = await route(`${CATASTROPHIC} evil.test(input); function FindProxyForURL(url, host) { return "PROXY p:1"; }`);
    assert.ok(r.ms < BOUND_MS, `${r.ms} ms`);
    assert.deepStrictEqual(r.hops, ['DIRECT']);
    assert.match(r.reason, /does not compile \(it ran longer than 2000 ms\)/);
  });

  it('atp-proxy test --timeout 4000 with that PAC ends within the deadline (hang guard), a timeout per endpoint', async () => {
    const pac = http.createServer((_request, response) =>
      response.end(`${CATASTROPHIC} function FindProxyForURL(url, host) { return evil.test(input) ? "PROXY p:1" : "PROXY p:2"; }`),
    );
    await new Promise<void>((resolve) => pac.listen(0, '127.0.0.1', () => resolve()));
    try {
      const io = new MemoryIO({
        'm.atpproxy.json': JSON.stringify({
          version: 1,
          instance: 'contoso',
          region: 'europe',
          proxy: { mode: 'pac', pacUrl: 'http://pac.contoso.com/proxy.pac', method: 'wininet' },
          firewall: { port: 443, allow: ['*.atp.azure.com'] },
        }),
      });
      const started = Date.now();
      const code = await run(
        ['test', '--format', 'json', '--timeout', '4000', '--pac-url', `http://127.0.0.1:${(pac.address() as AddressInfo).port}/evil.pac`, 'm.atpproxy.json'],
        io,
      );
      const ms = Date.now() - started;
      assert.ok(ms < 8000, `${ms} ms`);
      assert.strictEqual(code, 1, io.err);
      const results = (JSON.parse(io.out) as { results: { status: string; detail: string }[] }).results;
      // The sensor API and the current guidance's four revocation lists.
      assert.strictEqual(results.length, 5);
      for (const r of results) {
        assert.strictEqual(r.status, 'timeout', r.detail);
        assert.match(r.detail, /4000 ms deadline/);
        assert.match(r.detail, /PAC file|FindProxyForURL/);
      }
    } finally {
      await new Promise<void>((resolve) => pac.close(() => resolve()));
    }
  });

  it('after all that, an ordinary PAC still evaluates (every run gets a fresh sandbox)', async () => {
    const r = await route('function FindProxyForURL(url, host) { return "PROXY p:3128; DIRECT"; }');
    assert.deepStrictEqual(r.hops, ['p:3128', 'DIRECT']);
  });
});
