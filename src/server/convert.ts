import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, Severity } from '../core/rules/finding';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Offsets to an LSP range: the only place core offsets become positions. */
export function rangeOf(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

/** A finding as an LSP diagnostic (source atp-proxy, the code, and whether a fix exists). */
export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: rangeOf(document, finding.offset, finding.length),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: `https://github.com/atp-sensor-proxy/atp-sensor-proxy#diagnostics-${finding.code.toLowerCase()}` },
    source: 'atp-proxy',
    message: finding.message,
    data: { fixable: finding.fix !== undefined },
  };
}
