import * as assert from 'assert';
import { DiskIO } from './support/diskIO';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { MAX_MANIFEST_BYTES } from '../../src/core/manifest/limits';

// Issue 18, lows: a manifest (or decode's .reg) that is a FIFO or a device is refused before a read that would block
// forever; decode and .reg import get the manifest size limit.
describe('input files: only regular files, within the size limit', function () {
  this.timeout(10_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-input-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a FIFO named as a manifest is refused at once by every command that reads one (a read would block)', async () => {
    const fifo = path.join(dir, 'pipe.atpproxy.json');
    execFileSync('mkfifo', [fifo]);
    for (const argv of [['validate'], ['fix'], ['encode', '--format', 'ps1'], ['test'], ['decode']]) {
      const io = new DiskIO(process.env, process.platform);
      const started = Date.now();
      assert.strictEqual(await run([...argv, fifo], io), 2, argv[0]);
      assert.ok(Date.now() - started < 2000, `${argv[0]} returned at once`);
      assert.match(
        io.err,
        new RegExp(
          `^atp-proxy ${argv[0]}: cannot read .*pipe\\.atpproxy\\.json: it is not a regular file \\(a FIFO, socket or device would block or never end\\)`,
        ),
        argv[0],
      );
    }
  });

  it('a device is refused too (/dev/zero never ends)', async () => {
    const io = new DiskIO(process.env, process.platform);
    assert.strictEqual(await run(['validate', '/dev/zero'], io), 2);
    assert.match(io.err, /\/dev\/zero: it is not a regular file/);
  });

  it('a symbolic link to a FIFO is a FIFO', async () => {
    const fifo = path.join(dir, 'pipe2');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'link.atpproxy.json');
    fs.symlinkSync(fifo, link);
    const io = new DiskIO(process.env, process.platform);
    assert.strictEqual(await run(['validate', link], io), 2);
    assert.match(io.err, /not a regular file/);
  });

  it('decode refuses a .reg over the size limit before reading it, naming a .reg export, and reads one at the limit', async () => {
    const big = path.join(dir, 'big.reg');
    fs.writeFileSync(big, Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20));
    const io = new DiskIO(process.env, process.platform);
    io.readFile = () => {
      throw new Error('must not be read');
    };
    assert.strictEqual(await run(['decode', big], io), 2);
    assert.match(io.err, /^atp-proxy decode: .*big\.reg is 10\.0 MB, over the 10 MB limit for a \.reg export/);
    assert.doesNotMatch(io.err, /manifest/);
    const atLimit = path.join(dir, 'limit.reg');
    fs.writeFileSync(atLimit, Buffer.alloc(MAX_MANIFEST_BYTES, 0x20));
    const io2 = new DiskIO(process.env, process.platform);
    assert.strictEqual(await run(['decode', atLimit], io2), 2);
    assert.doesNotMatch(io2.err, /limit/, 'read, then found malformed');
  });

  it('decode names a SensorConfiguration.json over the size limit as such, not as a manifest', async () => {
    const big = path.join(dir, 'SensorConfiguration.json');
    fs.writeFileSync(big, Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20));
    const io = new DiskIO(process.env, process.platform);
    assert.strictEqual(await run(['decode', big], io), 2);
    assert.match(io.err, /SensorConfiguration\.json is 10\.0 MB, over the 10 MB limit for a SensorConfiguration\.json/);
    assert.doesNotMatch(io.err, /manifest/);
  });

  it('decode still takes hex arguments that are not files', async () => {
    const io = new DiskIO(process.env, process.platform);
    assert.strictEqual(await run(['decode', '46000000', '02000000', '01000000'], io), 2);
    assert.match(io.err, /malformed value/);
  });
});
