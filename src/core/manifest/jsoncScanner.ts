import type { JSONScanner, ParseErrorCode as LibraryParseErrorCode } from 'jsonc-parser';
import * as T from './jsonTokens';

// jsonc-parser's scanner and parse error codes without the library's main module. That module imports the formatter,
// whose string cache (1,200 strings of spaces and line breaks) is built as it loads: ~250 KB copied by the first
// scavenges and ~2 ms of every cold `validate`, which only scans. The scanner is the library's own module (its UMD
// build, which Node and webpack load alike); the token kinds, scan errors and parse error codes are the library's
// enums, which a unit test compares with these copies.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module itself, not the library's main
const scanner = require('jsonc-parser/lib/umd/impl/scanner') as { createScanner: (text: string, ignoreTrivia?: boolean) => JSONScanner };

/** jsonc-parser's `createScanner`. */
export const createScanner = scanner.createScanner;

/** jsonc-parser's `SyntaxKind` values (token kinds) as plain numbers, for the scanning loops. */
export const SyntaxKind = {
  OpenBraceToken: T.OPEN_BRACE,
  CloseBraceToken: T.CLOSE_BRACE,
  OpenBracketToken: T.OPEN_BRACKET,
  CloseBracketToken: T.CLOSE_BRACKET,
  CommaToken: T.COMMA,
  ColonToken: T.COLON,
  NullKeyword: T.NULL,
  TrueKeyword: T.TRUE,
  FalseKeyword: T.FALSE,
  StringLiteral: T.STRING,
  NumericLiteral: T.NUMBER,
  LineCommentTrivia: T.LINE_COMMENT,
  BlockCommentTrivia: T.BLOCK_COMMENT,
  LineBreakTrivia: T.LINE_BREAK,
  Trivia: T.TRIVIA,
  Unknown: T.UNKNOWN,
  EOF: T.EOF,
} as const;

/** jsonc-parser's `ScanError` values (what `getTokenError()` gives) as plain numbers. */
export const ScanError = {
  None: T.SCAN_NONE,
  UnexpectedEndOfComment: T.SCAN_UNEXPECTED_END_OF_COMMENT,
  UnexpectedEndOfString: T.SCAN_UNEXPECTED_END_OF_STRING,
  UnexpectedEndOfNumber: T.SCAN_UNEXPECTED_END_OF_NUMBER,
  InvalidUnicode: T.SCAN_INVALID_UNICODE,
  InvalidEscapeCharacter: T.SCAN_INVALID_ESCAPE,
  InvalidCharacter: T.SCAN_INVALID_CHARACTER,
} as const;

/** jsonc-parser's `ParseErrorCode` values, as the library's type. */
export const ParseErrorCode = {
  InvalidSymbol: 1 as LibraryParseErrorCode,
  InvalidNumberFormat: 2 as LibraryParseErrorCode,
  PropertyNameExpected: 3 as LibraryParseErrorCode,
  ValueExpected: 4 as LibraryParseErrorCode,
  ColonExpected: 5 as LibraryParseErrorCode,
  CommaExpected: 6 as LibraryParseErrorCode,
  CloseBraceExpected: 7 as LibraryParseErrorCode,
  CloseBracketExpected: 8 as LibraryParseErrorCode,
  EndOfFileExpected: 9 as LibraryParseErrorCode,
  InvalidCommentToken: 10 as LibraryParseErrorCode,
  UnexpectedEndOfComment: 11 as LibraryParseErrorCode,
  UnexpectedEndOfString: 12 as LibraryParseErrorCode,
  UnexpectedEndOfNumber: 13 as LibraryParseErrorCode,
  InvalidUnicode: 14 as LibraryParseErrorCode,
  InvalidEscapeCharacter: 15 as LibraryParseErrorCode,
  InvalidCharacter: 16 as LibraryParseErrorCode,
} as const;

const NAMES = Object.keys(ParseErrorCode) as (keyof typeof ParseErrorCode)[];

/** jsonc-parser's `printParseErrorCode`: the name of a code. */
export function printParseErrorCode(code: LibraryParseErrorCode): string {
  return NAMES.find((name) => ParseErrorCode[name] === code) ?? '<unknown ParseErrorCode>';
}
