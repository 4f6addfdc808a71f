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
    assert.deepStrictEqual(labels('{ "cloud": "|" }'), ['commercial', 'gcc', 'gcc-high']);
    assert.deepStrictEqual(labels('{ "region": | }'), ['us', 'europe', 'asia']);
  });
  it('proposes the endpoints the instance and region need, and <local> in bypass', () => {
    const endpoints = labels('{ "instance": "contoso", "region": "asia", "firewall": { "allow": [|] } }');
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
      '{ "instance": "contoso", "region": "europe", "firewall": { "allow": ["contososensorapi.atp.azure.com", "contoso.atp.azure.com", ' +
        '"triprd1wceun1sensorapi.atp.azure.com", "crl.microsoft.com", "ctldl.windowsupdate.com", "www.microsoft.com", | ] } }',
    );
    assert.deepStrictEqual(complete7, ['triprd1wceuw1sensorapi.atp.azure.com', '*.atp.azure.com']);
    // A wildcard covers the ATP names: only the revocation hosts are missing, and they come first.
    const wildcard = labels('{ "instance": "contoso", "region": "asia", "firewall": { "allow": ["*.atp.azure.com", |] } }');
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
  it('explains an endpoint: which region and why', () => {
    const { text, offset } = at('{ "instance": "contoso", "region": "us", "firewall": { "allow": ["triprd1wc|eun1sensorapi.atp.azure.com"] } }');
    const markdown = hover(text, offset)?.markdown ?? '';
    assert.match(markdown, /europe/);
    assert.match(markdown, /not needed here/);
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
