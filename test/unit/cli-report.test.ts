import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { DiskIO } from './support/diskIO';
import { json, preflightDocument, testOutput } from './support/fleetDocuments';
import { MemoryIO } from './support/memoryIO';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&<!--';

/** Every tag the html report may contain: anything else came from a document unescaped. */
const REPORT_TAGS = new Set([
  '!DOCTYPE',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'h2',
  'p',
  'div',
  'table',
  'tr',
  'th',
  'td',
  'span',
  'br',
  'svg',
  'defs',
  'symbol',
  'rect',
  'text',
  'g',
  'use',
]);

function tagsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?(!?[a-zA-Z][\w-]*)/g)].map((m) => m[1]));
}

/** A hostile preflight document: markup in every string, the computer name included. */
function hostileDocument(): Record<string, unknown> {
  const doc = preflightDocument({ computer: `DC-${HOSTILE}`, failing: { 'crl.microsoft.com': 'proxy-denied' } });
  const mark = (value: unknown): unknown =>
    typeof value === 'string' && value !== 'atp-proxy-preflight/1' && !['pass', 'skip', 'ok', 'proxy-denied'].includes(value)
      ? `${value}${HOSTILE}`
      : Array.isArray(value)
        ? value.map(mark)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v)]))
          : value;
  return mark(doc) as Record<string, unknown>;
}

async function report(files: Record<string, string>, ...args: string[]): Promise<{ code: number; io: MemoryIO }> {
  const io = new MemoryIO(files);
  const code = await run(['report', ...args, ...Object.keys(files)], io);
  return { code, io };
}

