import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { MemoryIO } from './support/memoryIO';

const ROOT = path.resolve(__dirname, '../../..');
const REVIEW = fs.readFileSync(path.join(ROOT, 'examples', 'contoso-review.atpproxy.jsonc'), 'utf8');

describe('atp-proxy allowlist', () => {
  it('plain (the default): every entry with its port (and path), service then revocation lists, missing ones added and named', async () => {
    const io = new MemoryIO({ 'm.jsonc': REVIEW });
    assert.strictEqual(await run(['allowlist', 'm.jsonc'], io), 0, io.err);
    const lines = io.out.trimEnd().split('\n');
    assert.match(
      lines[0],
      /^# Endpoints the Defender for Identity \(Azure ATP\) sensors must reach, from m\.jsonc: .* TCP 443, .* TCP 80, those paths only\.$/,
    );
    assert.match(io.out, /^# Added because the manifest does not allow them yet: contoso-corpsensorapi\.atp\.azure\.com\.$/m);
    assert.deepStrictEqual(
      lines.filter((l) => !l.startsWith('#')),
      [
        'contoso-corpsensorapi.atp.azure.com:443',
        'crl.microsoft.com:80',
        'ctldl.windowsupdate.com:80',
        'www.microsoft.com:80/pkiops/*',
        'www.microsoft.com:80/pki/*',
      ],
    );
  });

  it("squid and pac: the same text VS Code's Export Allowlist opens, with the manifest's proxy in the PAC", async () => {
    const squid = new MemoryIO({ 'm.jsonc': REVIEW });
    assert.strictEqual(await run(['allowlist', '--format', 'squid', 'm.jsonc'], squid), 0);
    assert.match(squid.out, /^acl atp_sensor_endpoints dstdomain .*contoso-corpsensorapi\.atp\.azure\.com/m);
    const pac = new MemoryIO({ 'm.jsonc': REVIEW });
    assert.strictEqual(await run(['allowlist', '--format', 'pac', 'm.jsonc'], pac), 0);
    assert.match(pac.out, /return "PROXY proxy\.contoso\.com:8080";/);
  });

  it('exit 2 on usage errors and unreadable files', async () => {
    for (const [argv, reason] of [
      [['allowlist'], /no manifest file/],
      [['allowlist', '--format', 'csv', 'm.jsonc'], /--format must be one of plain, squid, pac/],
      [['allowlist', 'missing.jsonc'], /cannot read missing\.jsonc/],
    ] as const) {
      const io = new MemoryIO({ 'm.jsonc': REVIEW });
      assert.strictEqual(await run([...argv], io), 2, argv.join(' '));
      assert.match(io.err, reason);
      assert.strictEqual(io.out, '');
    }
  });
});
