import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';

const BIN = path.resolve(__dirname, '../../../bin/atp-proxy.js');
const EXAMPLE = path.resolve(__dirname, '../../../examples/contoso-sensor.atpproxy.jsonc');

/** Runs the real CLI (dist/, built before the tests) with a stdout whose reader has gone before anything is written. */
function runWithClosedReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// `atp-proxy preflight m | head` or a pipeline step that stops reading: the reader goes, the write fails with EPIPE.
describe('stdout whose reader has gone (atp-proxy … | head)', function () {
  this.timeout(20_000);

  it('ends quietly with the exit code of the command, no stack trace', async () => {
    for (const args of [
      ['preflight', EXAMPLE],
      ['validate', '--format', 'json', EXAMPLE],
    ]) {
      const { code, stderr } = await runWithClosedReader(args);
      assert.strictEqual(code, 0, `${args[0]}: ${stderr}`);
      assert.doesNotMatch(stderr, /EPIPE|Unhandled|at /, args[0]);
    }
  });
});
