import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  LogMessageNotification,
  MessageType,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_MANIFEST_BYTES } from '../../src/core/manifest/limits';
import { validate } from '../../src/core/rules/validate';
import { diagnosticMessage } from '../../src/server/convert';
import { LspClient } from './support/lspClient';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const SEEDS = fs
  .readdirSync(EXAMPLES)
  .filter((f) => /\.atpproxy\.jsonc?$/.test(f))
  .sort()
  .map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
const DOCUMENTS = 20;
const EDITS = Number(process.env.SOAK_EDITS ?? 5000);
const SEED = 20261130;

/** A small seeded generator (mulberry32), so a failing soak can be replayed edit for edit. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPED = ['"', ',', ':', '{', '}', '[', ']', ' ', '\n', 'a', '4', '*.', '"allow"', '"ATP"', '// c\n', '\u00e9', 'null'];

/** One editor-like change of a document: typing, deleting a selection, replacing a value, or pasting the whole text. */
function edit(doc: TextDocument, next: () => number): TextDocumentContentChangeEvent {
  const text = doc.getText();
  const at = Math.floor(next() * (text.length + 1));
  const roll = next();
  if (roll < 0.01) return { text: SEEDS[Math.floor(next() * SEEDS.length)] };
  if (roll < 0.5) {
    const p = doc.positionAt(at);
    return { range: { start: p, end: p }, text: TYPED[Math.floor(next() * TYPED.length)] };
  }
  if (roll < 0.85) {
    const end = Math.min(text.length, at + 1 + Math.floor(next() * 6));
    return { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: '' };
  }
  const port = text.indexOf('443');
  const start = port >= 0 ? port : at;
  return { range: { start: doc.positionAt(start), end: doc.positionAt(Math.min(text.length, start + 3)) }, text: next() < 0.5 ? '444' : '443' };
}

/** The server's resident memory and its peak, in MB, from /proc. */
function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** What the core says about a text, in the shape the server publishes (code, message, range offsets). */
function expected(doc: TextDocument): string[] {
  return validate(doc.getText())
    .map((f) => `${f.code} ${doc.offsetAt(doc.positionAt(f.offset))}-${doc.offsetAt(doc.positionAt(f.offset + f.length))} ${diagnosticMessage(f)}`)
    .sort();
}

