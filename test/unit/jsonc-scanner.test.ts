import * as assert from 'assert';
import * as jsonc from 'jsonc-parser';
import * as tokens from '../../src/core/manifest/jsonTokens';
import { ParseErrorCode, ScanError, SyntaxKind, createScanner, printParseErrorCode } from '../../src/core/manifest/jsoncScanner';

describe("jsonc-parser's scanner and error codes without its main module", () => {
  it('has every ParseErrorCode of the library, with its value and its printed name', () => {
    // The library's enum object (its type is a const enum, which TypeScript does not let code read as an object).
    const library = (jsonc as unknown as { ParseErrorCode: Record<string, number | string> }).ParseErrorCode;
    const names = Object.keys(library).filter((key) => typeof library[key] === 'number');
    assert.deepStrictEqual(Object.keys(ParseErrorCode).sort(), names.sort());
    for (const name of names) {
      const code = library[name] as jsonc.ParseErrorCode;
      assert.strictEqual(ParseErrorCode[name as keyof typeof ParseErrorCode], code, name);
      assert.strictEqual(printParseErrorCode(code), jsonc.printParseErrorCode(code), name);
    }
    assert.strictEqual(printParseErrorCode(99 as jsonc.ParseErrorCode), jsonc.printParseErrorCode(99 as jsonc.ParseErrorCode));
  });

  it("has the library's SyntaxKind and ScanError values", () => {
    const library = jsonc as unknown as Record<'SyntaxKind' | 'ScanError', Record<string, number | string>>;
    for (const [name, copy] of [
      ['SyntaxKind', SyntaxKind],
      ['ScanError', ScanError],
    ] as const) {
      const numbers = Object.fromEntries(Object.entries(library[name]).filter(([, value]) => typeof value === 'number'));
      assert.deepStrictEqual({ ...copy }, numbers, name);
    }
  });

  it("gives the parsers' token and scan-error numbers the library's values, and punctuation its kinds", () => {
    const kinds: Record<string, keyof typeof SyntaxKind> = {
      OPEN_BRACE: 'OpenBraceToken',
      CLOSE_BRACE: 'CloseBraceToken',
      OPEN_BRACKET: 'OpenBracketToken',
      CLOSE_BRACKET: 'CloseBracketToken',
      COMMA: 'CommaToken',
      COLON: 'ColonToken',
      NULL: 'NullKeyword',
      TRUE: 'TrueKeyword',
      FALSE: 'FalseKeyword',
      STRING: 'StringLiteral',
      NUMBER: 'NumericLiteral',
      LINE_COMMENT: 'LineCommentTrivia',
      BLOCK_COMMENT: 'BlockCommentTrivia',
      LINE_BREAK: 'LineBreakTrivia',
      TRIVIA: 'Trivia',
      UNKNOWN: 'Unknown',
      EOF: 'EOF',
    };
    const scanErrors: Record<string, keyof typeof ScanError> = {
      SCAN_NONE: 'None',
      SCAN_UNEXPECTED_END_OF_COMMENT: 'UnexpectedEndOfComment',
      SCAN_UNEXPECTED_END_OF_STRING: 'UnexpectedEndOfString',
      SCAN_UNEXPECTED_END_OF_NUMBER: 'UnexpectedEndOfNumber',
      SCAN_INVALID_UNICODE: 'InvalidUnicode',
      SCAN_INVALID_ESCAPE: 'InvalidEscapeCharacter',
      SCAN_INVALID_CHARACTER: 'InvalidCharacter',
    };
    const library = jsonc as unknown as Record<'SyntaxKind' | 'ScanError', Record<string, number>>;
    const numbers = Object.fromEntries(Object.entries(tokens).filter(([, value]) => typeof value === 'number'));
    assert.deepStrictEqual(Object.keys(numbers).sort(), [...Object.keys(kinds), ...Object.keys(scanErrors)].sort());
    for (const [name, kind] of Object.entries(kinds)) assert.strictEqual(numbers[name], library.SyntaxKind[kind], name);
    for (const [name, error] of Object.entries(scanErrors)) assert.strictEqual(numbers[name], library.ScanError[error], name);
    for (let code = 0; code < 128; code++) {
      const scanner = createScanner(String.fromCharCode(code), false);
      const kind = scanner.scan() as number;
      const punctuation = kind >= SyntaxKind.OpenBraceToken && kind <= SyntaxKind.ColonToken;
      assert.strictEqual(tokens.PUNCTUATION[code], punctuation ? kind : 0, `character ${code}`);
    }
  });

  it("scans as the library's createScanner does", () => {
    const text = '{"a\\u00e9": [1, true, null, "x"] /* c */ // d\n, "b": -0.5e3 }';
    const tokens = (scan: typeof jsonc.createScanner) => {
      const scanner = scan(text, false);
      const out: unknown[] = [];
      for (let kind = scanner.scan(); kind !== jsonc.SyntaxKind.EOF; kind = scanner.scan()) {
        out.push([kind, scanner.getTokenOffset(), scanner.getTokenLength(), scanner.getTokenValue(), scanner.getTokenError()]);
      }
      return out;
    };
    assert.deepStrictEqual(tokens(createScanner), tokens(jsonc.createScanner));
  });
});
