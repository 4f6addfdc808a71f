import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { CliIO, processIO } from '../../src/cli/io';
import { expandInputs } from '../../src/cli/inputs/expandInputs';
import { IgnoreRules } from '../../src/cli/inputs/gitignore';
import { normalizeLine } from '../../src/cli/report/fingerprint';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const CLEAN = fs.readFileSync(path.join(EXAMPLES, 'contoso-sensor.atpproxy.jsonc'), 'utf8');
const REVIEW = fs.readFileSync(path.join(EXAMPLES, 'contoso-review.atpproxy.jsonc'), 'utf8');

/** The real file system, with what the command prints captured. */
class CapturingIO implements CliIO {
  out = '';
  err = '';
  readFile = processIO.readFile;
  writeFile = processIO.writeFile;
  fileSize = processIO.fileSize;
  fileKind = processIO.fileKind;
  readDir = processIO.readDir;
  env = {};
  platform: NodeJS.Platform = 'linux';
  stdout(text: string): void {
    this.out += text;
  }
  stderr(text: string): void {
    this.err += text;
  }
}

/** A fresh folder with the given files (paths with '/'); removed after the test. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-repo-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  roots.push(root);
  return root;
}
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** The parts of a SARIF result the tests read. */
type Result = {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; snippet: { text: string } };
      contextRegion: { startLine: number; endLine: number; snippet: { text: string } };
    };
  }[];
};

const relative = (root: string, files: string[]): string[] => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('.gitignore matching', () => {
  const ignores = (text: string, file: string, isDirectory = false, base = ''): boolean => {
    const rules = new IgnoreRules();
    rules.add(text, base);
    return rules.ignores(file, isDirectory);
  };
  it('a name without a slash matches at any depth; with one, from the .gitignore folder only', () => {
    assert.strictEqual(ignores('old.atpproxy.json', 'a/b/old.atpproxy.json'), true);
    assert.strictEqual(ignores('a/old.atpproxy.json', 'a/old.atpproxy.json'), true);
    assert.strictEqual(ignores('a/old.atpproxy.json', 'x/a/old.atpproxy.json'), false);
    assert.strictEqual(ignores('/old.atpproxy.json', 'old.atpproxy.json'), true);
    assert.strictEqual(ignores('/old.atpproxy.json', 'sub/old.atpproxy.json'), false);
  });
  it('* and ? stop at a slash; ** spans folders; classes and escapes', () => {
    assert.strictEqual(ignores('*.jsonc', 'deep/x.atpproxy.jsonc'), true);
    assert.strictEqual(ignores('a/*.jsonc', 'a/b/x.jsonc'), false);
    assert.strictEqual(ignores('a/**/x.jsonc', 'a/x.jsonc'), true);
    assert.strictEqual(ignores('a/**/x.jsonc', 'a/b/c/x.jsonc'), true);
    assert.strictEqual(ignores('**/gen', 'p/q/gen', true), true);
    assert.strictEqual(ignores('gen/**', 'gen/a/b.json'), true);
    assert.strictEqual(ignores('gen/**', 'gen', true), false);
    assert.strictEqual(ignores('dc?.json', 'dc1.json'), true);
    assert.strictEqual(ignores('dc?.json', 'dc10.json'), false);
    assert.strictEqual(ignores('dc[0-4].json', 'dc3.json'), true);
    assert.strictEqual(ignores('dc[!0-4].json', 'dc3.json'), false);
    assert.strictEqual(ignores('\\#lab.json', '#lab.json'), true);
    assert.strictEqual(ignores('a.b', 'axb'), false, 'a dot is a dot');
  });
  it('comments, blank lines and trailing spaces are not patterns; a trailing slash means folders only', () => {
    assert.strictEqual(ignores('# build\n\nbuild   \n', 'build', true), true);
    assert.strictEqual(ignores('# build\n', '# build'), false);
    assert.strictEqual(ignores('out/', 'out', true), true);
    assert.strictEqual(ignores('out/', 'out', false), false);
  });
  it('the last matching rule wins; ! re-includes; a deeper .gitignore overrides a higher one', () => {
    assert.strictEqual(ignores('*.json\n!keep.json', 'keep.json'), false);
    assert.strictEqual(ignores('!keep.json\n*.json', 'keep.json'), true);
    const rules = new IgnoreRules();
    rules.add('*.atpproxy.json', '');
    rules.add('!lab.atpproxy.json', 'sub');
    assert.strictEqual(rules.ignores('sub/lab.atpproxy.json', false), false);
    assert.strictEqual(rules.ignores('lab.atpproxy.json', false), true, "sub's rule applies inside sub only");
  });
});

