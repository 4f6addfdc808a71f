import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, codeActions } from './codeActions';
import { completionItems, documentSymbols, hoverAt } from './features';
import { SettingsStore } from './settings';
import { ValidationScheduler } from './validation';

/** Wires a connection to the language service: push diagnostics, code actions, completion, hover, symbols. */
export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsStore(connection);
  const validation = new ValidationScheduler(connection);

  connection.onInitialize((params) => {
    settings.supported = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        completionProvider: { triggerCharacters: ['"', ':', ' ', '.'] },
        hoverProvider: true,
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'atp-proxy-language-server', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    if (settings.supported) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'atpProxy' }).catch(() => undefined);
  });
  connection.onDidChangeConfiguration(() => {
    settings.forget();
    for (const document of documents.all()) validation.schedule(document, 0);
  });

  documents.onDidOpen(({ document }) => validation.run(document));
  documents.onDidChangeContent(({ document }) => {
    void settings.get(document.uri).then((s) => {
      if (documents.get(document.uri)?.version === document.version) validation.schedule(document, s.validationDelay);
    });
  });
  documents.onDidClose(({ document }) => {
    validation.close(document.uri);
    settings.forget(document.uri);
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? codeActions(document, validation.current(document), params) : [];
  });
  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? completionItems(document, document.offsetAt(params.position)) : [];
  });
  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? hoverAt(document, document.offsetAt(params.position)) : null;
  });
  connection.onDocumentSymbol((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? documentSymbols(document) : [];
  });

  documents.listen(connection);
  connection.listen();
}

let started = false;

/** Starts the language server on the transport named on the command line (--stdio, --node-ipc, --socket=N). */
export function start(): void {
  if (started) return;
  started = true;
  serve(createConnection(ProposedFeatures.all));
}

if (process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket='))) start();
