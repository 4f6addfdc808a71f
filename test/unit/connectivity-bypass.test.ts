import * as assert from 'assert';
import { bypassEntries, bypassMatches, matchingBypass } from '../../src/core/manifest/bypass';

describe('WinINET bypass list', () => {
  it('<local> matches names without a dot only', () => {
    assert.ok(bypassMatches('<local>', 'intranet', 443));
    assert.ok(!bypassMatches('<local>', 'contososensorapi.atp.azure.com', 443));
    assert.ok(!bypassMatches('<-loopback>', 'localhost', 443));
  });

  it('globs over the whole name, case-insensitive, * spanning dots', () => {
    assert.ok(bypassMatches('*.azure.com', 'contososensorapi.atp.azure.com', 443));
    assert.ok(bypassMatches('*.ATP.azure.com', 'contososensorapi.atp.azure.com', 443));
    assert.ok(bypassMatches('*sensorapi*', 'triprd1wceun1sensorapi.atp.azure.com', 443));
    assert.ok(bypassMatches('crl.microsoft.com', 'crl.microsoft.com', 443));
    assert.ok(!bypassMatches('*.azure.com', 'azure.com', 443));
    assert.ok(!bypassMatches('microsoft.com', 'crl.microsoft.com', 443));
    assert.ok(!bypassMatches('crl.microsoft.co?', 'crl.microsoft.comx', 443));
    assert.ok(bypassMatches('10.*', '10.1.2.3', 443));
  });

  it('honours a scheme and a port in an entry', () => {
    assert.ok(bypassMatches('https://*.microsoft.com', 'www.microsoft.com', 443));
    assert.ok(!bypassMatches('http://*.microsoft.com', 'www.microsoft.com', 443));
    assert.ok(bypassMatches('*.microsoft.com:443', 'www.microsoft.com', 443));
    assert.ok(!bypassMatches('*.microsoft.com:80', 'www.microsoft.com', 443));
  });

  it('splits ;-separated entries and reports the first that matches', () => {
    assert.deepStrictEqual(bypassEntries(['<local>;*.contoso.com', ' 10.* ']), ['<local>', '*.contoso.com', '10.*']);
    assert.strictEqual(matchingBypass(['<local>;*.contoso.com', '*.microsoft.com'], 'www.microsoft.com', 443), '*.microsoft.com');
    assert.strictEqual(matchingBypass(['<local>'], 'www.microsoft.com', 443), undefined);
  });
});
