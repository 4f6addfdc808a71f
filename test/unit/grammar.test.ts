import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { INITIAL, IGrammar, Registry, parseRawGrammar } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR = path.join(ROOT, 'syntaxes/atp-proxy-manifest.tmLanguage.json');
const GOLDEN = path.join(ROOT, 'test/fixtures/grammar');
const SAMPLES = ['contoso-2018.atpproxy.jsonc', 'contoso-review.atpproxy.jsonc'];

let grammar: IGrammar;

/** One line per token: `text` followed by its scopes (minus the root scope); the golden files are these lines. */
function tokens(text: string): string {
  let state = INITIAL;
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      const value = line.slice(token.startIndex, token.endIndex);
      if (!value.trim()) continue;
      out.push(`${JSON.stringify(value)} ${token.scopes.slice(1).join(' ')}`);
    }
    state = result.ruleStack;
  }
  return `${out.join('\n')}\n`;
}

describe('TextMate grammar (golden tokens)', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new OnigScanner(s), createOnigString: (s: string) => new OnigString(s) }),
      loadGrammar: async () => parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
    });
    const loaded = await registry.loadGrammar('source.atp-proxy-manifest');
    if (!loaded) throw new Error('grammar did not load');
    grammar = loaded;
  });

  for (const sample of SAMPLES) {
    it(`tokenizes ${sample} as recorded (UPDATE_GOLDEN=1 to re-record after an intended change)`, () => {
      const actual = tokens(fs.readFileSync(path.join(ROOT, 'examples', sample), 'utf8'));
      const golden = path.join(GOLDEN, `${sample}.tokens.txt`);
      if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(golden)) fs.writeFileSync(golden, actual);
      assert.strictEqual(actual, fs.readFileSync(golden, 'utf8'));
    });
  }

  it('gives manifest keys, endpoint host names and comments their own scopes', () => {
    const lines = tokens('{\n  // c\n  "firewall": { "allow": ["contoso-corpsensorapi.atp.azure.com", "crl.microsoft.com"] }\n}').split('\n');
    const scopeOf = (text: string) => lines.find((l) => l.startsWith(JSON.stringify(text)))?.slice(JSON.stringify(text).length + 1) ?? '';
    assert.match(scopeOf('// c') || lines.find((l) => l.includes('comment')) || '', /comment/);
    assert.ok(
      lines.some((l) => l.includes('firewall') && /support\.type\.property-name|keyword|entity/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.includes('sensorapi') && !/string\.quoted\.double\.json\b/.test(l) && /host|endpoint|link|markup/.test(l)),
      lines.join('\n'),
    );
  });
});