describe('atp-proxy report', () => {
  it('exit 0 and every machine pass when every check passes and every endpoint is ok', async () => {
    const { code, io } = await report({
      'DC01.json': json(preflightDocument({ computer: 'DC01' })),
      'DC02.json': json(preflightDocument({ computer: 'DC02' })),
    });
    assert.strictEqual(code, 0, io.err);
    assert.match(io.out, /2 machines: 2 pass, 0 warn, 0 fail\./);
  });

  it('exit 1 and the failing machine named with what failed; test outputs merge with preflight documents', async () => {
    const { code, io } = await report(
      {
        'DC01.json': json(preflightDocument({ computer: 'DC01' })),
        'DC02.json': json(preflightDocument({ computer: 'DC02', failing: { 'crl.microsoft.com': 'proxy-denied' } })),
        'jump.json': json(testOutput({ 'europe-cus-1.atp.azure.com': 'intercepted' })),
      },
      '--format',
      'json',
    );
    assert.strictEqual(code, 1);
    const fleet = JSON.parse(io.out);
    assert.strictEqual(fleet.schema, 'atp-proxy-fleet/1');
    assert.deepStrictEqual(fleet.counts, { machines: 3, pass: 1, warn: 0, fail: 2, files: 3, unusable: 0 });
    assert.deepStrictEqual(
      fleet.columns.map((c: { kind: string; key: string; failing: number }) => `${c.kind} ${c.key} ${c.failing}`),
      [
        'check proxy-config 0',
        'check mixed-methods 0',
        'check root-certificate 0',
        'check localhost-444 0',
        'endpoint contososensorapi.atp.azure.com:443 0',
        'endpoint europe-cus-1.atp.azure.com:443 1',
        'endpoint crl.microsoft.com:80 1',
        'endpoint www.microsoft.com:80 0',
      ],
    );
    const byName = new Map(fleet.machines.map((m: { computer: string }) => [m.computer, m]));
    assert.deepStrictEqual((byName.get('jump') as { cells: string[] }).cells, ['none', 'none', 'none', 'none', 'ok', 'intercepted', 'none', 'none']);
    assert.strictEqual((byName.get('jump') as { kind: string }).kind, 'test');
    assert.deepStrictEqual((byName.get('DC02') as { cells: string[] }).cells.slice(4), ['ok', 'ok', 'proxy-denied', 'ok']);
    assert.strictEqual(fleet.machines[fleet.machines.length - 1].computer, 'DC01', 'failing machines come first');
  });

  it('names the machines configured unlike the manifest (their own check) and unlike the majority', async () => {
    const files: Record<string, string> = {};
    for (const n of [1, 2, 3]) files[`DC0${n}.json`] = json(preflightDocument({ computer: `DC0${n}` }));
    files['DC04.json'] = json(preflightDocument({ computer: 'DC04', via: 'old-proxy:3128', sha: 'cd'.repeat(32) }));
    files['DC05.json'] = json(
      preflightDocument({ computer: 'DC05', proxyConfig: { status: 'fail', detail: 'LocalSystem has no proxy; the manifest says proxy.contoso.com:8080' } }),
    );
    const { code, io } = await report(files);
    assert.strictEqual(code, 1, 'a failed proxy-config check fails the machine');
    assert.match(io.out, /DC05: proxy-config differs from the manifest: LocalSystem has no proxy/);
    assert.match(io.out, /DC04: proxy used is old-proxy:3128; the majority \(4 of 5\): proxy\.contoso\.com:8080/);
    assert.match(io.out, /DC04: manifest is contoso\.atpproxy\.jsonc \(sha256 cdcdcdcdcdcd\); the majority \(4 of 5\)/);
    assert.doesNotMatch(io.out, /DC0[123]: /, 'machines like the majority are not listed');
  });

  it('reports a truncated, a newer-schema, a deep, a huge and a foreign file each in its place, and the others', async () => {
    const good = json(preflightDocument({ computer: 'DC01' }));
    const { code, io } = await report({
      'DC01.json': good,
      'cut.json': good.slice(0, good.length / 2),
      'next.json': json({ ...preflightDocument({ computer: 'DC09' }), schema: 'atp-proxy-preflight/2' }),
      'deep.json': `${'['.repeat(500_000)}${']'.repeat(500_000)}`,
      'huge.json': json({ ...preflightDocument({ computer: 'DC10' }), padding: 'x'.repeat(2 * 1024 * 1024) }),
      'other.json': json({ hello: 'world' }),
      'array.json': '[1, 2]',
    });
    assert.strictEqual(code, 2, 'a file that could not be used is exit 2');
    assert.match(io.out, /1 machine: 1 pass, 0 warn, 0 fail; 6 of 7 files could not be used\./);
    assert.match(io.out, /cut\.json: the JSON ends early \(truncated/);
    assert.match(io.out, /next\.json: schema atp-proxy-preflight\/2 is newer than this atp-proxy reads \(atp-proxy-preflight\/1\): update atp-proxy/);
    assert.match(io.out, /deep\.json: nested 500000 levels deep/);
    assert.match(io.out, /huge\.json: over the 1024 KB limit/);
    assert.match(io.out, /other\.json: not a preflight document/);
    assert.match(io.out, /array\.json: not a preflight document nor an atp-proxy test --format json output \(the JSON is not an object\)/);
  });

  it('keeps the first 200 checks of a document with more, and says so', async () => {
    const doc = preflightDocument({ computer: 'DC01' });
    doc.checks = Array.from({ length: 5000 }, (_, i) => ({ id: `c${i}`, status: 'pass', detail: 'x'.repeat(100) }));
    doc.results = [{ host: 'h', port: 443, status: 'ok', via: 'DIRECT', issuer: '', detail: 'y'.repeat(50_000) }];
    const { io } = await report({ 'DC01.json': json(doc) }, '--format', 'json');
    const fleet = JSON.parse(io.out);
    assert.strictEqual(fleet.machines[0].checks.length, 200);
    assert.strictEqual(fleet.machines[0].results[0].detail.length, 1001, '1,000 characters and an ellipsis');
    assert.match(fleet.problems[0].message, /5000 checks: the first 200 are kept/);
  });

  it('a second document of the same computer replaces the earlier one (by time) and is named', async () => {
    const { io } = await report(
      {
        'a/DC01.json': json(preflightDocument({ computer: 'DC01', time: '2026-11-30T12:00:00Z' })),
        'b/DC01.json': json(preflightDocument({ computer: 'dc01', time: '2026-11-29T12:00:00Z', failing: { 'crl.microsoft.com': 'timeout' } })),
      },
      '--format',
      'json',
    );
    const fleet = JSON.parse(io.out);
    assert.strictEqual(fleet.counts.machines, 1);
    assert.strictEqual(fleet.machines[0].verdict, 'pass', 'the later run is kept');
    assert.deepStrictEqual(fleet.problems, [{ file: 'b/DC01.json', message: 'dc01: superseded by a/DC01.json (2026-11-30T12:00:00Z)' }]);
  });

  it('html: one self-contained page, its style allowed by hash, no script, every string from a document escaped', async () => {
    const { code, io } = await report({ 'DC01.json': json(hostileDocument()), 'DC02.json': json(preflightDocument({ computer: 'DC02' })) }, '--format', 'html');
    assert.strictEqual(code, 1);
    const html = io.out;
    for (const tag of tagsOf(html)) assert.ok(REPORT_TAGS.has(tag), `unexpected tag <${tag}>`);
    assert.doesNotMatch(html, /<script|<img|javascript:/i);
    assert.doesNotMatch(html, /\b(src|href)="(?!#p\d+")/, 'no resource outside the page');
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/, 'the markup is shown as text');
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(policy, 'the page carries its own policy');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    assert.strictEqual(policy.replace(/&#39;/g, "'"), `default-src 'none'; style-src 'sha256-${hash}'; img-src data:`);
    assert.match(html, /<svg [^>]*class="matrix"/);
    assert.match(html, /class="v-proxy-denied"/);
    assert.match(html, /proxy-denied: proxy denied<\/text>/, 'the legend names the verdicts the picture uses');
    assert.doesNotMatch(html, /intercepted: /, 'and only those');
  });

  it('html groups machines with the same picture under one heading, failures first; each distinct row drawn once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++)
      files[`DC${i}.json`] = json(
        preflightDocument({ computer: `DC${String(i).padStart(2, '0')}`, failing: i % 10 === 0 ? { 'www.microsoft.com': 'timeout' } : {} }),
      );
    const { io } = await report(files, '--format', 'html');
    const headings = [...io.out.matchAll(/<text class="group"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepStrictEqual(headings, ['5 machines, fail: www.microsoft.com:80 timeout', '45 machines, pass']);
    assert.strictEqual((io.out.match(/<symbol /g) ?? []).length, 2);
    assert.strictEqual((io.out.match(/<use href="#p\d+"/g) ?? []).length, 50);
  });

  it('markdown: tables whose cells hold escaped text', async () => {
    const { io } = await report({ 'DC01.json': json(hostileDocument()) }, '--format', 'markdown');
    assert.match(io.out, /^# Fleet report$/m);
    assert.match(io.out, /^\| Machine \| Verdict \| What failed \|$/m);
    assert.doesNotMatch(io.out, /(^|[^\\])<(script|img)/, 'every < is backslash-escaped');
    assert.match(io.out, /\\<script\\>/);
  });

  it('reads every .json of a folder and its sub-folders (one folder per host, as Ansible fetches), nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-fleet-'));
    try {
      fs.mkdirSync(path.join(dir, 'dc01'));
      fs.mkdirSync(path.join(dir, 'dc02'));
      fs.writeFileSync(path.join(dir, 'dc01', 'preflight.json'), json(preflightDocument({ computer: 'DC01' })));
      fs.writeFileSync(path.join(dir, 'dc02', 'preflight.json'), `\uFEFF${json(preflightDocument({ computer: 'DC02' }))}`);
      fs.writeFileSync(path.join(dir, 'DC03.json'), Buffer.from(`\uFEFF${json(preflightDocument({ computer: 'DC03' }))}`, 'utf16le'));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a result');
      const io = new DiskIO();
      assert.strictEqual(await run(['report', '--format', 'json', dir], io), 0, io.err);
      const fleet = JSON.parse(io.out);
      assert.deepStrictEqual(fleet.machines.map((m: { computer: string }) => m.computer).sort(), ['DC01', 'DC02', 'DC03']);
      const missing = new DiskIO();
      assert.strictEqual(await run(['report', path.join(dir, 'absent.json'), dir], missing), 2);
      assert.match(missing.out, /absent\.json: cannot read: no such file or folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors: no file, an unknown format', async () => {
    const none = new MemoryIO();
    assert.strictEqual(await run(['report'], none), 2);
    assert.match(none.err, /no result file or folder given/);
    const bad = new MemoryIO({ 'a.json': '{}' });
    assert.strictEqual(await run(['report', '--format', 'pdf', 'a.json'], bad), 2);
    assert.match(bad.err, /--format must be one of text, json, markdown, html/);
  });
});