describe('validate and fix take folders and globs', () => {
  it('a folder: every *.atpproxy.json and *.atpproxy.jsonc below it, sorted, other files not', () => {
    const root = tree({
      'b.atpproxy.json': CLEAN,
      'a/x.atpproxy.jsonc': CLEAN,
      'a/deeper/y.ATPPROXY.JSON': CLEAN,
      'a/notes.json': '{}',
      'README.md': '',
    });
    const { files, problems } = expandInputs(new CapturingIO(), [root]);
    assert.deepStrictEqual(relative(root, files), ['a/deeper/y.ATPPROXY.JSON', 'a/x.atpproxy.jsonc', 'b.atpproxy.json']);
    assert.deepStrictEqual(problems, []);
  });
  it('.gitignored files and folders are skipped, .git always; an ignored folder is not entered even for a ! rule', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/x.atpproxy.json': CLEAN,
      '.gitignore': 'generated/\n!generated/out.atpproxy.json\n*.local.atpproxy.json\n!keep.local.atpproxy.json\n',
      'generated/out.atpproxy.json': CLEAN,
      'site/dc.atpproxy.json': CLEAN,
      'site/dc.local.atpproxy.json': CLEAN,
      'site/keep.local.atpproxy.json': CLEAN,
      'site/.gitignore': 'draft-*\n',
      'site/draft-1.atpproxy.json': CLEAN,
    });
    const { files } = expandInputs(new CapturingIO(), [root]);
    assert.deepStrictEqual(relative(root, files), ['site/dc.atpproxy.json', 'site/keep.local.atpproxy.json']);
  });
  it('a subfolder of a repository follows the .gitignore files above it up to the repository root', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'old-*\n', 'estate/eu/old-dc.atpproxy.json': CLEAN, 'estate/eu/dc.atpproxy.json': CLEAN });
    const { files } = expandInputs(new CapturingIO(), [path.join(root, 'estate')]);
    assert.deepStrictEqual(relative(root, files), ['estate/eu/dc.atpproxy.json']);
  });
  it('a file named on the command line is validated even when .gitignore names it', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': '*.atpproxy.json\n', 'dc.atpproxy.json': CLEAN });
    assert.deepStrictEqual(expandInputs(new CapturingIO(), [path.join(root, 'dc.atpproxy.json')]).files, [path.join(root, 'dc.atpproxy.json')]);
  });
  it('globs are expanded here (quoted in a shell, or from cmd and PowerShell, which do not expand them)', () => {
    const root = tree({
      '.gitignore': 'skip/\n',
      'eu/dc1.atpproxy.json': CLEAN,
      'eu/dc2.atpproxy.jsonc': CLEAN,
      'us/dc3.atpproxy.json': CLEAN,
      'skip/dc4.atpproxy.json': CLEAN,
    });
    const io = new CapturingIO();
    assert.deepStrictEqual(relative(root, expandInputs(io, [`${root}/**/*.atpproxy.json`]).files), ['eu/dc1.atpproxy.json', 'us/dc3.atpproxy.json']);
    assert.deepStrictEqual(relative(root, expandInputs(io, [`${root}/eu/dc?.atpproxy.json*`]).files), ['eu/dc1.atpproxy.json', 'eu/dc2.atpproxy.jsonc']);
    assert.deepStrictEqual(relative(root, expandInputs(io, [`${root}/[eu]*/*`]).files), [
      'eu/dc1.atpproxy.json',
      'eu/dc2.atpproxy.jsonc',
      'us/dc3.atpproxy.json',
    ]);
    // On Windows a backslash separates folders.
    io.platform = 'win32';
    assert.deepStrictEqual(relative(root, expandInputs(io, [`${root}\\us\\*.atpproxy.json`]).files), ['us/dc3.atpproxy.json']);
  });
  it('a file named twice (directly and through a folder) is validated once, where it first appears', () => {
    const root = tree({ 'a.atpproxy.json': CLEAN, 'b.atpproxy.json': CLEAN });
    const b = path.join(root, 'b.atpproxy.json');
    assert.deepStrictEqual(relative(root, expandInputs(new CapturingIO(), [b, root]).files), ['b.atpproxy.json', 'a.atpproxy.json']);
  });
  it('exit codes: 0 no errors, 1 some error, 2 a folder or glob that names no manifest (the others still reported)', async () => {
    const clean = tree({ 'a.atpproxy.json': CLEAN, 'sub/b.atpproxy.jsonc': CLEAN });
    const review = tree({ 'ok.atpproxy.json': CLEAN, 'review.atpproxy.jsonc': REVIEW });
    const empty = tree({ 'notes.txt': '' });
    let io = new CapturingIO();
    assert.strictEqual(await run(['validate', clean], io), 0);
    assert.match(io.out, /^2 files checked: no findings\.$/m);
    io = new CapturingIO();
    assert.strictEqual(await run(['validate', '--format', 'json', review], io), 1);
    assert.deepStrictEqual(
      (JSON.parse(io.out) as { file: string }[]).map((r) => path.basename(r.file)),
      ['ok.atpproxy.json', 'review.atpproxy.jsonc'],
    );
    io = new CapturingIO();
    assert.strictEqual(await run(['validate', clean, empty], io), 2);
    assert.match(io.out, /^2 files checked: no findings\.$/m);
    assert.match(io.err, /no manifests \(\*\.atpproxy\.json, \*\.atpproxy\.jsonc\) in /);
    io = new CapturingIO();
    assert.strictEqual(await run(['validate', `${empty}/*.atpproxy.json`], io), 2);
    assert.match(io.err, /no file matches /);
  });
  it('fix --write rewrites every manifest of a folder; without --write several files are a usage error', async () => {
    const broken = REVIEW;
    const root = tree({ 'a.atpproxy.jsonc': broken, 'b/c.atpproxy.jsonc': broken, 'clean.atpproxy.jsonc': CLEAN });
    let io = new CapturingIO();
    assert.strictEqual(await run(['fix', root], io), 2);
    assert.match(io.err, /3 manifests given: add --write/);
    assert.strictEqual(fs.readFileSync(path.join(root, 'a.atpproxy.jsonc'), 'utf8'), broken, 'nothing written');
    io = new CapturingIO();
    assert.strictEqual(await run(['fix', '--write', root], io), 0);
    for (const file of ['a.atpproxy.jsonc', 'b/c.atpproxy.jsonc']) {
      assert.notStrictEqual(fs.readFileSync(path.join(root, file), 'utf8'), broken, file);
      assert.strictEqual(fs.readFileSync(path.join(root, `${file}.bak`), 'utf8'), broken, file);
    }
    assert.strictEqual(fs.existsSync(path.join(root, 'clean.atpproxy.jsonc.bak')), false);
    io = new CapturingIO();
    assert.strictEqual(await run(['validate', root], io), 0, io.out);
  });
  it('fix: one unreadable file among several is exit 2, the others are still fixed', async () => {
    const root = tree({ 'a.atpproxy.jsonc': REVIEW });
    const io = new CapturingIO();
    assert.strictEqual(await run(['fix', '--write', path.join(root, 'missing.atpproxy.json'), path.join(root, 'a.atpproxy.jsonc')], io), 2);
    assert.match(io.err, /atp-proxy fix: cannot read .*missing\.atpproxy\.json: no such file/);
    assert.ok(fs.existsSync(path.join(root, 'a.atpproxy.jsonc.bak')));
  });
});

