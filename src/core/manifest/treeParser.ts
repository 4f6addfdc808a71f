import type { ParseError, ParseErrorCode as LibraryParseErrorCode, ParseOptions } from 'jsonc-parser';
import { ParseErrorCode, createScanner } from './jsoncScanner';
import { JsonTree, Kind } from './tree';
import { parseWellFormed } from './wellFormedParser';
import {
  OPEN_BRACE,
  CLOSE_BRACE,
  OPEN_BRACKET,
  CLOSE_BRACKET,
  COMMA,
  COLON,
  NULL,
  TRUE,
  FALSE,
  STRING,
  NUMBER,
  LINE_COMMENT,
  BLOCK_COMMENT,
  LINE_BREAK,
  TRIVIA,
  UNKNOWN,
  EOF,
  PUNCTUATION,
  SCAN_UNEXPECTED_END_OF_COMMENT,
  SCAN_UNEXPECTED_END_OF_STRING,
  SCAN_UNEXPECTED_END_OF_NUMBER,
  SCAN_INVALID_UNICODE,
  SCAN_INVALID_ESCAPE,
  SCAN_INVALID_CHARACTER,
} from './jsonTokens';

const NONE: readonly number[] = [];
const UNTIL_OBJECT_MEMBER: readonly number[] = [CLOSE_BRACE, COMMA];
const UNTIL_ARRAY_ITEM: readonly number[] = [CLOSE_BRACKET, COMMA];
const AFTER_CLOSE_BRACE: readonly number[] = [CLOSE_BRACE];
const AFTER_CLOSE_BRACKET: readonly number[] = [CLOSE_BRACKET];

/**
 * Parses JSONC into a `JsonTree` with exactly the nodes, offsets and errors of jsonc-parser's `parseTree`.
 *
 * This is jsonc-parser's own `visit` (3.3.1) with the `parseTree` visitor written into it: the same recovery (which
 * tokens each error skips), the same order of events. `visit` spends about as much on its callback wrappers (line and
 * column of every token, a JSON-path closure per value) as on scanning, and `parseTree` then adds an object per node;
 * together they were most of a validation. The common tokens (punctuation, whitespace, plain strings) are read here and
 * every other token by jsonc-parser's scanner. `test/unit/tree.test.ts` checks the two agree, node for node and error
 * for error, on the examples, on randomly broken manifests and on token soup.
 *
 * One addition: recursion follows the nesting of the text, so an object or array opened deeper than `maxDepth` stops
 * the parse (hostile text would otherwise exhaust the stack). The tree is then empty and `tooDeep` holds the offset of
 * that bracket.
 */
