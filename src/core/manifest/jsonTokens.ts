// jsonc-parser's token kinds (its `SyntaxKind`) and scan errors (its `ScanError`) as plain numbers for the parsers'
// loops (the bundle inlines them), and the punctuation table both parsers read tokens with. `jsoncScanner.ts` builds
// its `SyntaxKind` and `ScanError` from these; `test/unit/jsonc-scanner.test.ts` checks them against the library.

export const OPEN_BRACE = 1,
  CLOSE_BRACE = 2,
  OPEN_BRACKET = 3,
  CLOSE_BRACKET = 4,
  COMMA = 5,
  COLON = 6,
  NULL = 7,
  TRUE = 8,
  FALSE = 9,
  STRING = 10,
  NUMBER = 11,
  LINE_COMMENT = 12,
  BLOCK_COMMENT = 13,
  LINE_BREAK = 14,
  TRIVIA = 15,
  UNKNOWN = 16,
  EOF = 17;

export const SCAN_NONE = 0,
  SCAN_UNEXPECTED_END_OF_COMMENT = 1,
  SCAN_UNEXPECTED_END_OF_STRING = 2,
  SCAN_UNEXPECTED_END_OF_NUMBER = 3,
  SCAN_INVALID_UNICODE = 4,
  SCAN_INVALID_ESCAPE = 5,
  SCAN_INVALID_CHARACTER = 6;

/** The token kind of each punctuation character (`{ } [ ] , :`), 0 for any other ASCII character. */
export const PUNCTUATION = new Uint8Array(128);
PUNCTUATION[123] = OPEN_BRACE;
PUNCTUATION[125] = CLOSE_BRACE;
PUNCTUATION[91] = OPEN_BRACKET;
PUNCTUATION[93] = CLOSE_BRACKET;
PUNCTUATION[44] = COMMA;
PUNCTUATION[58] = COLON;
