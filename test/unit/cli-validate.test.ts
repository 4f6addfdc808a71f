import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { CODES } from '../../src/core/rules/codes';
import { MemoryIO } from './support/memoryIO';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const CLEAN = fs.readFileSync(path.join(EXAMPLES, 'contoso-2018.atpproxy.jsonc'), 'utf8');
const REVIEW = fs.readFileSync(path.join(EXAMPLES, 'contoso-review.atpproxy.jsonc'), 'utf8');
const WARN_ONLY = CLEAN.replace('"backup": true', '"backup": false');

describe('atp-proxy validate', () => {
  it('exit 0 and a clean summary for a clean file (text)', async () => {
    const io = new MemoryIO({ 'a.atpproxy.jsonc': CLEAN });
    assert.strictEqual(await run(['validate', 'a.atpproxy.jsonc'], io), 0);
    assert.match(io.out, /no findings/);
  });
  it('exit 1 with an error; text lines carry file:line:col, severity and code', async () => {
    const io = new MemoryIO({ 'r.json': REVIEW });
    assert.strictEqual(await run(['validate', 'r.json'], io), 1);
    assert.match(io.out, /^r\.json:\d+:\d+: error ATP111 /m);
  });
  it('exit 0 when findings are warnings only', async () => {
    const io = new MemoryIO({ 'w.json': WARN_ONLY });
    assert.strictEqual(await run(['validate', '--format', 'json', 'w.json'], io), 0);
    const [report] = JSON.parse(io.out);
    assert.deepStrictEqual(
      report.findings.map((f: { code: string }) => f.code),
      ['ATP142'],
    );
  });
  it('json: one array, one entry per file, the SPEC shape with zero-based positions', async () => {
    const io = new MemoryIO({ 'a.json': CLEAN, 'r.json': REVIEW });
    assert.strictEqual(await run(['validate', '--format=json', 'a.json', 'r.json'], io), 1);
    const reports = JSON.parse(io.out);
    assert.strictEqual(reports.length, 2);
    assert.deepStrictEqual(reports[0], { file: 'a.json', findings: [] });
    const [finding] = reports[1].findings;
    assert.deepStrictEqual(Object.keys(finding), ['code', 'severity', 'guidance', 'message', 'range', 'fixable']);
    assert.strictEqual(finding.guidance, 'both');
    assert.strictEqual(finding.fixable, true);
    const line = REVIEW.split('\n')[finding.range.start.line];
    // A missing endpoint is reported on the key of its list (SPEC section 3), as VS Code's JSON service puts a missing member.
    assert.strictEqual(line.slice(finding.range.start.character, finding.range.end.character), '"allow"');
    assert.strictEqual(finding.range.start.line, finding.range.end.line, 'one line of squiggle, not the whole array');
  });
  it('fixable is false for a finding without a fix', async () => {
    const io = new MemoryIO({ 'x.json': CLEAN.replace('"proxy.contoso.com:8080",\n    "bypass"', '"proxy.contoso.com",\n    "bypass"') });
    await run(['validate', '--format', 'json', 'x.json'], io);
    const [report] = JSON.parse(io.out);
    assert.deepStrictEqual(
      report.findings.map((f: { code: string; fixable: boolean }) => [f.code, f.fixable]),
      [['ATP152', false]],
    );
  });
  it('sarif: 2.1.0 with rule metadata and results with 1-based regions', async () => {
    const io = new MemoryIO({ 'r.json': REVIEW });
    assert.strictEqual(await run(['validate', '--format', 'sarif', 'r.json'], io), 1);
    const log = JSON.parse(io.out);
    assert.strictEqual(log.version, '2.1.0');
    const driver = log.runs[0].tool.driver;
    assert.strictEqual(driver.name, 'atp-proxy');
    const rule = driver.rules.find((r: { id: string }) => r.id === 'ATP111');
    assert.ok(rule.shortDescription.text && rule.help.text);
    const [result] = log.runs[0].results;
    assert.strictEqual(result.ruleId, 'ATP111');
    assert.strictEqual(result.level, 'error');
    assert.strictEqual(driver.rules[result.ruleIndex].id, 'ATP111');
    assert.strictEqual(result.locations[0].physicalLocation.artifactLocation.uri, 'r.json');
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
  });
  it('sarif: every rule carries the guidance it comes from and when it runs, as the code table says', async () => {
    const io = new MemoryIO({ 'r.json': REVIEW });
    await run(['validate', '--format', 'sarif', 'r.json'], io);
    const rules: { id: keyof typeof CODES; properties?: { guidance?: string; applies?: string } }[] = JSON.parse(io.out).runs[0].tool.driver.rules;
    assert.deepStrictEqual(rules.map((r) => r.id).sort(), Object.keys(CODES).sort());
    for (const rule of rules) {
      assert.strictEqual(rule.properties?.guidance, CODES[rule.id].guidance, rule.id);
      assert.strictEqual(rule.properties?.applies, CODES[rule.id].applies, rule.id);
    }
    const guidanceOf = (id: string): string | undefined => rules.find((r) => r.id === id)?.properties?.guidance;
    assert.deepStrictEqual([guidanceOf('ATP110'), guidanceOf('ATP118'), guidanceOf('ATP111')], ['2018', 'current', 'both']);
  });
  it('exit 2 on an unreadable file, no file, or a bad format', async () => {
    for (const argv of [['validate', 'missing.json'], ['validate'], ['validate', '--format', 'xml', 'a.json'], ['validate', '--bogus', 'a.json']]) {
      const io = new MemoryIO({ 'a.json': CLEAN });
      assert.strictEqual(await run(argv, io), 2, argv.join(' '));
      assert.ok(io.err.length > 0);
    }
  });
  describe('one unreadable file among several: every readable file is reported, exit 2', () => {
    const FILES = { 'a.json': CLEAN, 'r.json': REVIEW };
    const ARGS = ['a.json', 'missing.json', 'r.json'];
    it("text: an error line in its place, the other files' findings, the reason on stderr", async () => {
      const io = new MemoryIO(FILES);
      assert.strictEqual(await run(['validate', ...ARGS], io), 2);
      assert.match(io.out, /^missing\.json: error cannot read missing\.json: no such file$/m);
      assert.match(io.out, /^r\.json:\d+:\d+: error ATP111 /m);
      assert.match(io.out, /^2 files checked, 1 unreadable: 1 error/m);
      assert.match(io.err, /^atp-proxy validate: cannot read missing\.json: no such file$/m);
    });
    it('json: an entry with "error" and no findings, in argument order', async () => {
      const io = new MemoryIO(FILES);
      assert.strictEqual(await run(['validate', '--format', 'json', ...ARGS], io), 2);
      const reports = JSON.parse(io.out) as { file: string; error?: string; findings: { code: string }[] }[];
      assert.deepStrictEqual(
        reports.map((r) => r.file),
        ARGS,
      );
      assert.deepStrictEqual(reports[1], { file: 'missing.json', error: 'cannot read missing.json: no such file', findings: [] });
      assert.deepStrictEqual(
        reports[2].findings.map((f) => f.code),
        ['ATP111'],
      );
      assert.strictEqual('error' in reports[0], false);
    });
    it('sarif: the results of the readable files and a toolExecutionNotification, executionSuccessful false', async () => {
      const io = new MemoryIO(FILES);
      assert.strictEqual(await run(['validate', '--format', 'sarif', ...ARGS], io), 2);
      const [runLog] = JSON.parse(io.out).runs;
      assert.deepStrictEqual(
        runLog.results.map((r: { ruleId: string }) => r.ruleId),
        ['ATP111'],
      );
      const [invocation] = runLog.invocations;
      assert.strictEqual(invocation.executionSuccessful, false);
      assert.deepStrictEqual(invocation.toolExecutionNotifications, [
        {
          level: 'error',
          message: { text: 'cannot read missing.json: no such file' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'missing.json' } } }],
        },
      ]);
    });
    it('sarif of readable files only: executionSuccessful true, no notifications', async () => {
      const io = new MemoryIO(FILES);
      assert.strictEqual(await run(['validate', '--format', 'sarif', 'a.json'], io), 0);
      assert.deepStrictEqual(JSON.parse(io.out).runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    });
    it('an oversized file among readable ones is reported the same way', async () => {
      const io = new MemoryIO({ ...FILES, 'big.json': '{}' });
      io.fileSize = (file) => (file === 'big.json' ? 11 * 1024 * 1024 : 10);
      assert.strictEqual(await run(['validate', '--format', 'json', 'big.json', 'r.json'], io), 2);
      const reports = JSON.parse(io.out) as { file: string; error?: string; findings: unknown[] }[];
      assert.match(reports[0].error ?? '', /over the 10 MB manifest limit/);
      assert.strictEqual(reports[1].findings.length, 1);
    });
  });
  it('exit 2 for an unknown command', async () => {
    assert.strictEqual(await run(['frobnicate'], new MemoryIO()), 2);
  });
});

