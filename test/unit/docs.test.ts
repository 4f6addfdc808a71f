import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CODES } from '../../src/core/rules/codes';

const ROOT = path.resolve(__dirname, '../../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README documents the public contract', () => {
  it('every diagnostic code, with the anchor its helpUri points at', () => {
    for (const code of Object.keys(CODES)) {
      assert.ok(README.includes(`<a id="diagnostics-${code.toLowerCase()}"></a>${code}`), `${code} is not documented`);
    }
  });
  it('every CLI command', () => {
    for (const command of ['validate', 'fix', 'test', 'encode', 'apply', 'decode']) assert.ok(README.includes(`\`atp-proxy ${command} `), command);
  });
});
