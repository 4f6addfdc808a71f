import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import fc from 'fast-check';
import { buildTestPlan, TestPlan } from '../../src/core/connectivity/testPlan';
import { ProbeStatus } from '../../src/core/connectivity/result';
import { runConnectivityTest } from '../../src/core/connectivity/run';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';

// Proxies that misbehave, as real TCP servers on 127.0.0.1, in this process: every connection they accept is
// tracked, so a client socket the probe forgets to close shows up as a server socket that never closes.
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const TIMEOUT_MS = 1500;
// The run's deadline plus what it takes to wind down: every verdict must come within this.
const BOUND_MS = TIMEOUT_MS + 1000;

type Behaviour = (socket: net.Socket) => void;

interface HostileProxy {
  port: number;
  accepted: number;
  /** Resolves when every accepted connection has closed, or rejects after a timeout (a leaked client socket). */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function hostileProxy(behaviour: Behaviour): Promise<HostileProxy> {
  const open = new Set<net.Socket>();
  let waiter: (() => void) | undefined;
  const proxy = { port: 0, accepted: 0 } as HostileProxy;
  const server = net.createServer((socket) => {
    proxy.accepted++;
    open.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      open.delete(socket);
      if (open.size === 0) waiter?.();
    });
    behaviour(socket);
    // Read whatever the client sends (unless the behaviour does): a paused socket would never see the client's FIN.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.drained = (timeoutMs = 3000) =>
    new Promise<void>((resolve, reject) => {
      if (open.size === 0) {
        resolve();
        return;
      }
      const timer = setTimeout(
        () => reject(new Error(`${open.size} connection(s) still open ${timeoutMs} ms after the run: the client leaked a socket`)),
        timeoutMs,
      );
      waiter = () => {
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      };
    });
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}

/** Active sockets and timers of this process (what Node keeps the event loop alive for), and open descriptors. */
function resources(): { sockets: number; timers: number; fds: number } {
  const info = process.getActiveResourcesInfo();
  return {
    sockets: info.filter((r) => /TCP|TLS|Pipe/.test(r) && r !== 'TCPServerWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
    fds: fs.readdirSync('/proc/self/fd').length,
  };
}

/**
 * Resolves once the process holds no more sockets, timers or descriptors than `before`; rejects with what is
 * still open after the timeout. Destroyed sockets release their handles a loop turn or two later.
 */
async function backTo(before: ReturnType<typeof resources>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = resources();
    if (now.sockets <= before.sockets && now.timers <= before.timers && now.fds <= before.fds) return;
    if (Date.now() > deadline)
      assert.fail(
        `still open ${timeoutMs} ms after the run: ${JSON.stringify(now)} (before: ${JSON.stringify(before)}; ${process.getActiveResourcesInfo().join(', ')})`,
      );
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The plan of a 2018 manifest through the proxy: its four service endpoints go through CONNECT, its three revocation
 * lists through a plain GET in absolute form (`http` picks those).
 */
function planThrough(port: number, requests: 'connect' | 'get' = 'connect'): TestPlan {
  const text = JSON.stringify({
    version: 1,
    guidance: '2018',
    instance: 'contoso',
    region: 'europe',
    proxy: { mode: 'static', server: `127.0.0.1:${port}` },
    firewall: { port: 443, allow: ['*.atp.azure.com'] },
  });
  const plan = buildTestPlan(settingsOf(parseManifest(text).manifest), {});
  if ('problem' in plan) throw new Error(plan.problem);
  return { ...plan, endpoints: plan.endpoints.filter((e) => (e.probeUrl !== undefined) === (requests === 'get')) };
}

const TLS_CLIENT_HELLO = 0x16;

const BEHAVIOURS: { name: string; behaviour: Behaviour; status: ProbeStatus[]; detail: RegExp }[] = [
  { name: 'accepts and never answers', behaviour: () => undefined, status: ['timeout'], detail: /No answer within 1500 ms/ },
  { name: 'closes at once', behaviour: (s) => s.end(), status: ['proxy-denied'], detail: /closed the connection without answering CONNECT/ },
  { name: 'resets at once', behaviour: (s) => s.resetAndDestroy(), status: ['proxy-denied', 'refused'], detail: /reset the connection|closed the connection/ },
  {
    name: 'answers garbage instead of HTTP',
    behaviour: (s) => s.once('data', () => s.write(Buffer.from('\x00\xff\x13garbage\r\n\r\n\x16\x03'))),
    status: ['proxy-denied'],
    detail: /closed the connection without answering CONNECT|Parse Error|HPE_/,
  },
  {
    name: 'sends headers without end',
    behaviour: (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 Connection established\r\n');
        const drip = (): void => {
          if (!s.destroyed) s.write(`X-Filler: ${'a'.repeat(4096)}\r\n`, () => setImmediate(drip));
        };
        drip();
      }),
    status: ['proxy-denied'],
    detail: /HPE_HEADER_OVERFLOW|Header overflow|Parse Error/,
  },
  {
    name: 'drips a header one byte at a time, forever',
    behaviour: (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 Connection established\r\nX-Slow: ');
        const t = setInterval(() => {
          if (s.destroyed) clearInterval(t);
          else s.write('a');
        }, 50);
        s.once('close', () => clearInterval(t));
      }),
    status: ['timeout'],
    detail: /No answer within 1500 ms/,
  },
  {
    name: 'opens the tunnel, then closes mid-handshake',
    behaviour: (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 Connection established\r\n\r\n');
        s.once('data', (d) => {
          if (d[0] === TLS_CLIENT_HELLO) s.destroy();
        });
      }),
    status: ['tls'],
    detail: /TLS handshake with .* failed/,
  },
  {
    name: 'opens the tunnel, then answers garbage instead of TLS',
    behaviour: (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 Connection established\r\n\r\n');
        s.once('data', () => s.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n<html>nope</html>')));
      }),
    status: ['tls'],
    detail: /TLS handshake with .* failed/,
  },
  {
    name: 'opens the tunnel, then says nothing',
    behaviour: (s) => s.once('data', () => s.write('HTTP/1.1 200 Connection established\r\n\r\n')),
    status: ['timeout'],
    detail: /No answer within 1500 ms .*TLS|TLS/,
  },
];

