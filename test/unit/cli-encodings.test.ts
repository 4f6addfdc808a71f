import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { decodeFile, detectEncoding, encodeFile } from '../../src/core/text/fileEncoding';
import { DiskIO } from './support/diskIO';

// Real files written by PowerShell (test/fixtures/encodings/README.md): the same manifest in four encodings, CRLF.
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/encodings');
const ENCODINGS = [
  { file: 'utf16le-bom.atpproxy.jsonc', charset: 'utf-16le', bom: [0xff, 0xfe] },
  { file: 'utf8-bom.atpproxy.jsonc', charset: 'utf-8', bom: [0xef, 0xbb, 0xbf] },
  { file: 'utf16be-bom.atpproxy.jsonc', charset: 'utf-16be', bom: [0xfe, 0xff] },
  { file: 'utf8.atpproxy.jsonc', charset: 'utf-8', bom: [] },
] as const;
const MISSING = 'triprd1wceuw1sensorapi.atp.azure.com';

describe('manifests in the encodings Windows PowerShell writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-enc-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { file, charset, bom } of ENCODINGS) {
    it(`${file}: validate reads it as the editor does (one ATP110, nothing about the BOM or the bytes)`, async () => {
      const io = new DiskIO();
      assert.strictEqual(await run(['validate', '--format', 'json', path.join(FIXTURES, file)], io), 1, io.err);
      const [report] = JSON.parse(io.out) as { findings: { code: string; message: string; range: { start: { line: number } } }[] }[];
      assert.deepStrictEqual(
        report.findings.map((f) => f.code),
        ['ATP110'],
      );
      assert.ok(report.findings[0].message.includes(MISSING));
      assert.strictEqual(report.findings[0].range.start.line, 10, 'positions count from the first character after the BOM');
    });

    it(`${file}: fix --write writes back ${charset}${bom.length ? ' with its BOM' : ''}, CRLF, comments and ü kept, the original in .bak`, async () => {
      const target = path.join(dir, file);
      fs.copyFileSync(path.join(FIXTURES, file), target);
      const before = fs.readFileSync(target);
      const io = new DiskIO();
      assert.strictEqual(await run(['fix', '--write', target], io), 0, io.err);
      const after = fs.readFileSync(target);
      assert.deepStrictEqual([...after.subarray(0, bom.length)], [...bom]);
      const read = decodeFile(after);
      assert.deepStrictEqual(read.encoding, detectEncoding(before));
      assert.ok(read.lossless);
      assert.ok(read.text.includes(`"${MISSING}"`));
      assert.ok(read.text.startsWith('// Zürich site: manifest saved by Windows PowerShell (Änderung für den Proxy)\r\n'));
      assert.ok(read.text.includes('   // the second European endpoint is missing'));
      assert.strictEqual(read.text.replace(/\r\n/g, '').includes('\n'), false, 'every line ends in CRLF');
      assert.ok(fs.readFileSync(`${target}.bak`).equals(before), 'the backup is the original bytes');
      const again = new DiskIO();
      assert.strictEqual(await run(['validate', target], again), 0, again.out);
    });
  }

  it('fix prints the fixed text (decoded) and encode reads the UTF-16 file', async () => {
    const io = new DiskIO();
    assert.strictEqual(await run(['fix', path.join(FIXTURES, 'utf16le-bom.atpproxy.jsonc')], io), 0);
    assert.ok(io.out.startsWith('// Zürich'));
    const hex = new DiskIO();
    assert.strictEqual(await run(['encode', '--force', path.join(FIXTURES, 'utf16le-bom.atpproxy.jsonc')], hex), 0, hex.err);
    assert.match(hex.out, /^46000000/);
  });

  it('fix --write refuses a file that is not valid in its encoding (no write, no garbage, exit 2)', async () => {
    const target = path.join(dir, 'latin1.atpproxy.jsonc');
    const text = fs.readFileSync(path.join(FIXTURES, 'utf8.atpproxy.jsonc'), 'utf8');
    const latin1 = Buffer.from(text, 'latin1'); // "ü" as the single byte 0xFC: not UTF-8
    fs.writeFileSync(target, latin1);
    const io = new DiskIO();
    assert.strictEqual(await run(['fix', '--write', target], io), 2);
    assert.match(io.err, /not valid UTF-8: it was not rewritten.*save it as UTF-8/);
    assert.ok(fs.readFileSync(target).equals(latin1));
    assert.strictEqual(fs.existsSync(`${target}.bak`), false);
  });

  it('UTF-16 without a BOM is recognised by its zero bytes, and every encoding round-trips', () => {
    const text = '{ "version": 1 } // ü €';
    for (const encoding of [
      { charset: 'utf-16le', bom: false },
      { charset: 'utf-16be', bom: false },
      { charset: 'utf-16be', bom: true },
      { charset: 'utf-8', bom: true },
    ] as const) {
      const bytes = encodeFile(text, encoding);
      assert.deepStrictEqual(decodeFile(bytes), { text, encoding, lossless: true });
    }
  });
});