describe('atp-proxy fix', () => {
  it('prints the fixed text keeping comments, exit 0', async () => {
    const io = new MemoryIO({ 'r.json': REVIEW });
    assert.strictEqual(await run(['fix', 'r.json'], io), 0);
    assert.ok(io.out.includes('"contoso-corpsensorapi.atp.azure.com"'));
    assert.ok(io.out.includes('// the sensor API endpoint of the instance is missing'));
    assert.strictEqual(io.written.size, 0);
  });
  it('--write rewrites the file in place', async () => {
    const io = new MemoryIO({ 'r.json': REVIEW });
    assert.strictEqual(await run(['fix', '--write', 'r.json'], io), 0);
    assert.ok(String(io.written.get('r.json')).includes('contoso-corpsensorapi'));
    assert.strictEqual(io.out, '');
  });
  it('--write keeps the previous text in FILE.bak', async () => {
    const io = new MemoryIO({ 'r.json': REVIEW });
    assert.strictEqual(await run(['fix', '--write', 'r.json'], io), 0);
    assert.strictEqual(String(io.written.get('r.json.bak')), REVIEW);
    assert.match(io.err, /previous text is in r\.json\.bak/);
  });
  it('renames before it adds: "allowlist" becomes "allow" and the missing endpoints join that list (issue 19, item 4)', async () => {
    const manifest = CLEAN.replace('"allow": [', '"allowlist": [').replace('      "triprd1wceuw1sensorapi.atp.azure.com",\n', '');
    assert.notStrictEqual(manifest, CLEAN.replace('"allow": [', '"allowlist": ['), 'the fixture lost an endpoint');
    const io = new MemoryIO({ 'm.json': manifest });
    assert.strictEqual(await run(['fix', 'm.json'], io), 0, io.err);
    assert.strictEqual(io.out.includes('allowlist'), false);
    assert.strictEqual(io.out.match(/"allow":/g)?.length, 1, 'one allow list');
    const fixed = new MemoryIO({ 'f.json': io.out });
    assert.strictEqual(await run(['validate', '--format', 'json', 'f.json'], fixed), 0);
    assert.deepStrictEqual(JSON.parse(fixed.out)[0].findings, []);
    const curated = JSON.parse(CLEAN.replace(/\/\/.*$/gm, '')).firewall.allow as string[];
    for (const host of curated) assert.ok(io.out.includes(`"${host}"`), `${host} kept`);
  });
  it('exit 1 when errors remain that no fix corrects, named on stderr (text printed, file written)', async () => {
    const broken = REVIEW.replace('"proxy.contoso.com:8080"', '"proxy.contoso.com"');
    const printed = new MemoryIO({ 'b.json': broken });
    assert.strictEqual(await run(['fix', 'b.json'], printed), 1);
    assert.ok(printed.out.includes('contoso-corpsensorapi'));
    assert.match(printed.err, /1 error left that fix cannot correct: ATP152/);
    const written = new MemoryIO({ 'b.json': broken });
    assert.strictEqual(await run(['fix', '--write', 'b.json'], written), 1);
    assert.ok(String(written.written.get('b.json')).includes('contoso-corpsensorapi'));
  });
  it('--write leaves an already clean file untouched', async () => {
    const io = new MemoryIO({ 'a.json': CLEAN });
    assert.strictEqual(await run(['fix', '--write', 'a.json'], io), 0);
    assert.strictEqual(io.written.size, 0);
  });
  it('exit 2 on usage errors and unreadable files', async () => {
    for (const argv of [['fix'], ['fix', 'a.json', 'b.json'], ['fix', 'missing.json']]) {
      assert.strictEqual(await run(argv, new MemoryIO({ 'a.json': CLEAN, 'b.json': CLEAN })), 2, argv.join(' '));
    }
  });
});

