import type { JSONScanner, ParseOptions } from 'jsonc-parser';
import { createScanner } from './jsoncScanner';
import { JsonTree, Kind } from './tree';
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
  EOF,
  PUNCTUATION,
  SCAN_NONE,
} from './jsonTokens';

// What the loop expects next.
const VALUE = 0, // a value (or, with `mayClose`, the array's `]`)
  KEY = 1, // a property's key (or, with `mayClose`, the object's `}`)
  COLON_NEXT = 2, // the colon after a key
  AFTER = 3; // a comma or the closing bracket after an item; the end of the text after the root

/**
 * Parses text without a single error into `tree`, in one loop with an explicit stack; false at the first token that
 * would be an error (or a bracket deeper than `maxDepth`), leaving `tree` partly filled for the caller to clear.
 *
 * For such text `parseJsonTree`'s recursive port of jsonc-parser's `visit` gives the same nodes, but it makes about
 * thirteen calls per member (`scanNext`, `parseProperty`, `parseValue`, `literal`, `add`, …) and keeps its state in
 * a closure's context. Before V8 optimizes them (a run of the CLI is over by then, and Node 20 has no mid-tier
 * compiler) each such call and context access costs more than the work it does. Here the state is in locals, the
 * columns are written in place, and a node's previous sibling is known instead of searched for. Every text with an
 * error, which needs jsonc-parser's exact recovery, is parsed again by `parseJsonTree`; `test/unit/tree.test.ts`
 * checks that this loop accepts every well-formed text it is given and that both give `parseTree`'s nodes.
 */
export function parseWellFormed(text: string, tree: JsonTree, options: ParseOptions, maxDepth: number): boolean {
  const allowComments = options.disallowComments !== true;
  const allowTrailingComma = options.allowTrailingComma === true;
  const length = text.length;
  let kinds = tree.kinds;
  let offsets = tree.offsets;
  let lengths = tree.lengths;
  let parents = tree.parents;
  let nextSiblings = tree.nextSiblings;
  let capacity = kinds.length;
  let size = 0;
  let scanner: JSONScanner | undefined;

  // The innermost open node (an object, an array or a property waiting for its value) and its last child so far. When
  // a node closes, it is its parent's last child, so no stack of last children is needed.
  let current = -1;
  let last = -1;
  let depth = 0;
  let expect = VALUE;
  let mayClose = false;
  let pos = 0;

  for (;;) {
    // The next token: whitespace, punctuation and strings without escapes or control characters are read here, any
    // other token by jsonc-parser's scanner.
    let code = text.charCodeAt(pos);
    while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++pos);
    const offset = pos;
    let token = 0;
    let decoded: string | undefined;
    if (pos >= length) {
      token = EOF;
    } else if (code < 128 && (token = PUNCTUATION[code]) !== 0) {
      pos++;
    } else if (code === 34) {
      let c = text.charCodeAt(++pos);
      while (c !== 34 && c >= 32 && c !== 92) c = text.charCodeAt(++pos);
      if (c === 34) {
        pos++;
        token = STRING;
      } else {
        pos = offset;
      }
    }
    if (token === 0) {
      scanner ??= createScanner(text, false);
      scanner.setPosition(pos);
      const scanned: number = scanner.scan(); // jsonc-parser's SyntaxKind
      token = scanned;
      if ((scanner.getTokenError() as number) !== SCAN_NONE) return false;
      pos = scanner.getPosition();
      if (token === LINE_COMMENT || token === BLOCK_COMMENT) {
        if (allowComments) continue;
        return false;
      }
      if (token === TRIVIA || token === LINE_BREAK) continue;
      if (token === STRING || token === NUMBER) decoded = scanner.getTokenValue();
    }

    // Room for the two nodes a token may add (a property and its key).
    if (size + 2 > capacity) {
      tree.grow();
      ({ kinds, offsets, lengths, parents, nextSiblings } = tree);
      capacity = kinds.length;
    }

    // The token in its place.
    let value = -1; // a literal or a container that opens: the node added
    switch (expect) {
      case KEY:
        if (token === STRING) {
          const property = size++;
          kinds[property] = Kind.Property;
          offsets[property] = offset;
          lengths[property] = -1;
          parents[property] = current;
          nextSiblings[property] = -1;
          if (last >= 0) nextSiblings[last] = property;
          const key = size++;
          kinds[key] = Kind.String;
          offsets[key] = offset;
          lengths[key] = pos - offset;
          parents[key] = property;
          nextSiblings[key] = -1;
          if (decoded !== undefined) tree.setDecoded(key, decoded);
          current = property;
          last = key;
          expect = COLON_NEXT;
          continue;
        }
        if (token === CLOSE_BRACE && mayClose) break;
        return false;
      case COLON_NEXT:
        if (token !== COLON) return false;
        expect = VALUE;
        mayClose = false;
        continue;
      case VALUE: {
        if (token === CLOSE_BRACKET && mayClose) break;
        let kind: Kind;
        switch (token) {
          case STRING:
            kind = Kind.String;
            break;
          case OPEN_BRACE:
            kind = Kind.Object;
            break;
          case OPEN_BRACKET:
            kind = Kind.Array;
            break;
          case NUMBER:
            kind = Kind.Number;
            break;
          case TRUE:
          case FALSE:
            kind = Kind.Boolean;
            break;
          case NULL:
            kind = Kind.Null;
            break;
          default:
            return false;
        }
        value = size++;
        kinds[value] = kind;
        offsets[value] = offset;
        lengths[value] = pos - offset;
        parents[value] = current;
        nextSiblings[value] = -1;
        if (last >= 0) nextSiblings[last] = value;
        if (kind === Kind.Object || kind === Kind.Array) {
          if (++depth > maxDepth) return false;
          current = value;
          last = -1;
          expect = kind === Kind.Object ? KEY : VALUE;
          mayClose = true;
          continue;
        }
        if (kind === Kind.Number) {
          const number = Number(decoded);
          if (isNaN(number)) return false; // not reached with jsonc-parser 3.3, whose number tokens without a scan error are JSON numbers
          tree.setNumber(value, number);
        } else if (decoded !== undefined) {
          tree.setDecoded(value, decoded);
        }
        break;
      }
      default: // AFTER
        if (current < 0) {
          if (token !== EOF) return false;
          tree.size = size;
          tree.root = 0;
          return true;
        }
        if (token === COMMA) {
          expect = kinds[current] === Kind.Object ? KEY : VALUE;
          mayClose = allowTrailingComma;
          continue;
        }
        if (token !== (kinds[current] === Kind.Object ? CLOSE_BRACE : CLOSE_BRACKET)) return false;
    }

    // A value ended at `pos`: a literal (`value`), or the open container's closing bracket. Then the property it is the
    // value of ends too.
    if (value < 0) {
      value = current;
      lengths[value] = pos - offsets[value];
      current = parents[value];
      depth--;
    }
    last = value;
    if (current >= 0 && kinds[current] === Kind.Property) {
      lengths[current] = pos - offsets[current];
      last = current;
      current = parents[current];
    }
    expect = AFTER;
  }
}