function published(doc: TextDocument, diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)} ${doc.offsetAt(d.range.start)}-${doc.offsetAt(d.range.end)} ${d.message}`).sort();
}

describe(`language server soak: ${EDITS} rapid edits across ${DOCUMENTS} open manifests`, function () {
  this.timeout(120_000);
  let client: LspClient;
  const errors: string[] = [];

  before(async () => {
    client = new LspClient({ captureStderr: true });
    client.connection.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error) errors.push(m.message);
    });
    client.connection.onError(([error]) => errors.push(`connection: ${error.message}`));
    await client.initialize();
  });
  after(() => client.dispose());

  it('no error, memory bounded, and the last diagnostics of every document are what the core says', async () => {
    const next = random(SEED);
    const docs = Array.from({ length: DOCUMENTS }, (_, i) =>
      TextDocument.create(`file:///soak/m${i}.atpproxy.jsonc`, 'atp-proxy-manifest', 1, SEEDS[i % SEEDS.length]),
    );
    await Promise.all(docs.map((d) => client.open(d.uri, d.getText())));
    const before = memoryOf(client.pid);
    const started = Date.now();

    /** Sends `count` edits without waiting, then waits for the diagnostics of every document's last version. */
    const burst = async (count: number): Promise<Map<string, Diagnostic[]>> => {
      const changes: { index: number; version: number; change: TextDocumentContentChangeEvent }[] = [];
      for (let n = 0; n < count; n++) {
        const index = Math.floor(next() * DOCUMENTS);
        const doc = docs[index];
        const change = edit(doc, next);
        docs[index] = TextDocument.update(doc, [change], doc.version + 1);
        changes.push({ index, version: docs[index].version, change });
      }
      const last = new Map(docs.map((d) => [d.uri, client.nextDiagnostics(d.uri, d.version, 60_000)]));
      for (const { index, version, change } of changes) {
        void client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri: docs[index].uri, version },
          contentChanges: [change],
        });
      }
      // A document no edit touched keeps its opening diagnostics.
      const untouched = docs.filter((d) => d.version === 1);
      for (const d of untouched) last.delete(d.uri);
      return new Map(await Promise.all([...last].map(async ([uri, p]) => [uri, (await p).diagnostics] as const)));
    };

    // Half with validation on every change, half debounced (stale runs cancelled): both paths of the scheduler.
    const first = await burst(Math.floor(EDITS / 2));
    const middle = memoryOf(client.pid);
    client.configuration = { validation: { delay: 30 } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const second = await burst(EDITS - Math.floor(EDITS / 2));
    const ms = Date.now() - started;
    const after = memoryOf(client.pid);

    let checked = 0;
    for (const doc of docs) {
      const diagnostics = second.get(doc.uri) ?? first.get(doc.uri);
      if (!diagnostics) continue;
      assert.deepStrictEqual(published(doc, diagnostics), expected(doc), doc.uri);
      checked++;
    }
    const publishedCount = client.published.length;
    console.log(
      `      soak: ${EDITS} edits over ${DOCUMENTS} documents in ${ms} ms (${Math.round((EDITS / ms) * 1000)} edits/s), ${publishedCount} diagnostics notifications; ` +
        `server RSS ${before.rssMb} MB before, ${middle.rssMb} MB half way, ${after.rssMb} MB after (peak ${after.peakMb} MB); last diagnostics checked for ${checked} documents`,
    );
    assert.ok(checked >= DOCUMENTS - 1, `${checked} documents checked`);
    assert.deepStrictEqual(errors, []);
    assert.strictEqual(client.stderr, '');
    assert.ok(!client.exited, 'the server is still running');
    assert.ok(after.rssMb - before.rssMb < 150, `RSS grew from ${before.rssMb} to ${after.rssMb} MB`);
    assert.ok(after.rssMb - middle.rssMb < 100, `RSS kept growing: ${middle.rssMb} → ${after.rssMb} MB`);
  });

  it(`a document over ${MAX_MANIFEST_BYTES / 1048576} MB gets one diagnostic saying so and is not parsed; back under the limit it is validated again`, async () => {
    const uri = 'file:///soak/huge.atpproxy.json';
    const huge = `{"version": 1, "instance": "${'a'.repeat(MAX_MANIFEST_BYTES)}"}`;
    const started = Date.now();
    const diagnostics = await client.open(uri, huge);
    const ms = Date.now() - started;
    assert.strictEqual(diagnostics.length, 1, JSON.stringify(diagnostics).slice(0, 500));
    assert.match(diagnostics[0].message, /is 10\.0 MB, over the 10 MB manifest limit, so it is not validated/);
    assert.strictEqual(diagnostics[0].severity, 1);
    assert.deepStrictEqual(diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.deepStrictEqual(await client.symbols(uri), []);
    assert.deepStrictEqual(await client.completion(uri, { line: 0, character: 5 }), []);
    assert.strictEqual(await client.hover(uri, { line: 0, character: 5 }), null);
    assert.deepStrictEqual(await client.codeActions(uri, diagnostics, ['source.fixAll']), []);
    // A multi-byte text is measured in UTF-8 bytes: 4 million "é" are 8 MB, under the limit.
    const accents = `{"version": 1, "instance": "${'\u00e9'.repeat(4 * 1024 * 1024)}"}`;
    const underLimit = await client.change(uri, 2, [{ text: accents }]);
    assert.ok(
      underLimit.some((d) => d.code === 'ATP160'),
      JSON.stringify(underLimit.map((d) => d.code)),
    );
    const small = await client.change(uri, 3, [{ text: SEEDS[0] }]);
    assert.ok(!small.some((d) => /manifest limit/.test(d.message)));
    console.log(`      oversized: ${(huge.length / 1048576).toFixed(1)} MB document answered in ${ms} ms with one diagnostic`);
  });
});
