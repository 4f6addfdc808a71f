import * as assert from 'assert';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { buildTestPlan, endpointKey, TestPlan } from '../../src/core/connectivity/testPlan';

function plan(manifest: object, pacUrl?: string): ReturnType<typeof buildTestPlan> {
  return buildTestPlan(settingsOf(parseManifest(JSON.stringify(manifest)).manifest), { pacUrl });
}

function ok(result: ReturnType<typeof buildTestPlan>): TestPlan {
  if ('problem' in result) assert.fail(result.problem);
  return result;
}

const base = {
  version: 1,
  instance: 'contoso',
  region: 'europe',
  proxy: { mode: 'static', server: 'proxy.contoso.com:8080' },
  firewall: { port: 443, allow: [] },
};

describe('connectivity plan', () => {
  it('lists every endpoint the manifest needs, once: the service on 443 whatever firewall.port says (the sensor’s port), revocation lists on 80 by URL', () => {
    const p = ok(plan({ ...base, instance: 'Contoso', firewall: { port: 8443 } }));
    assert.deepStrictEqual(
      p.endpoints.map((e) => [e.entry ?? e.host, e.host, e.port, e.ping, e.probeUrl?.replace(/^(http:\/\/[^/]+\/[^/]+\/).*$/, '$1')]),
      [
        ['contososensorapi.atp.azure.com', 'contososensorapi.atp.azure.com', 443, true, undefined],
        ['crl.microsoft.com', 'crl.microsoft.com', 80, false, 'http://crl.microsoft.com/pki/'],
        ['ctldl.windowsupdate.com', 'ctldl.windowsupdate.com', 80, false, 'http://ctldl.windowsupdate.com/msdownload/'],
        ['www.microsoft.com/pkiops/*', 'www.microsoft.com', 80, false, 'http://www.microsoft.com/pkiops/'],
        ['www.microsoft.com/pki/*', 'www.microsoft.com', 80, false, 'http://www.microsoft.com/pki/'],
      ],
    );
    assert.strictEqual(new Set(p.endpoints.map(endpointKey)).size, p.endpoints.length);
  });

  it('the 2018 guidance adds the console and regional records; its bare www.microsoft.com is one GET', () => {
    const p = ok(plan({ ...base, guidance: '2018' }));
    assert.deepStrictEqual(
      p.endpoints.map((e) => [endpointKey(e), e.port, e.ping]),
      [
        ['contososensorapi.atp.azure.com', 443, true],
        ['contoso.atp.azure.com', 443, false],
        ['triprd1wceun1sensorapi.atp.azure.com', 443, true],
        ['triprd1wceuw1sensorapi.atp.azure.com', 443, true],
        ['crl.microsoft.com', 80, false],
        ['ctldl.windowsupdate.com', 80, false],
        ['www.microsoft.com', 80, false],
      ],
    );
  });

  it('uses the cloud: gcc-high has only the sensor API record and the revocation lists', () => {
    const p = ok(plan({ ...base, cloud: 'gcc-high', region: undefined }));
    assert.deepStrictEqual(p.endpoints.map(endpointKey), [
      'contososensorapi.atp.azure.us',
      'crl.microsoft.com',
      'ctldl.windowsupdate.com',
      'www.microsoft.com/pkiops/*',
      'www.microsoft.com/pki/*',
    ]);
  });

  it('decides the routing from the mode', () => {
    assert.strictEqual(ok(plan(base)).routing.mode, 'static');
    assert.strictEqual(ok(plan({ ...base, proxy: { mode: 'direct' } })).routing.mode, 'direct');
    assert.strictEqual(ok(plan({ ...base, proxy: { mode: 'transparent' } })).routing.mode, 'direct');
    assert.deepStrictEqual(ok(plan({ ...base, proxy: { mode: 'pac', pacUrl: 'http://p/proxy.pac' } })).routing, {
      mode: 'pac',
      url: 'http://p/proxy.pac',
      reason: 'PAC file http://p/proxy.pac',
      manifestProxy: undefined,
    });
    // The manifest's server is the proxy a PAC answer is expected to name (the report says when it names another).
    const pacWithServer = ok(plan({ ...base, proxy: { mode: 'pac', pacUrl: 'http://p/proxy.pac', server: 'http=a:1;https=Proxy.Contoso.com:8080' } })).routing;
    assert.deepStrictEqual(pacWithServer.mode === 'pac' && pacWithServer.manifestProxy, { host: 'Proxy.Contoso.com', port: 8080 });
    const wpad = ok(plan({ ...base, proxy: { mode: 'wpad' } }, 'http://wpad.contoso.com/wpad.dat')).routing;
    assert.strictEqual(wpad.mode === 'pac' && wpad.url, 'http://wpad.contoso.com/wpad.dat');
  });

  it('says why a manifest cannot be tested', () => {
    const problem = (m: object, pacUrl?: string): string => {
      const result = plan(m, pacUrl);
      assert.ok('problem' in result, 'expected a problem');
      return result.problem;
    };
    assert.match(problem({ ...base, instance: undefined }), /no "instance"/);
    assert.match(problem({ ...base, instance: '-bad-' }), /not a valid DNS label/);
    assert.match(problem({ ...base, guidance: '2018', region: undefined }), /no "region"/);
    assert.match(problem({ ...base, region: 'mars' }), /Unknown region "mars"/);
    assert.match(problem({ ...base, cloud: 'moon' }), /Unknown cloud "moon"/);
    assert.match(problem({ ...base, proxy: { mode: 'static' } }), /proxy.server is missing/);
    assert.match(problem({ ...base, proxy: { mode: 'static', server: 'proxy:99999' } }), /port must be a number/);
    assert.match(problem({ ...base, proxy: { mode: 'static', server: 'http://u:p@proxy:8080' } }), /credentials/);
    assert.match(problem({ ...base, proxy: { mode: 'pac' } }), /pacUrl is missing/);
    assert.match(problem({ ...base, proxy: { mode: 'pac', pacUrl: 'ftp://x/p.pac' } }), /http:\/\/ or https:\/\//);
    assert.match(problem({ ...base, proxy: { mode: 'wpad' } }), /--pac-url/);
    assert.match(problem({ ...base, proxy: {} }), /proxy.mode is missing/);
  });
});

describe('connectivity plan, sensor v3', () => {
  const v3 = {
    version: 1,
    sensor: 'v3',
    instance: 'contoso',
    proxy: { mode: 'static', method: 'policy', server: 'proxy.contoso.com:8080', bypass: ['*.endpoint.security.microsoft.com'] },
    firewall: { port: 443, allow: [] },
  };

  it('tests the host Microsoft documents under the commercial streamlined domain, keyed by the wildcard, TLS only', () => {
    const p = ok(plan(v3));
    assert.deepStrictEqual(
      p.endpoints.map((e) => [endpointKey(e), e.host, e.port, e.kind, e.ping, e.root]),
      [
        ['*.endpoint.security.microsoft.com', 'mdav.us.endpoint.security.microsoft.com', 443, 'streamlined', false, undefined],
        ['crl.microsoft.com', 'crl.microsoft.com', 80, 'revocation', false, undefined],
        ['ctldl.windowsupdate.com', 'ctldl.windowsupdate.com', 80, 'revocation', false, undefined],
        ['www.microsoft.com/pkiops/*', 'www.microsoft.com', 80, 'revocation', false, undefined],
        ['www.microsoft.com/pki/*', 'www.microsoft.com', 80, 'revocation', false, undefined],
      ],
    );
    assert.ok(!p.endpoints.some((e) => e.host.includes('sensorapi')), 'a v3 plan has no <instance>sensorapi host');
    assert.deepStrictEqual(p.untested ?? [], []);
  });

  it('method policy: TelemetryProxyServer has no bypass list, so every endpoint goes to the proxy', () => {
    const p = ok(plan(v3));
    assert.strictEqual(p.routing.mode, 'static');
    if (p.routing.mode === 'static') assert.deepStrictEqual(p.routing.bypass, []);
  });

  it('method winhttp: the WinHttpSettings proxy and its bypass list, as encode writes them', () => {
    const p = ok(plan({ ...v3, proxy: { ...v3.proxy, method: 'winhttp', bypass: ['<local>', '*.endpoint.security.microsoft.com'] } }));
    assert.strictEqual(p.routing.mode, 'static');
    if (p.routing.mode === 'static') {
      assert.strictEqual(p.routing.server, 'proxy.contoso.com:8080');
      assert.deepStrictEqual(p.routing.bypass, ['<local>', '*.endpoint.security.microsoft.com']);
    }
  });

  it('a per-protocol server list is a plan problem for the v3 methods (one host:port)', () => {
    const result = plan({ ...v3, proxy: { ...v3.proxy, server: 'http=a:1;https=b:2' } });
    assert.ok('problem' in result);
    assert.match(result.problem, /one proxy for every protocol/);
  });

  for (const cloud of ['gcc', 'gcc-high', 'dod']) {
    it(`${cloud}: Microsoft names no host under *.endpoint.security.microsoft.us: untested with why, no guessed host`, () => {
      const p = ok(plan({ ...v3, cloud }));
      assert.deepStrictEqual(
        p.endpoints.map((e) => e.kind),
        ['revocation', 'revocation', 'revocation', 'revocation'],
      );
      assert.strictEqual(p.untested?.length, 1);
      const [u] = p.untested ?? [];
      assert.strictEqual(u.entry, '*.endpoint.security.microsoft.us');
      assert.strictEqual(u.port, 443);
      assert.match(u.detail, new RegExp(`names no concrete host .* for the ${cloud} cloud`));
      assert.match(u.detail, /streamlined-device-connectivity-urls-gov/);
    });
  }
});
