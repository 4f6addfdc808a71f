import * as assert from 'assert';
import { httpsProxy, parseProxyServer } from '../../src/core/manifest/proxyServer';
import { bypassMatches } from '../../src/core/manifest/bypass';
import catalogData from '../../src/core/catalog/endpoints.json';
import { CLOUDS, type Cloud, type Region, cloudRoot, covers, requiredEndpoints, atpDomainOf } from '../../src/core/catalog/catalog';

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
  const q = (guidance: '2018' | 'current', sensor: 'v2' | 'v3', cloud: Cloud, region: Region | undefined, instance: string) =>
    requiredEndpoints({ guidance, sensor, cloud, region, instance }).map((e) => `${e.entry}:${e.port}`);
  it('2018: the sensor API, console, regional endpoints and three revocation hosts', () => {
    assert.deepStrictEqual(q('2018', 'v2', 'commercial', 'asia', 'woodgrove'), [
      'woodgrovesensorapi.atp.azure.com:443',
      'woodgrove.atp.azure.com:443',
      'triprd1wcasse1sensorapi.atp.azure.com:443',
      'crl.microsoft.com:80',
      'ctldl.windowsupdate.com:80',
      'www.microsoft.com:80',
    ]);
  });
  it('current v2: the sensor API and the four revocation entries over HTTP, whatever the region', () => {
    const expected = [
      'woodgrovesensorapi.atp.azure.com:443',
      'crl.microsoft.com:80',
      'ctldl.windowsupdate.com:80',
      'www.microsoft.com/pkiops/*:80',
      'www.microsoft.com/pki/*:80',
    ];
    assert.deepStrictEqual(q('current', 'v2', 'commercial', 'asia', 'woodgrove'), expected);
    assert.deepStrictEqual(q('current', 'v2', 'commercial', undefined, 'woodgrove'), expected);
  });
  it('current v3: the cloud streamlined domain instead of the sensor API', () => {
    assert.deepStrictEqual(q('current', 'v3', 'commercial', undefined, 'woodgrove')[0], '*.endpoint.security.microsoft.com:443');
    for (const cloud of ['gcc', 'gcc-high', 'dod'] as const)
      assert.deepStrictEqual(q('current', 'v3', cloud, undefined, 'x')[0], '*.endpoint.security.microsoft.us:443');
  });
  it('has no regional endpoints or console outside the commercial cloud', () => {
    assert.deepStrictEqual(q('2018', 'v2', 'gcc', 'us', 'adatum').slice(0, 1), ['adatumsensorapi.gcc.atp.azure.com:443']);
    assert.strictEqual(q('2018', 'v2', 'gcc-high', 'us', 'adatum').length, 4);
    assert.deepStrictEqual(q('current', 'v2', 'dod', undefined, 'adatum').slice(0, 1), ['adatumsensorapi.atp.azure.us:443']);
  });
  it('every fact carries its source, and revocation entries a published URL on port 80', () => {
    for (const cloud of CLOUDS) {
      for (const e of requiredEndpoints({ guidance: 'current', sensor: 'v2', cloud, instance: 'x' })) {
        assert.match(e.source.url, /^https:\/\/(learn|docs)\.microsoft\.com\//);
        assert.ok(e.source.title.length > 10);
        if (e.kind === 'revocation') {
          assert.match(e.probeUrl ?? '', /^http:\/\//);
          assert.ok(covers(e.entry, new URL(e.probeUrl!).host + new URL(e.probeUrl!).pathname), `${e.entry} covers its probe URL`);
        }
      }
      assert.match(cloudRoot(cloud).sha1, /^[0-9a-f]{40}$/);
    }
    assert.strictEqual(cloudRoot('commercial').name, 'DigiCert Global Root G2');
    assert.strictEqual(cloudRoot('gcc').name, 'DigiCert Global Root G2');
    assert.strictEqual(cloudRoot('gcc-high').name, 'DigiCert Global Root CA');
    assert.strictEqual(cloudRoot('dod').name, 'DigiCert Global Root CA');
  });
  it('every revocation probe URL cites the Microsoft page that names it, under both guidances', () => {
    for (const guidance of ['current', '2018'] as const) {
      for (const e of requiredEndpoints({ guidance, sensor: 'v2', cloud: 'commercial', region: 'europe', instance: 'x' })) {
        if (e.kind !== 'revocation') continue;
        assert.match(e.probeSource?.url ?? '', /^https:\/\/learn\.microsoft\.com\//, `${guidance} ${e.entry}`);
        assert.ok((e.probeSource?.title.length ?? 0) > 10, `${guidance} ${e.entry}`);
      }
    }
  });
  it('every source a catalog fact names exists in the catalog sources', () => {
    const named: string[] = [];
    const walk = (value: unknown, key = ''): void => {
      if (typeof value === 'string' && /source$/i.test(key)) named.push(value);
      else if (Array.isArray(value)) value.forEach((v) => walk(v));
      else if (value && typeof value === 'object' && key !== 'sources') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(catalogData);
    assert.ok(named.length > 20, `only ${named.length} source references found`);
    for (const id of named) assert.ok(Object.prototype.hasOwnProperty.call(catalogData.sources, id), `unknown source "${id}"`);
  });
  it('URL patterns: a bare host covers every path, a prefix the paths under it, a wildcard no bare domain', () => {
    assert.ok(covers('www.microsoft.com', 'www.microsoft.com/pkiops/*'));
    assert.ok(covers('www.microsoft.com/pkiops/*', 'www.microsoft.com/pkiops/crl/x.crl'));
    assert.ok(covers('www.microsoft.com/*', 'www.microsoft.com/pki/*'));
    assert.ok(!covers('www.microsoft.com/pki/*', 'www.microsoft.com'));
    assert.ok(!covers('www.microsoft.com/pki/*', 'www.microsoft.com/other/x'));
    assert.ok(!covers('www.microsoft.com/pki/certs', 'www.microsoft.com/pki/*'));
    assert.ok(covers('*.microsoft.com', 'www.microsoft.com/pki/*'));
    assert.ok(covers('*.security.microsoft.com', '*.endpoint.security.microsoft.com'));
    assert.ok(!covers('edr.endpoint.security.microsoft.com', '*.endpoint.security.microsoft.com'));
    assert.ok(!covers('*.endpoint.security.microsoft.com', 'endpoint.security.microsoft.com'));
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
