import * as assert from 'assert';
import { compilePac, pacRoute, PacScript } from '../../src/core/connectivity/pac';
import { parsePacAnswer } from '../../src/core/connectivity/pacResult';
import { PlannedEndpoint } from '../../src/core/connectivity/testPlan';
import { Resolver } from '../../src/core/connectivity/resolve';
import { viaOf } from '../../src/core/connectivity/route';

const endpoint: PlannedEndpoint = { host: 'contososensorapi.atp.azure.com', port: 443, kind: 'sensorApi', ping: true };
const never = new AbortController().signal;

async function compiled(text: string, resolver = new Resolver()): Promise<Extract<PacScript, { findProxy: unknown }>> {
  const script = await compilePac(text, resolver);
  if ('problem' in script) assert.fail(script.problem);
  return script;
}

describe('PAC answers', () => {
  it('keeps PROXY and DIRECT entries in order', () => {
    const answer = parsePacAnswer('PROXY a.contoso.com:8080; PROXY b:3128;DIRECT');
    assert.deepStrictEqual(answer.hops.map(viaOf), ['a.contoso.com:8080', 'b:3128', 'DIRECT']);
    assert.deepStrictEqual(answer.ignored, []);
  });

  it('treats an empty answer as DIRECT and sets aside what WinINET cannot use', () => {
    assert.deepStrictEqual(parsePacAnswer('  ').hops.map(viaOf), ['DIRECT']);
    const answer = parsePacAnswer('SOCKS s:1080; HTTPS t:443; PROXY; PROXY ok:80');
    assert.deepStrictEqual(answer.hops.map(viaOf), ['ok:80']);
    assert.deepStrictEqual(answer.ignored, ['SOCKS s:1080', 'HTTPS t:443', 'PROXY']);
  });
});

describe('PAC evaluation (QuickJS sandbox)', () => {
  it('evaluates FindProxyForURL with the PAC helpers', async () => {
    const script = await compiled(
      'function FindProxyForURL(url, host) { if (dnsDomainIs(host, ".microsoft.com")) return "DIRECT"; return "PROXY p:3128; DIRECT"; }',
    );
    assert.strictEqual(await script.findProxy('https://crl.microsoft.com/', 'crl.microsoft.com'), 'DIRECT');
    const route = await pacRoute(script, 'http://p/proxy.pac', endpoint, never);
    assert.deepStrictEqual(route.hops.map(viaOf), ['p:3128', 'DIRECT']);
    assert.match(route.reason, /PROXY p:3128; DIRECT/);
  });

  it('resolves names in the PAC with the --resolve overrides', async () => {
    const resolver = new Resolver([{ host: 'contososensorapi.atp.azure.com', port: 443, address: '10.9.8.7' }]);
    const script = await compiled(
      'function FindProxyForURL(url, host) { return isInNet(host, "10.0.0.0", "255.0.0.0") ? "PROXY inner:1" : "PROXY " + dnsResolve(host) + ":2"; }',
      resolver,
    );
    assert.strictEqual(await script.findProxy('https://contososensorapi.atp.azure.com/', 'contososensorapi.atp.azure.com'), 'PROXY inner:1');
  });

  it('stops a script that never returns, and falls back to DIRECT as WinINET does', async function () {
    this.timeout(10000);
    const script = await compiled('function FindProxyForURL(url, host) { while (true) {} }');
    const started = Date.now();
    const route = await pacRoute(script, 'http://p/loop.pac', endpoint, never);
    assert.ok(Date.now() - started < 5000);
    assert.deepStrictEqual(route.hops.map(viaOf), ['DIRECT']);
    assert.match(route.reason, /ran longer than/);
  });

  it('reports a script that does not compile, and keeps alert() off stdout', async () => {
    const broken = await compilePac('function FindProxyForURL(url, host) { return ', new Resolver());
    assert.ok('problem' in broken);
    const route = await pacRoute(broken, 'http://p/broken.pac', endpoint, never);
    assert.deepStrictEqual(route.hops.map(viaOf), ['DIRECT']);
    assert.match(route.reason, /cannot be used .*does not compile/);
    const chatty = await compiled('function FindProxyForURL(url, host) { alert("hello"); return "DIRECT"; }');
    assert.strictEqual(await chatty.findProxy('https://a/', 'a'), 'DIRECT');
  });
});
