import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, FindingGuidance, Severity } from '../core/rules/finding';

const GUIDANCE_WORDS: Record<FindingGuidance, string> = { both: 'current and 2018 guidance', current: 'current guidance', '2018': '2018 guidance' };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Offsets to an LSP range: the only place core offsets become positions. */
export function rangeOf(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

/** The message a diagnostic shows: the finding's, naming the guidance its rule comes from. */
export function diagnosticMessage(finding: Pick<Finding, 'message' | 'guidance'>): string {
  return `${finding.message} (${GUIDANCE_WORDS[finding.guidance]})`;
}

/** A finding as an LSP diagnostic (source atp-proxy with the guidance, the code, and whether a fix exists). */
export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: rangeOf(document, finding.offset, finding.length),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: `https://github.com/atp-sensor-proxy/atp-sensor-proxy#diagnostics-${finding.code.toLowerCase()}` },
    source: 'atp-proxy',
    // The hover on a squiggle shows the message: it names the guidance the rule comes from (SPEC section 3).
    message: diagnosticMessage(finding),
    data: { fixable: finding.fix !== undefined, guidance: finding.guidance },
  };
}
