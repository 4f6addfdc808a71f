import * as assert from 'assert';
// The module object itself (not an import namespace), so that sinon can replace lookup for the code under test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import dns = require('dns');
import * as net from 'net';
import * as sinon from 'sinon';
import { credentialsFromEnvironment, basicAuthorization, scopedProvider } from '../../src/core/connectivity/credentials';
import { PlannedEndpoint, TestPlan } from '../../src/core/connectivity/testPlan';
import { parseResolveOverride, Resolver } from '../../src/core/connectivity/resolve';
import { ProbeResult } from '../../src/core/connectivity/result';
import { Route } from '../../src/core/connectivity/route';
import { DEFAULT_CONCURRENCY, runConnectivityTest } from '../../src/core/connectivity/run';

function endpoints(n: number): PlannedEndpoint[] {
  return Array.from({ length: n }, (_, i) => ({ host: `h${i}.atp.azure.com`, port: 443, kind: 'regional' as const, ping: true }));
}

function directPlan(n: number): TestPlan {
  return { endpoints: endpoints(n), routing: { mode: 'direct', reason: '' } };
}

function answer(endpoint: PlannedEndpoint, route: Route): ProbeResult {
  return {
    host: endpoint.host,
    port: endpoint.port,
    kind: endpoint.kind,
    status: 'ok',
    ms: 1,
    via: route.hops[0].kind === 'direct' ? 'DIRECT' : 'p',
    issuer: 'Microsoft Azure TLS Issuing CA 01',
    detail: 'fine',
  };
}