// What a revocation list's GET meets: no tunnel, so the proxy's answer is the HTTP answer itself.
const GET_BEHAVIOURS: { name: string; behaviour: Behaviour; status: ProbeStatus[]; detail: RegExp }[] = [
  {
    name: 'accepts and never answers',
    behaviour: () => undefined,
    status: ['timeout'],
    detail: /No answer within 1500 ms waiting for the answer to the HTTP GET/,
  },
  { name: 'closes at once', behaviour: (s) => s.end(), status: ['proxy-denied'], detail: /closed the connection without answering GET http:\/\// },
  {
    name: 'answers garbage instead of HTTP',
    behaviour: (s) => s.once('data', () => s.write(Buffer.from('\x00\xff\x13garbage\r\n\r\n\x16\x03'))),
    status: ['proxy-denied'],
    detail: /closed the connection without answering GET|Parse Error|HPE_/,
  },
  {
    name: 'sends headers without end',
    behaviour: (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\n');
        const drip = (): void => {
          if (!s.destroyed) s.write(`X-Filler: ${'a'.repeat(4096)}\r\n`, () => setImmediate(drip));
        };
        drip();
      }),
    status: ['proxy-denied'],
    detail: /HPE_HEADER_OVERFLOW|Header overflow|Parse Error/,
  },
  {
    name: 'answers 200 and then a body that never ends',
    behaviour: (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n');
        const drip = (): void => {
          if (!s.destroyed) s.write('x'.repeat(4096), () => setImmediate(drip));
        };
        drip();
      }),
    status: ['ok'],
    detail: /answered "HTTP\/1\.1 200 OK": the revocation list is reachable over plain HTTP/,
  },
];

