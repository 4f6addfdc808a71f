import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { INSTANCE_PATTERN, MAX_INSTANCE_LENGTH, isValidInstance } from '../../src/core/manifest/instanceName';

const ROOT = path.resolve(__dirname, '../../..');
const SHIPPED = path.join(ROOT, 'syntaxes', 'atp-proxy-manifest.schema.json');

describe('the shipped JSON Schema is what the generator makes', () => {
  it('syntaxes/atp-proxy-manifest.schema.json equals `node scripts/generate-schema.js --stdout`', () => {
    const generated = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-schema.js'), '--stdout'], { encoding: 'utf8' });
    assert.strictEqual(
      fs.readFileSync(SHIPPED, 'utf8'),
      generated,
      'the schema is stale: run `npm run compile-tests && node scripts/generate-schema.js` and commit syntaxes/atp-proxy-manifest.schema.json',
    );
  });

  it('carries the instance rule of ATP160, not a copy of it', () => {
    const schema = JSON.parse(fs.readFileSync(SHIPPED, 'utf8')) as { properties: { instance: { pattern: string } } };
    assert.strictEqual(schema.properties.instance.pattern, INSTANCE_PATTERN.source);
    const pattern = new RegExp(schema.properties.instance.pattern);
    // The schema and the rule agree on both sides of every edge.
    for (const value of ['a', 'contoso-corp', 'a'.repeat(MAX_INSTANCE_LENGTH), 'a'.repeat(MAX_INSTANCE_LENGTH + 1), '-a', 'a-', 'A', 'a_b', '']) {
      assert.strictEqual(pattern.test(value), isValidInstance(value), JSON.stringify(value));
    }
    assert.strictEqual(MAX_INSTANCE_LENGTH + 'sensorapi'.length, 63);
  });

  it('describes each proxy mode as the current guidance uses it, not as a WinINET setting', () => {
    const schema = JSON.parse(fs.readFileSync(SHIPPED, 'utf8')) as { properties: { proxy: { properties: { mode: { description: string; enum: string[] } } } } };
    const mode = schema.properties.proxy.properties.mode;
    assert.doesNotMatch(mode.description, /WinINET/);
    for (const value of mode.enum) assert.match(mode.description, new RegExp(`(^|; )${value}: `), value);
    assert.match(mode.description, /static: [^;]*`method`/);
    assert.match(mode.description, /wpad: [^;]*nothing to configure/);
  });
});
