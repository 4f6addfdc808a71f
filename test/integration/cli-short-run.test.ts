import * as assert from 'assert';
import { execFile } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { BIN, ROOT, ensureCliBundle } from './support/cli-bundle';

const run = promisify(execFile);
const NODE24 = path.join(ROOT, '.cache', 'node24', 'node_modules', 'node', 'bin', 'node');

/** A valid manifest of `sensors` sensors, one member per line (~80 bytes per sensor). */
function manifest(sensors: number): string {
  return `${JSON.stringify(
    {
      version: 1,
      instance: 'contoso',
      proxy: { mode: 'static', method: 'sensor', server: 'http://proxy.contoso.com:8080' },
      firewall: { allow: ['contososensorapi.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*'] },
      sensors: Array.from({ length: sensors }, (_, i) => ({ name: `DC${i}`, host: `dc${i}.contoso.com` })),
    },
    null,
    2,
  )}\n`;
}

/** Runs `validate --format json` with V8 tracing its optimizing compiles; the JSON report and how many Turbofan compiles finished. */
async function traced(node: string, file: string): Promise<{ report: unknown; turbofan: number }> {
  const { stdout } = await run(node, ['--trace-opt', BIN, 'validate', '--format', 'json', file], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout: string }) => error,
  );
  const lines = stdout.split('\n');
  return {
    report: JSON.parse(lines.find((l) => l.startsWith('[{')) ?? 'null'),
    turbofan: lines.filter((l) => /completed (compiling|optimizing).*TURBOFAN/.test(l)).length,
  };
}

describe('atp-proxy validate: V8 tuned for a short run (Node 24, the Node CI runs)', function () {
  this.timeout(120_000);
  let dir: string;

  before(async function () {
    if (!existsSync(NODE24)) this.skip(); // `npm run setup` installs it
    this.timeout(300_000);
    await ensureCliBundle();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atp-short-run-'));
  });

  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a 1 MB manifest runs without Turbofan, and reports what the Node without the tuning reports', async () => {
    const file = path.join(dir, 'estate.atpproxy.json');
    await fs.writeFile(file, manifest(15_000));
    assert.ok((await fs.stat(file)).size > 1_000_000);
    const short = await traced(NODE24, file);
    assert.strictEqual(short.turbofan, 0, 'no Turbofan compile in a short run');
    const plain = await traced(process.execPath, file); // Node 20: never tuned
    assert.deepStrictEqual(short.report, plain.report);
    assert.ok(Array.isArray(short.report));
  });

  it('past 3 MB the run keeps Turbofan, whose code pays off on a long run', async () => {
    const file = path.join(dir, 'large.atpproxy.json');
    await fs.writeFile(file, manifest(50_000));
    assert.ok((await fs.stat(file)).size > 3 * 1024 * 1024);
    const long = await traced(NODE24, file);
    assert.ok(long.turbofan > 0, 'Turbofan compiles in a long run');
  });
});
