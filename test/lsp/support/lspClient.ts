import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import {
  CodeAction,
  CodeActionParams,
  CodeActionRequest,
  CompletionItem,
  CompletionRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbol,
  DocumentSymbolRequest,
  Hover,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  Position,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

const SERVER = path.resolve(__dirname, '../../../../bin/atp-proxy-language-server.js');

/** A real LSP client over stdio to the bundled standalone server (bin/atp-proxy-language-server.js --stdio). */
export class LspClient {
  private readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  configuration: unknown = { validation: { delay: 0 } };
  /** What the server wrote to stderr, when constructed with `captureStderr`. */
  stderr = '';

  constructor(options: { captureStderr?: boolean } = {}) {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', options.captureStderr ? 'pipe' : 'inherit'] });
    if (!this.process.stdout || !this.process.stdin) throw new Error('server stdio not available');
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === params.uri && (w.version === undefined || params.version === w.version)) {
          this.waiters.splice(i, 1);
          w.resolve(params);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.configuration));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** The server's process id (to read its memory from /proc). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Whether the server process has exited. */
  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  async initialize(withConfiguration = true): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { configuration: withConfiguration }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the next diagnostics published for a document (and version), or rejects after a timeout. */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'atp-proxy-manifest', version, text } });
    return (await published).diagnostics;
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return (await published).diagnostics;
  }

  async close(uri: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return (await published).diagnostics;
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const params: CodeActionParams = {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only },
    };
    return this.connection.sendRequest(CodeActionRequest.type, params) as Promise<CodeAction[]>;
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async symbols(uri: string): Promise<DocumentSymbol[]> {
    return (await this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  }

  async dispose(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}