describe('connectivity run', () => {
  it('runs the endpoints in parallel up to the concurrency limit and keeps the plan order', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const report = await runConnectivityTest(directPlan(10), {
      concurrency: 3,
      onResult: (r) => seen.push(r.host),
      probe: async (endpoint, route) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, endpoint.host === 'h0.atp.azure.com' ? 60 : 10));
        inFlight--;
        return answer(endpoint, route);
      },
    });
    assert.strictEqual(most, 3);
    assert.deepStrictEqual(
      report.results.map((r) => r.host),
      endpoints(10).map((e) => e.host),
    );
    assert.strictEqual(seen.length, 10);
    assert.notStrictEqual(seen[0], 'h0.atp.azure.com');
  });

  it('one deadline: endpoints not started by then are timeout', async () => {
    const report = await runConnectivityTest(directPlan(4), {
      concurrency: 1,
      timeoutMs: 50,
      probe: async (endpoint, route, context) => {
        await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
        return { ...answer(endpoint, route), status: 'timeout' };
      },
    });
    assert.deepStrictEqual(
      report.results.map((r) => r.status),
      ['timeout', 'timeout', 'timeout', 'timeout'],
    );
    assert.match(report.results[3].detail, /before this endpoint could be started/);
    assert.ok(report.ms < 1000);
  });

  it('cancellation through an AbortSignal ends the run', async () => {
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 20);
    const report = await runConnectivityTest(directPlan(3), {
      concurrency: 1,
      signal: cancel.signal,
      probe: async (endpoint, route, context) => {
        await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
        assert.ok(context.isCancelled());
        return { ...answer(endpoint, route), status: 'timeout' };
      },
    });
    assert.ok(report.cancelled);
    assert.match(report.results[2].detail, /^Cancelled/);
  });

  it('a resolver failure the system cannot produce on demand (EAI_AGAIN) is dns', async () => {
    const lookup = sinon.stub(dns, 'lookup').callsFake(((host: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
      callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN', syscall: 'getaddrinfo' }));
    }) as unknown as typeof dns.lookup);
    try {
      const report = await runConnectivityTest(directPlan(1), { timeoutMs: 2000 });
      assert.strictEqual(report.results[0].status, 'dns');
      assert.match(report.results[0].detail, /EAI_AGAIN/);
      assert.ok(lookup.called);
    } finally {
      lookup.restore();
    }
  });

  it('a connection refused by the endpoint is refused (real socket on 127.0.0.1)', async () => {
    const report = await runConnectivityTest(
      { endpoints: [{ host: 'contososensorapi.atp.azure.com', port: 1, kind: 'sensorApi', ping: true }], routing: { mode: 'direct', reason: '' } },
      { resolve: [{ host: 'contososensorapi.atp.azure.com', port: 1, address: '127.0.0.1' }] },
    );
    assert.strictEqual(report.results[0].status, 'refused');
    assert.strictEqual(report.results[0].via, 'DIRECT');
    assert.strictEqual(report.results[0].issuer, '');
  });

  it('starts every endpoint of a 30-endpoint plan at once by default, without MaxListenersExceededWarning', async () => {
    // Real probes: each connects, then waits in its TLS step (listening on the run's signal) until the server hangs up.
    let open = 0;
    let most = 0;
    const server = net.createServer((socket) => {
      most = Math.max(most, ++open);
      socket.on('error', () => undefined);
      socket.once('close', () => open--);
      setTimeout(() => socket.destroy(), 150);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const n = 40;
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const plan: TestPlan = {
        endpoints: Array.from({ length: n }, () => ({ host: '127.0.0.1', port, kind: 'regional' as const, ping: true })),
        routing: { mode: 'direct', reason: '' },
      };
      const report = await runConnectivityTest(plan, { timeoutMs: 5000 });
      assert.strictEqual(report.results.length, n);
      assert.ok(
        report.results.every((r) => r.status === 'tls'),
        report.results.map((r) => `${r.status} ${r.detail}`).join('\n'),
      );
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepStrictEqual(
        warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
        [],
      );
      assert.ok(DEFAULT_CONCURRENCY >= 30, `DEFAULT_CONCURRENCY ${DEFAULT_CONCURRENCY}`);
      assert.ok(most >= 30, `only ${most} endpoints were in flight at once`);
    } finally {
      process.off('warning', onWarning);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('connectivity inputs', () => {
  it('parses --resolve like curl', () => {
    assert.deepStrictEqual(parseResolveOverride('Contoso.example:443:127.0.0.1'), { host: 'contoso.example', port: 443, address: '127.0.0.1' });
    assert.deepStrictEqual(parseResolveOverride('a:8443:[::1]'), { host: 'a', port: 8443, address: '::1' });
    assert.ok('problem' in parseResolveOverride('a:443'));
    assert.ok('problem' in parseResolveOverride('a:x:127.0.0.1'));
    assert.ok('problem' in parseResolveOverride('a:443:not-an-ip'));
    const resolver = new Resolver([{ host: 'a', port: 443, address: '127.0.0.2' }]);
    assert.strictEqual(resolver.override('A', 443), '127.0.0.2');
    assert.strictEqual(resolver.override('a', 80), undefined);
  });

  it('reads proxy credentials and the proxy they are for from the environment, without ever repeating them', () => {
    assert.strictEqual(credentialsFromEnvironment({}), undefined);
    assert.deepStrictEqual(credentialsFromEnvironment({ ATP_PROXY_CREDENTIALS: 'CONTOSO\\svc:p:w@x@Proxy.contoso.com:8080' }), {
      user: 'CONTOSO\\svc',
      password: 'p:w@x',
      proxy: { host: 'Proxy.contoso.com', port: 8080 },
    });
    assert.deepStrictEqual(credentialsFromEnvironment({ ATP_PROXY_CREDENTIALS: 'svc@contoso.com:pw@[::1]:3128' }), {
      user: 'svc@contoso.com',
      password: 'pw',
      proxy: { host: '::1', port: 3128 },
    });
    // No proxy, or a proxy without its port (a password ending in "@host" must not quietly become port 80): refused.
    for (const value of ['secret-without-colon', 'svc:secret', 'svc:secret@proxy', 'svc:secret@proxy:x', ':secret@proxy:1']) {
      const bad = credentialsFromEnvironment({ ATP_PROXY_CREDENTIALS: value });
      assert.ok(bad && 'problem' in bad && !bad.problem.includes('secret'), value);
    }
    const provider = scopedProvider([{ user: 'u', password: 'p', proxy: { host: 'Proxy.contoso.com.', port: 8080 } }]);
    return Promise.all([
      provider({ host: 'proxy.contoso.com', port: 8080 }).then((c) => assert.deepStrictEqual(c, { user: 'u', password: 'p' })),
      provider({ host: 'proxy.contoso.com', port: 3128 }).then((c) => assert.strictEqual(c, undefined)),
      provider({ host: 'evil.contoso.com', port: 8080 }).then((c) => assert.strictEqual(c, undefined)),
    ]).then(() => assert.strictEqual(basicAuthorization({ user: 'u', password: 'p' }), `Basic ${Buffer.from('u:p').toString('base64')}`));
    assert.strictEqual(basicAuthorization({ user: 'u', password: 'p' }), `Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