describe('connectivity against hostile proxies: bounded time, a clear verdict, no leaked sockets', function () {
  this.timeout(30_000);

  for (const { name, behaviour, status, detail } of BEHAVIOURS) {
    it(`a proxy that ${name}: ${status.join(' or ')}`, async () => {
      const proxy = await hostileProxy(behaviour);
      try {
        const before = resources();
        const started = Date.now();
        const report = await runConnectivityTest(planThrough(proxy.port), { timeoutMs: TIMEOUT_MS });
        const ms = Date.now() - started;
        assert.ok(ms < BOUND_MS, `${ms} ms`);
        assert.strictEqual(report.results.length, 4);
        for (const r of report.results) {
          assert.ok(status.includes(r.status), `${r.host}: ${r.status}: ${r.detail}`);
          assert.match(r.detail, detail);
          assert.strictEqual(r.via, `127.0.0.1:${proxy.port}`);
        }
        assert.ok(proxy.accepted >= 4, `${proxy.accepted} connections reached the proxy`);
        await proxy.drained();
        await backTo(before);
      } finally {
        await proxy.close();
      }
    });
  }

  for (const { name, behaviour, status, detail } of GET_BEHAVIOURS) {
    it(`a proxy that ${name} to a revocation list's GET: ${status.join(' or ')}`, async () => {
      const proxy = await hostileProxy(behaviour);
      try {
        const before = resources();
        const started = Date.now();
        const report = await runConnectivityTest(planThrough(proxy.port, 'get'), { timeoutMs: TIMEOUT_MS });
        const ms = Date.now() - started;
        assert.ok(ms < BOUND_MS, `${ms} ms`);
        assert.deepStrictEqual(
          report.results.map((r) => [r.host, r.port, r.issuer]),
          [
            ['crl.microsoft.com', 80, ''],
            ['ctldl.windowsupdate.com', 80, ''],
            ['www.microsoft.com', 80, ''],
          ],
        );
        for (const r of report.results) {
          assert.ok(status.includes(r.status), `${r.host}: ${r.status}: ${r.detail}`);
          assert.match(r.detail, detail);
          assert.strictEqual(r.via, `127.0.0.1:${proxy.port}`);
        }
        assert.ok(proxy.accepted >= 3, `${proxy.accepted} connections reached the proxy`);
        await proxy.drained();
        await backTo(before);
      } finally {
        await proxy.close();
      }
    });
  }

  it(`random bytes from the proxy (${RUNS} seeded cases, before and after the tunnel opens): a verdict in time, nothing left open`, async () => {
    // After a turn of the loop, so that mocha's own timeout timer for this test is already counted.
    await new Promise((resolve) => setImmediate(resolve));
    const before = resources();
    const durations: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.boolean(), async (bytes, afterTunnel) => {
        const proxy = await hostileProxy((s) =>
          s.once('data', () => {
            if (afterTunnel) {
              s.write('HTTP/1.1 200 Connection established\r\n\r\n');
              s.once('data', () => s.end(Buffer.from(bytes)));
            } else {
              s.end(Buffer.from(bytes));
            }
          }),
        );
        try {
          const plan = planThrough(proxy.port);
          const started = Date.now();
          const report = await runConnectivityTest({ ...plan, endpoints: plan.endpoints.slice(0, 2) }, { timeoutMs: TIMEOUT_MS });
          durations.push(Date.now() - started);
          for (const r of report.results) {
            assert.ok(['proxy-denied', 'proxy-auth', 'dns', 'refused', 'timeout', 'tls', 'http'].includes(r.status), `${r.status}: ${r.detail}`);
            assert.ok(r.detail.length > 20);
          }
          await proxy.drained();
        } finally {
          await proxy.close();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(Math.max(...durations) < BOUND_MS, `slowest ${Math.max(...durations)} ms`);
    await backTo(before);
  });
});
