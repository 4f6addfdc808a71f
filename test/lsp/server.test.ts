import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './support/lspClient';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const REVIEW = fs.readFileSync(path.join(EXAMPLES, 'contoso-review.atpproxy.jsonc'), 'utf8');

function applyAction(text: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit;
  return TextDocument.applyEdits(TextDocument.create('x', 'x', 1, text), change.edits);
}

describe('language server over stdio', () => {
  let client: LspClient;
  beforeEach(async () => {
    client = new LspClient();
    await client.initialize();
  });
  afterEach(() => client.dispose());

  it('publishes ATP100 for a syntax error and the semantic findings of what it recovered', async () => {
    const diagnostics = await client.open('file:///broken.atpproxy.jsonc', '{ "version": 1, "instance": "contoso" "region": "europe" }');
    const codes = diagnostics.map((d) => d.code);
    assert.ok(codes.includes('ATP100'), JSON.stringify(codes));
    assert.ok(diagnostics.every((d) => d.source === 'atp-proxy'));
  });

  it('publishes the missing endpoint, offers its quick fix, and re-validates clean after the edit', async () => {
    const uri = 'file:///review.atpproxy.jsonc';
    const diagnostics = await client.open(uri, REVIEW);
    assert.deepStrictEqual(
      diagnostics.map((d) => d.code),
      ['ATP111'],
    );
    assert.strictEqual(diagnostics[0].severity, 1);
    assert.match(diagnostics[0].message, /\(current and 2018 guidance\)$/, 'the message names the guidance the rule comes from');
    const actions = await client.codeActions(uri, diagnostics);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    assert.deepStrictEqual(fix.diagnostics, diagnostics);
    const fixed = applyAction(REVIEW, fix);
    assert.ok(fixed.includes('"contoso-corpsensorapi.atp.azure.com"'));
    assert.ok(fixed.includes('// the sensor API endpoint of the instance is missing'), 'comments survive the fix');
    const after = await client.change(uri, 2, [{ text: fixed }]);
    assert.deepStrictEqual(after, []);
  });

  it('applies incremental edits and debounces to the last version', async () => {
    const uri = 'file:///inc.atpproxy.jsonc';
    const text = REVIEW.replace('"port": 443', '"port": 444');
    const first = await client.open(uri, text);
    assert.ok(first.some((d) => d.code === 'ATP120'));
    const doc = TextDocument.create(uri, 'atp-proxy-manifest', 1, text);
    const at = doc.positionAt(text.indexOf('444') + 2);
    const after = await client.change(uri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '3' }]);
    assert.ok(!after.some((d) => d.code === 'ATP120'), JSON.stringify(after));
  });

  it('offers source.fixAll.atpProxy that fixes everything fixable', async () => {
    const uri = 'file:///all.atpproxy.jsonc';
    const text = REVIEW.replace('"sslInspection": "none"', '"sslInspection": "oneWay"').replace('"backup": true', '"backup": false');
    const diagnostics = await client.open(uri, text);
    assert.deepStrictEqual(diagnostics.map((d) => d.code).sort(), ['ATP111', 'ATP130']);
    const [action] = await client.codeActions(uri, [], ['source.fixAll']);
    assert.strictEqual(action.kind, 'source.fixAll.atpProxy');
    const after = await client.change(uri, 2, [{ text: applyAction(text, action) }]);
    assert.deepStrictEqual(after, []);
  });

  it('clears diagnostics when the document closes', async () => {
    const uri = 'file:///close.atpproxy.jsonc';
    assert.strictEqual((await client.open(uri, REVIEW)).length, 1);
    assert.deepStrictEqual(await client.close(uri), []);
  });

  it('completes the endpoints the instance needs, with what each is for', async () => {
    const uri = 'file:///complete.atpproxy.jsonc';
    const text = REVIEW.replace('"ctldl.windowsupdate.com",', '"ctldl.windowsupdate.com", "",');
    await client.open(uri, text);
    const doc = TextDocument.create(uri, 'x', 1, text);
    const items = await client.completion(uri, doc.positionAt(text.indexOf('"",') + 1));
    const item = items.find((i) => i.label === 'contoso-corpsensorapi.atp.azure.com');
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.match(JSON.stringify(item.documentation), /Sensor API of instance .*contoso-corp.*Connect to the Defender for Identity service/);
  });

  it('completes keys and enum values', async () => {
    const uri = 'file:///keys.atpproxy.jsonc';
    const text = '{\n  "version": 1,\n  "proxy": { "mode": "" },\n  \n}';
    await client.open(uri, text);
    const doc = TextDocument.create(uri, 'x', 1, text);
    const keys = (await client.completion(uri, doc.positionAt(text.indexOf('  \n}') + 2))).map((i) => i.label);
    assert.ok(keys.includes('instance') && keys.includes('firewall') && !keys.includes('version'), keys.join(','));
    const modes = (await client.completion(uri, doc.positionAt(text.indexOf('""') + 1))).map((i) => i.label);
    assert.deepStrictEqual(modes, ['static', 'pac', 'wpad', 'transparent', 'direct']);
  });

  it('explains an endpoint on hover and lists the outline', async () => {
    const uri = 'file:///hover.atpproxy.jsonc';
    await client.open(uri, REVIEW);
    const doc = TextDocument.create(uri, 'x', 1, REVIEW);
    const hover = await client.hover(uri, doc.positionAt(REVIEW.indexOf('pkiops') + 3));
    assert.match(JSON.stringify(hover?.contents), /plain HTTP/);
    const keyHover = await client.hover(uri, doc.positionAt(REVIEW.indexOf('"sslInspection"') + 2));
    assert.match(JSON.stringify(keyHover?.contents), /inspect/i);
    const symbols = await client.symbols(uri);
    assert.deepStrictEqual(
      symbols.map((s) => s.name),
      ['version', 'instance', 'proxy', 'firewall'],
    );
  });

  it('works for clients without workspace/configuration (Neovim, Helix) with the default delay', async () => {
    const bare = new LspClient();
    try {
      await bare.initialize(false);
      const diagnostics = await bare.open('file:///bare.atpproxy.jsonc', REVIEW);
      assert.deepStrictEqual(
        diagnostics.map((d) => d.code),
        ['ATP111'],
      );
    } finally {
      await bare.dispose();
    }
  });
});
