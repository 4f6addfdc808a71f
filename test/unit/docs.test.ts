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
