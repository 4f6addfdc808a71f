/* global console */
// Part 2: typing latency through the LSP over stdio: didChange → publishDiagnostics, debounce 0.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { generateManifestOfLines } from './lib/manifest.mjs';
import { percentile } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { StreamMessageReader, StreamMessageWriter, createMessageConnection } = require('vscode-jsonrpc/node');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(ROOT, 'bin/atp-proxy-language-server.js');
const URI = 'file:///bench/typing.atpproxy.jsonc';

/** Starts the bundled server, opens a `lines`-line manifest, makes `edits` one-character edits; latencies in ms. */
export async function measureTyping({ lines = 300, edits = 500, warmup = 20 } = {}) {
  const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const done = waiting.get(params.version);
    if (done && params.uri === URI) {
      waiting.delete(params.version);
      done(process.hrtime.bigint());
    }
  });
  // The debounce comes from the client's configuration, as in the editor.
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ validation: { delay: 0 } })));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await connection.sendNotification('initialized', {});

  const text = generateManifestOfLines(lines);
  const published = (version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version}`)), 10_000);
      waiting.set(version, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  let version = 1;
  const opened = published(version);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'atp-proxy-manifest', version, text } });
  await opened;

  // Type into the name of a sensor in the middle of the file: insert a character, then delete it, and so on.
  const lineIndex = text.split('\n').findIndex((l, i) => i > lines / 2 && l.includes('"name": "DC'));
  const character = text.split('\n')[lineIndex].indexOf('"name": "DC') + '"name": "DC'.length;
  const latencies = [];
  for (let i = 0; i < warmup + edits; i++) {
    version++;
    const insert = i % 2 === 0;
    const change = insert
      ? { range: { start: { line: lineIndex, character }, end: { line: lineIndex, character } }, text: 'x' }
      : { range: { start: { line: lineIndex, character }, end: { line: lineIndex, character: character + 1 } }, text: '' };
    const arrived = published(version);
    const start = process.hrtime.bigint();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [change] });
    const end = await arrived;
    if (i >= warmup) latencies.push(Number(end - start) / 1e6);
  }
  try {
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  } catch {
    // the server may already be gone
  }
  connection.dispose();
  server.kill();
  return {
    lines: text.split('\n').length,
    edits: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await measureTyping());
}
