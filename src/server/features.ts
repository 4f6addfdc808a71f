import { CompletionItem, CompletionItemKind, DocumentSymbol, Hover, InsertTextFormat, MarkupKind, SymbolKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../core/language/completion';
import { hover } from '../core/language/hover';
import { OutlineSymbol, outline } from '../core/language/symbols';
import { rangeOf } from './convert';
import { oversizedBytes } from '../core/manifest/limits';

const COMPLETION_KIND = { property: CompletionItemKind.Property, value: CompletionItemKind.Value, endpoint: CompletionItemKind.Reference };

/** LSP completion items from the core's proposals. */
export function completionItems(document: TextDocument, offset: number): CompletionItem[] {
  if (oversizedBytes(document.getText()) !== undefined) return [];
  return complete(document.getText(), offset).map((c) => ({
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    sortText: c.sortText,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: rangeOf(document, c.offset, c.length), newText: c.insertText },
  }));
}

/** LSP hover from the core's hover. */
export function hoverAt(document: TextDocument, offset: number): Hover | null {
  if (oversizedBytes(document.getText()) !== undefined) return null;
  const info = hover(document.getText(), offset);
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: rangeOf(document, info.offset, info.length) } : null;
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
};

function toSymbol(document: TextDocument, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name || '""',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: rangeOf(document, s.offset, s.length),
    selectionRange: rangeOf(document, s.selectionOffset, s.selectionLength),
    children: s.children.map((c) => toSymbol(document, c)),
  };
}

/** LSP document symbols (the outline). */
export function documentSymbols(document: TextDocument): DocumentSymbol[] {
  if (oversizedBytes(document.getText()) !== undefined) return [];
  return outline(document.getText()).map((s) => toSymbol(document, s));
}