export function parseJsonTree(text: string, errors: ParseError[], options: ParseOptions, maxDepth = Infinity): JsonTree {
  // About one node per ten characters in a manifest; the columns double when that is short.
  const tree = new JsonTree(text, text.length >> 3);
  // Text without errors (nearly every manifest read from disk) in one loop; text with an error from the start again.
  if (parseWellFormed(text, tree, options, maxDepth)) return tree;
  tree.clear();
  const scanner = createScanner(text, false);
  const disallowComments = options.disallowComments === true;
  const allowTrailingComma = options.allowTrailingComma === true;
  let current = -1;
  let depth = 0;

  // The current token. Whitespace, punctuation and strings without escapes or control characters (nearly every token
  // of a manifest) are read here; anything else (numbers, keywords, comments, escapes, stray characters) is handed to
  // jsonc-parser's scanner at that position, so its rules and errors stay the only ones. A string read here is the text
  // between its quotes, which the tree reads back when asked; only the scanner's tokens carry a value (`tokenValue`).
  let pos = 0;
  let token = EOF;
  let tokenOffset = 0;
  let tokenLength = 0;
  let tokenValue = '';
  let scanned = false;
  const length = text.length;

  const error = (code: LibraryParseErrorCode): void => {
    errors.push({ error: code, offset: tokenOffset, length: tokenLength });
  };

  /** One token from jsonc-parser's scanner, with its scan error reported as `visit` reports it. */
  const delegate = (): number => {
    scanner.setPosition(pos);
    token = scanner.scan();
    tokenOffset = scanner.getTokenOffset();
    tokenLength = scanner.getTokenLength();
    tokenValue = scanner.getTokenValue();
    scanned = true;
    pos = scanner.getPosition();
    switch (scanner.getTokenError() as number) {
      case SCAN_INVALID_UNICODE:
        error(ParseErrorCode.InvalidUnicode);
        break;
      case SCAN_INVALID_ESCAPE:
        error(ParseErrorCode.InvalidEscapeCharacter);
        break;
      case SCAN_UNEXPECTED_END_OF_NUMBER:
        error(ParseErrorCode.UnexpectedEndOfNumber);
        break;
      case SCAN_UNEXPECTED_END_OF_COMMENT:
        if (!disallowComments) error(ParseErrorCode.UnexpectedEndOfComment);
        break;
      case SCAN_UNEXPECTED_END_OF_STRING:
        error(ParseErrorCode.UnexpectedEndOfString);
        break;
      case SCAN_INVALID_CHARACTER:
        error(ParseErrorCode.InvalidCharacter);
        break;
    }
    return token;
  };

  /** The next token that is not trivia (`visit`'s `scanNext`). */
  const scanNext = (): number => {
    for (;;) {
      let code = text.charCodeAt(pos);
      while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++pos);
      if (pos >= length) {
        tokenOffset = length;
        tokenLength = pos - length; // 1 after an unclosed block comment, whose scan steps past the end (as jsonc-parser reports it)
        return (token = EOF);
      }
      // Punctuation by table (one load instead of a switch and a call: ~120,000 such tokens in 20,000 sensors).
      const kind = code < 128 ? PUNCTUATION[code] : 0;
      if (kind !== 0) {
        tokenOffset = pos++;
        tokenLength = 1;
        return (token = kind);
      }
      if (code === 34) {
        let end = pos + 1;
        let c = text.charCodeAt(end);
        while (c !== 34 && c >= 32 && c !== 92) c = text.charCodeAt(++end);
        if (c === 34) {
          tokenOffset = pos;
          tokenLength = end + 1 - pos;
          scanned = false;
          pos = end + 1;
          return (token = STRING);
        }
        // an escape, a control character or the end of the text: the scanner's rules
      }
      switch (delegate()) {
        case LINE_COMMENT:
        case BLOCK_COMMENT:
          if (disallowComments) error(ParseErrorCode.InvalidCommentToken);
          break;
        case UNKNOWN:
          error(ParseErrorCode.InvalidSymbol);
          break;
        case TRIVIA:
        case LINE_BREAK:
          break;
        default:
          return token;
      }
    }
  };

  /** Reports an error, then skips tokens until one of `skipUntilAfter` (consumed) or `skipUntil` (kept). */
  const recover = (code: LibraryParseErrorCode, skipUntilAfter: readonly number[], skipUntil: readonly number[]): void => {
    error(code);
    if (skipUntilAfter.length + skipUntil.length === 0) return;
    while (token !== EOF) {
      if (skipUntilAfter.includes(token)) {
        scanNext();
        break;
      }
      if (skipUntil.includes(token)) break;
      scanNext();
    }
  };

  /** The end of a value inside a property ends the property (`parseTree`'s `ensurePropertyComplete`). */
  const completeProperty = (end: number): void => {
    if (current >= 0 && tree.kinds[current] === Kind.Property) {
      tree.lengths[current] = end - tree.offsets[current];
      current = tree.parents[current];
    }
  };

  /** Adds a literal at the current token; returns its index. */
  const literal = (kind: Kind): number => {
    const offset = tokenOffset;
    const length = tokenLength;
    const index = tree.add(kind, offset, length, current);
    completeProperty(offset + length);
    return index;
  };

  /** A string the scanner read keeps its value (the tree reads any other from the text). */
  const decoded = (index: number): void => {
    if (scanned) tree.setDecoded(index, tokenValue);
  };

  const parseLiteral = (): boolean => {
    switch (token) {
      case NUMBER: {
        let value = Number(tokenValue);
        if (isNaN(value)) {
          error(ParseErrorCode.InvalidNumberFormat);
          value = 0;
        }
        tree.setNumber(literal(Kind.Number), value);
        break;
      }
      case NULL:
        literal(Kind.Null);
        break;
      case TRUE:
      case FALSE:
        literal(Kind.Boolean);
        break;
      default:
        return false;
    }
    scanNext();
    return true;
  };

  const parseProperty = (): boolean => {
    if (token !== STRING) {
      recover(ParseErrorCode.PropertyNameExpected, NONE, UNTIL_OBJECT_MEMBER);
      return false;
    }
    current = tree.add(Kind.Property, tokenOffset, -1, current);
    decoded(tree.add(Kind.String, tokenOffset, tokenLength, current));
    if (scanNext() === COLON) {
      scanNext();
      if (!parseValue()) recover(ParseErrorCode.ValueExpected, NONE, UNTIL_OBJECT_MEMBER);
    } else {
      recover(ParseErrorCode.ColonExpected, NONE, UNTIL_OBJECT_MEMBER);
    }
    return true;
  };

  /** A comma inside an object or array: ends the property being read, as `parseTree` does on the separator. */
  const comma = (): void => {
    if (current >= 0 && tree.kinds[current] === Kind.Property) completeProperty(tokenOffset);
  };

  /** The end of an object or array at the current token (its closing bracket, or whatever stopped the loop). */
  const close = (): void => {
    const end = tokenOffset + tokenLength;
    tree.lengths[current] = end - tree.offsets[current];
    current = tree.parents[current];
    completeProperty(end);
  };

  /** Opens an object or array at the current token; false (and the parse abandoned) past `maxDepth`. */
  const open = (kind: Kind): boolean => {
    if (++depth > maxDepth) {
      tree.tooDeep ??= tokenOffset;
      return false;
    }
    current = tree.add(kind, tokenOffset, -1, current);
    return true;
  };

  /**
   * An object (items are properties) or an array (items are values), as `visit`'s parseObject and parseArray, which
   * differ only in these parameters: a trailing comma, a missing comma, an item that cannot be read and a missing
   * closing bracket recover the same way in both.
   */
  const parseContainer = (
    kind: Kind,
    closeToken: number,
    parseItem: () => boolean,
    untilItem: readonly number[],
    closeError: LibraryParseErrorCode,
  ): boolean => {
    if (!open(kind)) return true;
    scanNext();
    let needsComma = false;
    while (token !== closeToken && token !== EOF && tree.tooDeep === undefined) {
      if (token === COMMA) {
        if (!needsComma) recover(ParseErrorCode.ValueExpected, NONE, NONE);
        comma();
        if (scanNext() === closeToken && allowTrailingComma) break;
      } else if (needsComma) {
        recover(ParseErrorCode.CommaExpected, NONE, NONE);
      }
      if (!parseItem()) recover(ParseErrorCode.ValueExpected, NONE, untilItem);
      needsComma = true;
    }
    if (tree.tooDeep !== undefined) return true;
    completeProperty(tokenOffset + tokenLength); // an object's last property left without a value
    close();
    depth--;
    if (token !== closeToken) recover(closeError, closeToken === CLOSE_BRACE ? AFTER_CLOSE_BRACE : AFTER_CLOSE_BRACKET, NONE);
    else scanNext();
    return true;
  };

  const parseValue = (): boolean => {
    switch (token) {
      case OPEN_BRACKET:
        return parseContainer(Kind.Array, CLOSE_BRACKET, parseValue, UNTIL_ARRAY_ITEM, ParseErrorCode.CloseBracketExpected);
      case OPEN_BRACE:
        return parseContainer(Kind.Object, CLOSE_BRACE, parseProperty, UNTIL_OBJECT_MEMBER, ParseErrorCode.CloseBraceExpected);
      case STRING:
        decoded(literal(Kind.String));
        scanNext();
        return true;
      default:
        return parseLiteral();
    }
  };

  scanNext();
  if (token === EOF) {
    if (!options.allowEmptyContent) error(ParseErrorCode.ValueExpected);
    return tree;
  }
  if (!parseValue()) {
    error(ParseErrorCode.ValueExpected);
    return tree;
  }
  if (tree.tooDeep !== undefined) return tree.clear();
  if (token !== EOF) error(ParseErrorCode.EndOfFileExpected);
  return tree;
}
