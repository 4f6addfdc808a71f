// A strict JSON parser for files the sensor writes: iterative (an explicit stack, so no nesting depth can overflow
// the call stack), with a depth limit, and errors that carry the offset where the text stops being JSON. Error
// messages never quote the text: a SensorConfiguration.json holds an encrypted password.

/** A parsed value with the offset (UTF-16 units into the text) where it starts. */
export type JsonNode =
  | { type: 'object'; offset: number; members: Map<string, JsonNode> }
  | { type: 'array'; offset: number; items: JsonNode[] }
  | { type: 'string'; offset: number; value: string }
  | { type: 'number'; offset: number; value: number }
  | { type: 'boolean'; offset: number; value: boolean }
  | { type: 'null'; offset: number };

/** Where and why the text is not JSON. */
interface JsonError {
  offset: number;
  reason: string;
}

export type JsonParse = { ok: true; root: JsonNode } | { ok: false; error: JsonError };

/** Deepest nesting accepted: a SensorConfiguration.json is three levels deep; anything near this is not one. */
export const MAX_JSON_DEPTH = 64;

/**
 * Most values accepted: a SensorConfiguration.json holds a few dozen. Without a limit 10 MB of `1,1,1,…` is five
 * million nodes (about 400 MB and a second); with it, an error at the first value over.
 */
export const MAX_JSON_VALUES = 100_000;

type Container = Extract<JsonNode, { type: 'object' | 'array' }>;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Failure extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** What a character is, in words that never repeat the text itself. */
function found(text: string, at: number): string {
  if (at >= text.length) return 'the end of the file (the file is cut short)';
  const c = text.charCodeAt(at);
  if (c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x3a || c === 0x2c || c === 0x22) return `"${text[at]}"`;
  if (c < 0x20 || c === 0x7f) return `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
  if (c === 0x2f) return 'a comment or "/"';
  return 'other text';
}

class Parser {
  private at = 0;
  private values = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.at < this.text.length && isSpace(this.text.charCodeAt(this.at))) this.at++;
  }

  private fail(reason: string, at = this.at): never {
    throw new Failure(at, reason);
  }

  private string(): string {
    const start = this.at;
    this.at++; // the opening quote
    let out = '';
    let run = this.at;
    for (;;) {
      if (this.at >= this.text.length) this.fail('the string that starts here is not closed before the end of the file (the file is cut short)', start);
      const c = this.text.charCodeAt(this.at);
      if (c === 0x22) {
        out += this.text.slice(run, this.at);
        this.at++;
        return out;
      }
      if (c < 0x20) this.fail(`${found(this.text, this.at)} inside a string: escape it (\\n, \\u0000)`);
      if (c !== 0x5c) {
        this.at++;
        continue;
      }
      out += this.text.slice(run, this.at);
      const e = this.text[this.at + 1];
      if (e === 'u') {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('\\u must be followed by four hex digits');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.at += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        this.at += 2;
      } else {
        this.fail(
          e === undefined ? 'the string that starts here is not closed before the end of the file (the file is cut short)' : 'unknown escape after "\\"',
          e === undefined ? start : this.at,
        );
      }
      run = this.at;
    }
  }

  /** A scalar at the current offset, or undefined when a container starts there. */
  private scalar(): JsonNode | undefined {
    const offset = this.at;
    const c = this.text[offset];
    if (c === '"') return { type: 'string', offset, value: this.string() };
    if (c === '{' || c === '[') return undefined;
    const literal = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (literal !== undefined && this.text.startsWith(literal, offset)) {
      this.at += literal.length;
      return literal === 'null' ? { type: 'null', offset } : { type: 'boolean', offset, value: literal === 'true' };
    }
    NUMBER.lastIndex = offset;
    const m = NUMBER.exec(this.text);
    if (m) {
      this.at += m[0].length;
      return { type: 'number', offset, value: Number(m[0]) };
    }
    return this.fail(`expected a value, found ${found(this.text, offset)}`);
  }

  parse(): JsonNode {
    const stack: { node: Container; key?: string }[] = [];
    let root: JsonNode | undefined;
    // Each turn reads one value (opening a container, or a scalar), then closes every container that ends after it.
    for (;;) {
      this.skipSpace();
      if (++this.values > MAX_JSON_VALUES) this.fail(`more than ${MAX_JSON_VALUES} values: a SensorConfiguration.json holds a few dozen`);
      let value = this.scalar();
      if (!value) {
        if (stack.length >= MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels: a SensorConfiguration.json is three levels deep`);
        const node: Container =
          this.text[this.at] === '{' ? { type: 'object', offset: this.at, members: new Map() } : { type: 'array', offset: this.at, items: [] };
        this.at++;
        this.skipSpace();
        const close = node.type === 'object' ? '}' : ']';
        if (this.text[this.at] !== close) {
          stack.push({ node });
          if (node.type === 'object') stack[stack.length - 1].key = this.key();
          continue;
        }
        this.at++;
        value = node;
      }
      // Attach the value, then close containers while they end here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          root = value;
          break;
        }
        if (top.node.type === 'object') top.node.members.set((top.key ?? '').toLowerCase(), value);
        else top.node.items.push(value);
        this.skipSpace();
        const c = this.text[this.at];
        const close = top.node.type === 'object' ? '}' : ']';
        if (c === ',') {
          this.at++;
          if (top.node.type === 'object') {
            this.skipSpace();
            top.key = this.key();
          }
          break;
        }
        if (c !== close)
          this.fail(`expected "," or "${close}" after ${top.node.type === 'object' ? 'a member' : 'an item'}, found ${found(this.text, this.at)}`);
        this.at++;
        value = top.node;
        stack.pop();
      }
      if (root) break;
    }
    this.skipSpace();
    if (this.at < this.text.length) this.fail(`expected the end of the file after the value, found ${found(this.text, this.at)}`);
    return root;
  }

  /** A member's name and its colon; leaves the offset at the value. */
  private key(): string {
    if (this.text[this.at] !== '"') this.fail(`expected a member name in double quotes, found ${found(this.text, this.at)}`);
    const key = this.string();
    this.skipSpace();
    if (this.text[this.at] !== ':') this.fail(`expected ":" after a member name, found ${found(this.text, this.at)}`);
    this.at++;
    return key;
  }
}

/**
 * Parses strict JSON (RFC 8259). Member names are kept lower-cased, the last of duplicates winning, as the sensor's
 * .NET reader and PowerShell's ConvertFrom-Json match them without regard to case.
 */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, root: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: { offset: error.offset, reason: error.reason } };
    throw error;
  }
}
