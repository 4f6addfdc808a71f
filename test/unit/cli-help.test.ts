import * as assert from 'assert';
import { run } from '../../src/cli/main';
import { MemoryIO } from './support/memoryIO';

const COMMANDS = ['validate', 'fix', 'test', 'encode', 'preflight', 'apply', 'allowlist', 'decode'];

describe('atp-proxy --help', () => {
  for (const command of COMMANDS) {
    it(`${command} --help, -h and help ${command}: that command's usage, exit 0, nothing run`, async () => {
      for (const argv of [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
        [command, '--format', 'json', 'missing.json', '--help'],
      ]) {
        const io = new MemoryIO();
        assert.strictEqual(await run(argv, io), 0, argv.join(' '));
        assert.match(io.out, new RegExp(`^Usage: atp-proxy ${command} `), argv.join(' '));
        assert.match(io.out, /Exit 0/);
        assert.strictEqual(io.err, '', argv.join(' '));
      }
    });
  }
  it('atp-proxy --help and help list every command, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const io = new MemoryIO();
      assert.strictEqual(await run(argv, io), 0);
      for (const command of COMMANDS) assert.ok(io.out.includes(`atp-proxy ${command} `), `${argv[0]}: ${command}`);
    }
  });
  it('--help after -- is a file name, not a request for help', async () => {
    const io = new MemoryIO();
    assert.strictEqual(await run(['validate', '--', '--help'], io), 2);
    assert.match(io.err, /cannot read --help: no such file/);
  });
  it('help for an unknown command (or an inherited property name) is a usage error', async () => {
    for (const argv of [['help', 'frobnicate'], ['help', 'constructor'], ['constructor']]) {
      const io = new MemoryIO();
      assert.strictEqual(await run(argv, io), 2, argv.join(' '));
      assert.match(io.err, /unknown command/);
    }
  });
});
