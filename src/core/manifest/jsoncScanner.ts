import type { JSONScanner, ParseErrorCode as LibraryParseErrorCode } from 'jsonc-parser';

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
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  CommaToken: 5,
  ColonToken: 6,
  NullKeyword: 7,
  TrueKeyword: 8,
  FalseKeyword: 9,
  StringLiteral: 10,
  NumericLiteral: 11,
  LineCommentTrivia: 12,
  BlockCommentTrivia: 13,
  LineBreakTrivia: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;

/** jsonc-parser's `ScanError` values (what `getTokenError()` gives) as plain numbers. */
export const ScanError = {
  None: 0,
  UnexpectedEndOfComment: 1,
  UnexpectedEndOfString: 2,
  UnexpectedEndOfNumber: 3,
  InvalidUnicode: 4,
  InvalidEscapeCharacter: 5,
  InvalidCharacter: 6,
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
