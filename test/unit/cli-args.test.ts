import * as assert from 'assert';
import { parseArgs, UsageError } from '../../src/cli/args';

describe('cli arguments', () => {
  it('reads flags, values (both spellings), repeated options and positionals', () => {
    const args = parseArgs(['--write', '--format', 'json', '--ca=a.pem', '--ca', 'b.pem', 'x.json', '--', '--odd'], {
      flags: ['write'],
      values: ['format'],
      repeatable: ['ca'],
    });
    assert.ok(args.flags.has('write'));
    assert.strictEqual(args.values.get('format'), 'json');
    assert.deepStrictEqual(args.lists.get('ca'), ['a.pem', 'b.pem']);
    assert.deepStrictEqual(args.positionals, ['x.json', '--odd']);
  });
  it('rejects unknown options and missing values', () => {
    assert.throws(() => parseArgs(['--nope'], {}), UsageError);
    assert.throws(() => parseArgs(['--format'], { values: ['format'] }), UsageError);
  });
});
