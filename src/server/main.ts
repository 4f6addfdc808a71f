import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validate } from '../core/rules/validate';

let started = false;

/** Starts the language server on the transport named on the command line (--stdio, --node-ipc, --socket). */
export function start(): void {
  if (started) return;
  started = true;
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
  documents.onDidChangeContent(({ document }) => {
    const findings = validate(document.getText());
    void connection.sendDiagnostics({
      uri: document.uri,
      diagnostics: findings.map((f) => ({
        code: f.code, source: 'atp-proxy', message: f.message,
        severity: f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        range: { start: document.positionAt(f.offset), end: document.positionAt(f.offset + f.length) },
      })),
    });
  });
  documents.listen(connection);
  connection.listen();
}

if (process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket='))) start();
