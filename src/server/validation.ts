import { CancellationTokenSource, Connection, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { oversizedBytes, tooLargeMessage } from '../core/manifest/limits';
import { Finding } from '../core/rules/finding';
import { validate } from '../core/rules/validate';
import { toDiagnostic } from './convert';

/** The findings of one document version, kept for code actions. */
export interface Validated {
  version: number;
  text: string;
  findings: Finding[];
}

/** The one diagnostic of a document over the size limit, which is reported instead of parsed. */
function tooLargeDiagnostic(bytes: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: 'atp-proxy',
    message: tooLargeMessage(bytes),
  };
}

/** Validates documents debounced per document; a newer edit cancels a pending run; results are published (push). */
export class ValidationScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; cancel: CancellationTokenSource }>();
  private readonly results = new Map<string, Validated>();

  constructor(private readonly connection: Connection) {}

  /** Validates after `delay` ms unless another edit comes first. */
  schedule(document: TextDocument, delay: number): void {
    this.cancel(document.uri);
    if (delay <= 0) {
      // No debounce asked for: validate now rather than after a timer turn.
      this.run(document);
      return;
    }
    const cancel = new CancellationTokenSource();
    const timer = setTimeout(() => {
      this.pending.delete(document.uri);
      if (!cancel.token.isCancellationRequested) this.run(document);
    }, delay);
    this.pending.set(document.uri, { timer, cancel });
  }

  /** Validates now and publishes. */
  run(document: TextDocument): Validated {
    const cached = this.results.get(document.uri);
    if (cached?.version === document.version) return cached;
    const text = document.getText();
    const oversized = oversizedBytes(text);
    const result: Validated = { version: document.version, text, findings: oversized === undefined ? validate(text) : [] };
    this.results.set(document.uri, result);
    const diagnostics: Diagnostic[] = oversized === undefined ? result.findings.map((f) => toDiagnostic(document, f)) : [tooLargeDiagnostic(oversized)];
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    return result;
  }

  /** The findings of the document's current version (validating now if the last run is stale). */
  current(document: TextDocument): Validated {
    return this.run(document);
  }

  /** Forgets a closed document and clears its diagnostics. */
  close(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private cancel(uri: string): void {
    const pending = this.pending.get(uri);
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.cancel.cancel();
    this.pending.delete(uri);
  }
}