describe('SARIF for code scanning', () => {
  async function sarif(
    files: Record<string, string>,
    args: (root: string) => string[] = (root) => [root],
  ): Promise<{ runs: { results: Result[]; artifacts: unknown[] }[] }> {
    const root = tree(files);
    const io = new CapturingIO();
    await run(['validate', '--format', 'sarif', ...args(root)], io);
    return JSON.parse(io.out);
  }
  const fingerprintOf = (log: { runs: { results: Result[] }[] }, code: string): string => {
    const result = log.runs[0].results.find((r) => r.ruleId === code);
    assert.ok(result, code);
    return result.partialFingerprints['atpProxyFinding/v1'];
  };

  it('one run for all files, one artifact each', async () => {
    const log = await sarif({ 'a.atpproxy.jsonc': REVIEW, 'b/c.atpproxy.jsonc': REVIEW, 'd.atpproxy.json': CLEAN });
    assert.strictEqual(log.runs.length, 1);
    assert.strictEqual(log.runs[0].artifacts.length, 3);
    assert.deepStrictEqual(
      log.runs[0].results.map((r) => path.basename(r.locations[0].physicalLocation.artifactLocation.uri)),
      ['a.atpproxy.jsonc', 'c.atpproxy.jsonc'],
    );
  });
  it('region.snippet is the text of the region, contextRegion the lines around it', async () => {
    const log = await sarif({ 'r.atpproxy.jsonc': REVIEW });
    const { region, contextRegion } = log.runs[0].results[0].locations[0].physicalLocation;
    assert.strictEqual(region.snippet.text, '"allow"');
    const lines = REVIEW.split('\n');
    assert.strictEqual(contextRegion.startLine, region.startLine - 2);
    assert.strictEqual(contextRegion.endLine, region.startLine + 2);
    assert.strictEqual(contextRegion.snippet.text, `${lines.slice(region.startLine - 3, region.startLine + 2).join('\n')}\n`);
  });
  it('the fingerprint survives lines inserted above and a reformatted line; it changes with the value', async () => {
    const text = CLEAN.replace('"port": 443', '"port": 8443'); // ATP120
    const before = fingerprintOf(await sarif({ 'm.atpproxy.jsonc': text }), 'ATP120');
    const insertedAbove = text.replace('{', '{\n  // reviewed by the proxy team\n\n');
    assert.strictEqual(fingerprintOf(await sarif({ 'm.atpproxy.jsonc': insertedAbove }), 'ATP120'), before);
    const reindented = text.replace('"port": 8443', '"port":   8443');
    assert.strictEqual(fingerprintOf(await sarif({ 'm.atpproxy.jsonc': reindented }), 'ATP120'), before);
    const otherValue = text.replace('"port": 8443', '"port": 8080');
    assert.notStrictEqual(fingerprintOf(await sarif({ 'm.atpproxy.jsonc': otherValue }), 'ATP120'), before);
  });
  it('findings that would share a fingerprint are told apart by their order', async () => {
    // Two revocation entries missing: two ATP116 on the same "allow" key, same path, same line.
    const twoMissing = REVIEW.replace('"crl.microsoft.com",', '').replace('"ctldl.windowsupdate.com",', '');
    const log = await sarif({ 'r.atpproxy.jsonc': twoMissing });
    const prints = log.runs[0].results.filter((r) => r.ruleId === 'ATP116').map((r) => r.partialFingerprints['atpProxyFinding/v1']);
    assert.strictEqual(prints.length, 2);
    const [first, second] = prints.map((p) => p.split(':'));
    assert.strictEqual(first[0], second[0], 'the same hash');
    assert.deepStrictEqual([first[1], second[1]], ['1', '2']);
  });
  it('normalized lines ignore indentation, runs of blanks and the trailing comma', () => {
    assert.strictEqual(normalizeLine('    "crl.microsoft.com",  '), '"crl.microsoft.com"');
    assert.strictEqual(normalizeLine('"port":\t 443'), '"port": 443');
  });
});

