import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Diagnostic,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeFix, addAllMissingEndpoints, fixesFor, isMissingEndpoint } from '../core/fixes/fixes';
import { fixAll } from '../core/fixes/fixAll';
import { diffAsEdit } from '../core/fixes/textEdit';
import { Finding } from '../core/rules/finding';
import { oversizedBytes } from '../core/manifest/limits';
import { Validated } from './validation';
import { rangeOf } from './convert';

/** The kind of the fix-all source action (also requested by `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.atpProxy`;

function sameRange(document: TextDocument, diagnostic: Diagnostic, finding: Finding): boolean {
  return document.offsetAt(diagnostic.range.start) === finding.offset && document.offsetAt(diagnostic.range.end) === finding.offset + finding.length;
}

function workspaceEdit(document: TextDocument, edits: { offset: number; length: number; newText: string }[]) {
  // Versioned edits: the client refuses them if the document changed since (as vscode-eslint does).
  const textEdits = edits.map((e) => TextEdit.replace(rangeOf(document, e.offset, e.length), e.newText));
  return { documentChanges: [TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(document.uri, document.version), textEdits)] };
}

function action(document: TextDocument, fix: CodeFix, diagnostics: Diagnostic[]): CodeAction {
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: fix.isPreferred, edit: workspaceEdit(document, fix.edits) };
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Quick fixes for the diagnostics in the request, "add all missing endpoints", and the fix-all source action. */
export function codeActions(document: TextDocument, validated: Validated, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  if (oversizedBytes(validated.text) !== undefined) return actions;
  const only = params.context.only;
  if (wants(only, CodeActionKind.QuickFix)) {
    const matched: { diagnostic: Diagnostic; finding: Finding }[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'atp-proxy') continue;
      const finding = validated.findings.find((f) => f.code === diagnostic.code && sameRange(document, diagnostic, f));
      if (!finding) continue;
      matched.push({ diagnostic, finding });
      for (const fix of fixesFor(validated.text, finding)) actions.push(action(document, fix, [diagnostic]));
    }
    const missing = addAllMissingEndpoints(validated.text, validated.findings);
    const missingDiagnostics = matched.filter((m) => isMissingEndpoint(m.finding)).map((m) => m.diagnostic);
    if (missing && missingDiagnostics.length) actions.push(action(document, missing, missingDiagnostics));
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const result = fixAll(validated.text);
    if (result.applied.length) {
      actions.push({
        title: `Fix all ATP proxy problems (${result.applied.length})`,
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(document, [diffAsEdit(validated.text, result.text)]),
      });
    }
  }
  return actions;
}
