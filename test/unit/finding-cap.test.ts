import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_FINDINGS_PER_CODE } from '../../src/core/rules/findingCap';
import { validate } from '../../src/core/rules/validate';

// Issue 18 item 6: a 3.6 MB manifest of 200,000 duplicate allow entries crashed `validate` (push(...spread)
// overflowed the stack) and froze the extension host for 17 s.
const REQUIRED = ['contososensorapi.atp.azure.com', 'contoso.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'];

function manifest(allow: string[]): string {
  return JSON.stringify(
    { version: 1, guidance: '2018', instance: 'contoso', region: 'europe', proxy: { mode: 'direct' }, firewall: { port: 443, allow } },
    null,
    1,
  );
}

describe('findings are capped per code', () => {
  it('200,000 duplicates of a typo: 1,000 ATP114 and 1,000 ATP115, then one summary each at the first one left out', () => {
    const allow = [...REQUIRED, ...Array.from({ length: 200_000 }, () => 'ab.atp.azure.com')];
    const text = manifest(allow);
    const findings = validate(text);
    const byCode = (code: string) => findings.filter((f) => f.code === code);
    assert.strictEqual(byCode('ATP114').length, MAX_FINDINGS_PER_CODE + 1);
    assert.strictEqual(byCode('ATP115').length, MAX_FINDINGS_PER_CODE + 1);
    const copies: number[] = [];
    for (let at = text.indexOf('"ab.atp.azure.com"'); at >= 0; at = text.indexOf('"ab.atp.azure.com"', at + 1)) copies.push(at);
    const entryOffset = (i: number): number => copies[i];
    const summary114 = byCode('ATP114')[MAX_FINDINGS_PER_CODE];
    assert.strictEqual(summary114.severity, 'warning');
    assert.match(
      summary114.message,
      /^199,000 more ATP114 findings \(Unknown name under the ATP domain\) are not listed: only the first 1,000 of a code are\./,
    );
    assert.strictEqual(summary114.fix, undefined);
    assert.strictEqual(text.slice(summary114.offset, summary114.offset + summary114.length), '"ab.atp.azure.com"');
    assert.strictEqual(summary114.offset, entryOffset(1000), 'at the 1,001st entry');
    // The first copy is not a duplicate: 199,999 duplicates, 1,000 listed.
    const summary115 = byCode('ATP115')[MAX_FINDINGS_PER_CODE];
    assert.match(summary115.message, /^198,999 more ATP115 findings \(Duplicate allow entry\) are not listed/);
    assert.strictEqual(summary115.offset, entryOffset(1001));
    // The ones listed are the first ones, each with its own fix.
    const listed = byCode('ATP115').slice(0, MAX_FINDINGS_PER_CODE);
    assert.deepStrictEqual(
      listed.map((f) => f.fix?.kind === 'remove' && f.fix.path[2]),
      Array.from({ length: MAX_FINDINGS_PER_CODE }, (_, i) => REQUIRED.length + 1 + i),
    );
    assert.match(byCode('ATP114')[0].message, /did you mean "contoso\.atp\.azure\.com"\?/);
    assert.deepStrictEqual(
      findings,
      [...findings].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code)),
      'sorted by position',
    );
  });

  it('exactly 1,000 of a code: no summary', () => {
    const findings = validate(manifest([...REQUIRED, ...Array.from({ length: MAX_FINDINGS_PER_CODE }, () => 'crl.microsoft.com')]));
    const dupes = findings.filter((f) => f.code === 'ATP115');
    assert.strictEqual(dupes.length, MAX_FINDINGS_PER_CODE);
    assert.ok(dupes.every((f) => /already in the allow list/.test(f.message)));
  });

  it('syntax errors (ATP100) are capped the same way', () => {
    const findings = validate(`{ "version": 1, ${'@ '.repeat(5000)} }`).filter((f) => f.code === 'ATP100');
    assert.strictEqual(findings.length, MAX_FINDINGS_PER_CODE + 1);
    assert.match(findings[MAX_FINDINGS_PER_CODE].message, /more ATP100 findings/);
  });

  it('no push(...spread) in core or the language server: spreading an unbounded array into arguments overflows the stack', () => {
    const root = path.resolve(__dirname, '../../../src');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          fs.readFileSync(full, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\.(push|unshift)\(\s*\.\.\.|Math\.(max|min)\(\s*\.\.\./.test(line)) offenders.push(`${path.relative(root, full)}:${i + 1}`);
            });
        }
      }
    };
    for (const layer of ['core', 'server']) walk(path.join(root, layer));
    assert.deepStrictEqual(offenders, []);
  });
});