describe('README CI recipes', () => {
  const README = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const BIN = path.resolve(__dirname, '../../../bin/atp-proxy.js');
  const start = README.indexOf('### CI recipes');
  const section = README.slice(start, README.indexOf('\n## ', start));
  /** The `npx atp-proxy …` command lines of the recipes (`run:` in GitHub Actions, `script:` in Azure Pipelines). */
  const commands = [...section.matchAll(/^\s*(?:- )?(?:run|script): (npx atp-proxy .*)$/gm)].map((m) => m[1]);

  it('GitHub Actions uploads to code scanning; Azure Pipelines publishes CodeAnalysisLogs', () => {
    assert.match(section, /uses: github\/codeql-action\/upload-sarif@v3/);
    assert.match(section, /security-events: write/);
    assert.match(section, /ArtifactName: CodeAnalysisLogs/);
    assert.strictEqual(commands.length, 2, commands.join('\n'));
  });
  for (const [i, name] of ['GitHub Actions', 'Azure Pipelines'].entries()) {
    it(`${name}: the command line runs against examples/ and writes SARIF for every example`, function () {
      this.timeout(20000);
      const line = commands[i];
      assert.ok(line, name);
      // The recipe's words: `npx atp-proxy ARGS > FILE`, run as the real CLI with a copy of examples/ as the checkout.
      const [invocation, target] = line.split(' > ');
      const args = invocation.split(/\s+/).slice(2);
      const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-ci-'));
      roots.push(checkout);
      fs.cpSync(EXAMPLES, checkout, { recursive: true });
      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: checkout, encoding: 'utf8' });
      fs.writeFileSync(path.join(checkout, target.trim()), result.stdout);
      assert.strictEqual(result.status, 1, `${result.stderr}: contoso-review has an error, so the step fails after writing the log`);
      const log = JSON.parse(fs.readFileSync(path.join(checkout, target.trim()), 'utf8'));
      assert.strictEqual(log.runs.length, 1);
      const examples = fs.readdirSync(EXAMPLES).filter((f) => /\.atpproxy\.jsonc?$/.test(f));
      assert.deepStrictEqual(
        log.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri).sort(),
        examples.sort(),
        'relative URIs, as code scanning resolves them against the checkout',
      );
      assert.ok(log.runs[0].results.some((r: Result) => r.ruleId === 'ATP111' && r.partialFingerprints['atpProxyFinding/v1']));
    });
  }
});