describe('oversized manifests', () => {
  it('are refused before they are read (exit 2, the reason on stderr)', async () => {
    const io = new MemoryIO({ 'big.json': '{}' });
    io.fileSize = () => 11 * 1024 * 1024;
    io.readFile = () => {
      throw new Error('must not be read');
    };
    assert.strictEqual(await run(['validate', 'big.json'], io), 2);
    assert.match(io.err, /over the 10 MB manifest limit/);
    assert.strictEqual(await run(['fix', 'big.json'], io), 2);
  });

  it('every command that reads a manifest refuses it: validate, fix, encode, apply, test', async () => {
    for (const argv of [['validate'], ['fix'], ['encode', '--format', 'ps1'], ['apply', '--dry-run', '--reg-command', 'reg'], ['test']]) {
      const io = new MemoryIO({ 'big.json': '{}' });
      io.fileSize = () => 10 * 1024 * 1024 + 1;
      io.readFile = () => {
        throw new Error('must not be read');
      };
      assert.strictEqual(await run([...argv, 'big.json'], io), 2, argv[0]);
      assert.match(io.err, new RegExp(`^atp-proxy ${argv[0]}: big\\.json is 10\\.0 MB, over the 10 MB manifest limit`), argv[0]);
      // validate reports the file in its place (the other files would be reported beside it); the others print nothing.
      if (argv[0] === 'validate') assert.match(io.out, /^big\.json: error big\.json is 10\.0 MB/);
      else assert.strictEqual(io.out, '', argv[0]);
    }
  });
});
