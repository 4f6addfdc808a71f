import * as assert from 'assert';
import { httpsProxy, parseProxyServer } from '../../src/core/manifest/proxyServer';
import { bypassMatches } from '../../src/core/manifest/bypass';
import { covers, requiredEndpoints, atpDomainOf } from '../../src/core/catalog/catalog';

describe('WinINET proxy server strings', () => {
  it('parses host:port, IPv4, [IPv6] and per-protocol lists', () => {
    assert.deepStrictEqual(parseProxyServer('proxy.contoso.com:8080'), { ok: true, entries: [{ protocol: undefined, host: 'proxy.contoso.com', port: 8080 }] });
    assert.ok(parseProxyServer('10.0.0.1:3128').ok);
    assert.ok(parseProxyServer('[fe80::1]:3128').ok);
    const list = parseProxyServer('http=p1:80; https=p2:443');
    assert.ok(list.ok);
    assert.strictEqual(list.ok && httpsProxy(list.entries)?.host, 'p2');
  });
  it('rejects what WinINET would not use, with the reason', () => {
    for (const bad of [
      '',
      'proxy',
      'proxy:0',
      'proxy:65536',
      'proxy:80x',
      'pro xy:80',
      'a:1;b:2',
      'http=p:1;;https=p:2',
      'gopher=p:1',
      'http=p:1;http=p:2',
      '-proxy:80',
    ]) {
      const parsed = parseProxyServer(bad);
      assert.strictEqual(parsed.ok, false, bad);
      assert.ok(!parsed.ok && parsed.reason.length > 0);
    }
  });
  it('finds credentials', () => {
    const parsed = parseProxyServer('http://svc:pw@proxy:8080');
    assert.ok(parsed.ok && parsed.entries[0].credentials === 'svc:pw');
  });
  it('matches bypass entries the WinINET way', () => {
    assert.ok(bypassMatches('*.atp.azure.com', 'x.atp.azure.com'));
    assert.ok(bypassMatches('*azure*', 'x.atp.azure.com'));
    assert.ok(!bypassMatches('<local>', 'x.atp.azure.com'));
    assert.ok(bypassMatches('<local>', 'intranet'));
    assert.ok(!bypassMatches('*.contoso.com', 'contososensorapi.atp.azure.com'));
    assert.ok(bypassMatches('CRL.microsoft.com', 'crl.microsoft.com'));
  });
});

describe('endpoint catalog', () => {
  it('lists what a commercial instance in a region needs', () => {
    const hosts = requiredEndpoints('commercial', 'asia', 'woodgrove').map((e) => e.host);
    assert.deepStrictEqual(hosts, [
      'woodgrovesensorapi.atp.azure.com',
      'woodgrove.atp.azure.com',
      'triprd1wcasse1sensorapi.atp.azure.com',
      'crl.microsoft.com',
      'ctldl.windowsupdate.com',
      'www.microsoft.com',
    ]);
  });
  it('has no regional endpoints or console outside the commercial cloud', () => {
    assert.deepStrictEqual(
      requiredEndpoints('gcc', 'us', 'adatum')
        .map((e) => e.host)
        .slice(0, 1),
      ['adatumsensorapi.gcc.atp.azure.com'],
    );
    assert.strictEqual(requiredEndpoints('gcc-high', 'us', 'adatum').length, 4);
  });
  it('wildcards cover names under the domain, not the domain itself', () => {
    assert.ok(covers('*.atp.azure.com', 'a.b.atp.azure.com'));
    assert.ok(!covers('*.atp.azure.com', 'atp.azure.com'));
    assert.ok(covers('CRL.microsoft.com.', 'crl.microsoft.com'));
  });
  it('knows the most specific ATP domain of a name', () => {
    assert.strictEqual(atpDomainOf('xsensorapi.gcc.atp.azure.com'), 'gcc.atp.azure.com');
    assert.strictEqual(atpDomainOf('x.atp.azure.us'), 'atp.azure.us');
    assert.strictEqual(atpDomainOf('crl.microsoft.com'), undefined);
  });
});
