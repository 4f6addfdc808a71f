import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../src/core/rules/codes';
import { validate } from '../../src/core/rules/validate';
import { MANIFEST_SHAPE, Shape } from '../../src/core/manifest/shape';

/** Every member path of a shape: `proxy.mode`, `sensors[].name`. */
function memberPaths(shape: Shape, prefix = ''): string[] {
  if (shape.type === 'array') return shape.items.type === 'object' ? memberPaths(shape.items, `${prefix}[]`) : [];
  if (shape.type !== 'object') return [];
  return Object.entries(shape.properties).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    // winhttp's two members are described in its own row.
    return [path, ...(key === 'winhttp' ? [] : memberPaths(child, path))];
  });
}

const ROOT = path.resolve(__dirname, '../../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README documents the public contract', () => {
  it('every diagnostic code, with the anchor its helpUri points at', () => {
    for (const code of Object.keys(CODES)) {
      assert.ok(README.includes(`<a id="diagnostics-${code.toLowerCase()}"></a>${code}`), `${code} is not documented`);
    }
  });
  it('the manifest: a row for every member of the shape, with the codes that read it linked to the diagnostics', () => {
    const section = README.slice(README.indexOf('## The manifest'), README.indexOf('## Diagnostics'));
    for (const member of memberPaths(MANIFEST_SHAPE)) {
      const anchor = `manifest-${member
        .toLowerCase()
        .replace(/\[\]/g, '')
        .replace(/[.$]/g, (c) => (c === '.' ? '-' : ''))}`;
      const row = section.split('\n').find((l) => l.startsWith(`| <a id="${anchor}"></a>\`${member}\` |`));
      assert.ok(row, `${member} has no row (#${anchor})`);
      assert.strictEqual(row.split(' | ').length, 5, `${member}: member, type, default, allowed values, read by`);
    }
    for (const [, target] of README.matchAll(/\]\(#(manifest-[\w-]+|diagnostics-atp\d+)\)/g))
      assert.ok(README.includes(`<a id="${target}"></a>`), `link to #${target} has no anchor`);
    const diagnostics = README.slice(README.indexOf('## Diagnostics'));
    assert.ok(diagnostics.includes('](#manifest-firewall-allow)'), 'the diagnostics table links to the manifest reference');
  });
  it('the manifest example validates without findings', () => {
    const section = README.slice(README.indexOf('## The manifest'), README.indexOf('## Diagnostics'));
    const example = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(example);
    assert.deepStrictEqual(
      validate(example).map((f) => `${f.code} ${f.message}`),
      [],
    );
  });
  it('every CLI command', () => {
    for (const command of ['validate', 'fix', 'test', 'encode', 'apply', 'decode', 'report']) assert.ok(README.includes(`\`atp-proxy ${command} `), command);
  });
});

describe('the walkthrough and the README introduction follow the current guidance (SPEC sections 1, 4, 7)', () => {
  const walkthrough = (name: string): string => fs.readFileSync(path.join(ROOT, 'media', 'walkthrough', name), 'utf8');
  const before = (text: string, first: string, second: string): void => {
    assert.ok(text.includes(first) && text.includes(second), `missing ${first} or ${second}`);
    assert.ok(text.indexOf(first) < text.indexOf(second), `${first} must come before ${second}`);
  };
  it('script.md: method sensor first (Deployer, Setup.exe switches, module), then v3, WinINET as the legacy method', () => {
    const text = walkthrough('script.md');
    for (const needed of ['Deployer.exe', 'ProxyUrl=', 'Set-MDISensorProxyConfiguration', 'TelemetryProxyServer']) assert.ok(text.includes(needed), needed);
    before(text, 'method `sensor`', 'method `policy`');
    before(text, 'method `policy`', 'method `wininet`');
    assert.match(text, /method `wininet`\*\*, the method Microsoft calls legacy/);
  });
  it('apply.md: the sensor configuration rows and the apply through the Deployer', () => {
    const text = walkthrough('apply.md');
    for (const needed of ['SensorConfiguration.json', 'Proxy URL', 'Sensor API address', 'Deployer.exe', 'Import Sensor Configuration']) {
      assert.ok(text.includes(needed), needed);
    }
  });
  it('test.md: revocation lists with a GET on 80, the service with CONNECT and TLS on 443, a proxy login only for method sensor', () => {
    const text = walkthrough('test.md');
    assert.match(text, /revocation lists[\s\S]*GET on port 80/);
    assert.match(text, /`CONNECT` and TLS on \*\*port 443\*\*/);
    assert.match(text, /method `sensor` and a `proxy.user`, the sensor can answer the proxy\s+login/);
  });
  it('the README introduction puts the current guidance first and the 2018 procedure as a profile', () => {
    const intro = README.slice(0, README.indexOf('## Get started'));
    before(intro, "sensor's own proxy", 'WinINET');
    before(intro, 'current', '2018');
    for (const needed of ['port 443', 'port 80', '"guidance": "2018"']) assert.ok(intro.includes(needed), needed);
  });
});
