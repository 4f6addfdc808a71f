import * as assert from 'assert';
import { complete } from '../../src/core/language/completion';
import { hover } from '../../src/core/language/hover';
import { outline } from '../../src/core/language/symbols';

/** Splits a fixture at its cursor marker `|`. */
function at(fixture: string): { text: string; offset: number } {
  const offset = fixture.indexOf('|');
  return { text: fixture.slice(0, offset) + fixture.slice(offset + 1), offset };
}

function labels(fixture: string): string[] {
  const { text, offset } = at(fixture);
  return complete(text, offset).map((c) => c.label);
}

describe('completion', () => {
  it('proposes the keys not yet present, required ones first', () => {
    const items = (() => {
      const { text, offset } = at('{ "version": 1, | }');
      return complete(text, offset);
    })();
    assert.ok(!items.some((i) => i.label === 'version'));
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    assert.deepStrictEqual(sorted.slice(0, 4), ['firewall', 'instance', 'proxy', 'region']);
  });
  it('proposes keys of nested sections', () => {
    assert.deepStrictEqual(labels('{ "firewall": { "port": 443, | } }'), ['allow', 'sslInspection']);
  });
  it('proposes enum values, clouds and regions', () => {
    assert.deepStrictEqual(labels('{ "firewall": { "sslInspection": "|" } }'), ['none', 'mutual', 'oneWay']);
    assert.deepStrictEqual(labels('{ "cloud": "|" }'), ['commercial', 'gcc', 'gcc-high', 'dod']);
    assert.deepStrictEqual(labels('{ "guidance": "|" }'), ['current', '2018']);
    assert.deepStrictEqual(labels('{ "sensor": "|" }'), ['v2', 'v3']);
    assert.deepStrictEqual(labels('{ "proxy": { "method": "|" } }'), ['sensor', 'wininet', 'policy', 'winhttp']);
    assert.deepStrictEqual(labels('{ "region": | }'), ['us', 'europe', 'asia']);
  });
  it('proposes what the current guidance needs: the sensor API or the streamlined domain, and the revocation paths', () => {
    assert.deepStrictEqual(labels('{ "instance": "contoso", "firewall": { "allow": [|] } }'), [
      'contososensorapi.atp.azure.com',
      'crl.microsoft.com',
      'ctldl.windowsupdate.com',
      'www.microsoft.com/pkiops/*',
      'www.microsoft.com/pki/*',
      '*.atp.azure.com',
    ]);
    assert.deepStrictEqual(labels('{ "sensor": "v3", "cloud": "gcc", "firewall": { "allow": [|] } }').slice(0, 1), ['*.endpoint.security.microsoft.us']);
  });
  it('2018: proposes the endpoints the instance and region need, and <local> in bypass', () => {
    const endpoints = labels('{ "guidance": "2018", "instance": "contoso", "region": "asia", "firewall": { "allow": [|] } }');
    assert.deepStrictEqual(endpoints, [
      'contososensorapi.atp.azure.com',
      'contoso.atp.azure.com',
      'triprd1wcasse1sensorapi.atp.azure.com',
      'crl.microsoft.com',
      'ctldl.windowsupdate.com',
      'www.microsoft.com',
      '*.atp.azure.com',
    ]);
    assert.deepStrictEqual(labels('{ "proxy": { "bypass": ["|"] } }'), ['<local>']);
    assert.deepStrictEqual(labels('{ "registry": { "targets": [|] } }'), ['LocalSystem', 'LocalService']);
  });
  it('inside allow, offers what the list does not have yet first, and never an entry already in it', () => {
    // contoso-review misses one of the two European endpoints; the other six are listed.
    const complete7 = labels(
      '{ "guidance": "2018", "instance": "contoso", "region": "europe", "firewall": { "allow": ["contososensorapi.atp.azure.com", "contoso.atp.azure.com", ' +
        '"triprd1wceun1sensorapi.atp.azure.com", "crl.microsoft.com", "ctldl.windowsupdate.com", "www.microsoft.com", | ] } }',
    );
    assert.deepStrictEqual(complete7, ['triprd1wceuw1sensorapi.atp.azure.com', '*.atp.azure.com']);
    // A wildcard covers the ATP names: only the revocation hosts are missing, and they come first.
    const wildcard = labels('{ "guidance": "2018", "instance": "contoso", "region": "asia", "firewall": { "allow": ["*.atp.azure.com", |] } }');
    assert.deepStrictEqual(wildcard.slice(0, 3), ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com']);
    assert.ok(!wildcard.includes('*.atp.azure.com'));
    // The entry being edited is not "already in the list": its own value is still offered.
    assert.ok(labels('{ "instance": "contoso", "region": "asia", "firewall": { "allow": ["crl.micro|"] } }').includes('crl.microsoft.com'));
  });
  it('replaces the whole string under the cursor, quotes included', () => {
    const { text, offset } = at('{ "proxy": { "mode": "st|" } }');
    const item = complete(text, offset).find((c) => c.label === 'static');
    assert.ok(item);
    assert.strictEqual(text.slice(item.offset, item.offset + item.length), '"st"');
    assert.strictEqual(item.insertText, '"static"');
  });
});

describe('hover', () => {
  it('explains a key', () => {
    const { text, offset } = at('{ "firewall": { "sslIns|pection": "none" } }');
    assert.match(hover(text, offset)?.markdown ?? '', /inspection/i);
  });
  it('explains an endpoint: which region and why (2018), or that current sensors do not use it', () => {
    const { text, offset } = at(
      '{ "guidance": "2018", "instance": "contoso", "region": "us", "firewall": { "allow": ["triprd1wc|eun1sensorapi.atp.azure.com"] } }',
    );
    const markdown = hover(text, offset)?.markdown ?? '';
    assert.match(markdown, /europe/);
    assert.match(markdown, /not needed here/);
    const current = at('{ "instance": "contoso", "firewall": { "allow": ["triprd1wc|eun1sensorapi.atp.azure.com"] } }');
    assert.match(hover(current.text, current.offset)?.markdown ?? '', /2018 guidance only\): current sensors do not use it/);
  });
  it('says which guidance needs an endpoint, its port and its source', () => {
    const { text, offset } = at('{ "instance": "contoso", "firewall": { "allow": ["www.microsoft.com/pki|ops/*"] } }');
    const markdown = hover(text, offset)?.markdown ?? '';
    assert.match(markdown, /TCP 80, plain HTTP/);
    assert.match(markdown, /required by the current guidance/);
    assert.match(markdown, /\[Connect to the Defender for Identity service\]\(https:\/\/learn\.microsoft\.com\//);
    const api = at('{ "instance": "contoso", "firewall": { "allow": ["contoso|sensorapi.atp.azure.com"] } }');
    assert.match(hover(api.text, api.offset)?.markdown ?? '', /TCP 443; required by the current and 2018 guidance/);
  });
  it('explains the instance sensor API record', () => {
    const { text, offset } = at('{ "instance": "contoso", "region": "us", "firewall": { "allow": ["contoso|sensorapi.atp.azure.com"] } }');
    assert.match(hover(text, offset)?.markdown ?? '', /Sensor API of instance "contoso"/);
  });
});

describe('outline', () => {
  it('lists members and names sensors by name', () => {
    const symbols = outline('{ "instance": "x", "sensors": [ { "name": "DC01", "host": "dc01" } ] }');
    assert.deepStrictEqual(
      symbols.map((s) => s.name),
      ['instance', 'sensors'],
    );
    assert.strictEqual(symbols[1].children[0].name, 'DC01');
    assert.strictEqual(symbols[1].detail, '1 item');
  });
});
