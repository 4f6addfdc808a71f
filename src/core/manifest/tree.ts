import type { Node, NodeType } from 'jsonc-parser';
import { SyntaxKind, createScanner } from './jsoncScanner';

/** Node kinds of a `JsonTree`, one byte each (a plain object, not a `const enum`: the bundler compiles files one by one). */
export const Kind = { Object: 0, Array: 1, Property: 2, String: 3, Number: 4, Boolean: 5, Null: 6 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const TYPES: readonly NodeType[] = ['object', 'array', 'property', 'string', 'number', 'boolean', 'null'];

/** What the parser skips between a key and its colon (`colonOf`). */
const SKIPPED_BEFORE_COLON: readonly number[] = [
  SyntaxKind.Trivia,
  SyntaxKind.LineBreakTrivia,
  SyntaxKind.LineCommentTrivia,
  SyntaxKind.BlockCommentTrivia,
  SyntaxKind.Unknown,
];

/** How many slots of the key cache: by length (below 64) and first character (low seven bits). */
const CACHE_LENGTHS = 64;

/**
 * jsonc-parser's syntax tree in columns: one slot per node in typed arrays (kind, offset, length, parent, next sibling),
 * filled from the parser's `visit` events in the order and with the offsets `parseTree` gives its nodes (see
 * `parseJsonTree`). A 20,000-sensor manifest is ~140,000 nodes: as objects they are the largest live thing in the
 * process while the rules run (each scavenge copies them); as columns they are a few megabytes the collector never
 * walks. Code that wants jsonc-parser `Node`s gets them from `node(index)`, made on first use, so a rule that reports
 * one sensor does not pay for the other 19,999.
 *
 * What can be read back from the text is not stored, because every page a process first writes costs a page fault
 * (about 3 ms per megabyte on the CI machines): a node's first child is the next node (the tree is in document order),
 * a string without escapes is the text between its quotes, a boolean its first letter, a property's colon the next
 * token after its key. Only numbers and the strings the scanner had to decode keep their value (`numbers`, `decoded`).
 */
export class JsonTree {
  kinds: Uint8Array;
  offsets: Int32Array;
  lengths: Int32Array;
  parents: Int32Array;
  nextSiblings: Int32Array;
  /** Numbers, by node (a manifest has a few: its version, a port). */
  private readonly numbers = new Map<number, number>();
  /** Strings that are not the text between their quotes (escapes, control characters, no closing quote), by node. */
  private readonly decoded = new Map<number, string>();
  /** The last string read per length and first character: keys repeat ("name", "host"), so reading one allocates nothing. */
  private readonly strings = new Array<string | undefined>(CACHE_LENGTHS * 128).fill(undefined);
  size = 0;
  /** The first top-level value, or -1 for text without one. */
  root = -1;
  /** Where the text nests deeper than the parser's limit (the tree is then empty). */
  tooDeep?: number;
  /** The Nodes made so far, by index. */
  private readonly facades = new Map<number, TreeNode>();

  constructor(
    readonly text: string,
    capacity: number,
  ) {
    const n = Math.max(16, capacity);
    this.kinds = new Uint8Array(n);
    this.offsets = new Int32Array(n);
    this.lengths = new Int32Array(n);
    this.parents = new Int32Array(n);
    this.nextSiblings = new Int32Array(n);
  }

  /**
   * Appends a node as the last child of `parent` (-1: top level) and returns its index. Nodes are added in document
   * order and only to an open node, so the previous sibling is the ancestor of the last node added whose parent is
   * `parent` (a manifest is a few levels deep: a step or two up).
   */
  add(kind: Kind, offset: number, length: number, parent: number): number {
    const index = this.size;
    if (index === this.kinds.length) this.grow();
    this.size = index + 1;
    this.kinds[index] = kind;
    this.offsets[index] = offset;
    this.lengths[index] = length;
    this.parents[index] = parent;
    this.nextSiblings[index] = -1;
    if (parent >= 0) {
      let previous = index - 1;
      while (previous !== parent && this.parents[previous] !== parent) previous = this.parents[previous];
      if (previous !== parent) this.nextSiblings[previous] = index;
    } else if (this.root < 0) {
      this.root = index;
    }
    return index;
  }

  /** Keeps the value of a number node. */
  setNumber(index: number, value: number): void {
    this.numbers.set(index, value);
  }

  /** Keeps the value of a string node that is not the text between its quotes (the scanner decoded it). */
  setDecoded(index: number, value: string): void {
    this.decoded.set(index, value);
  }

  /** Drops every node (a parse that was abandoned). */
  clear(): this {
    this.size = 0;
    this.root = -1;
    this.numbers.clear();
    this.decoded.clear();
    this.facades.clear();
    return this;
  }

  /** jsonc-parser's name for the type of a node. */
  typeOf(index: number): NodeType {
    return TYPES[this.kinds[index]];
  }

  /** The first child of a node (the next node, when it is a child), or -1. */
  firstChild(index: number): number {
    const next = index + 1;
    return next < this.size && this.parents[next] === index ? next : -1;
  }

  /** The literal value of a node, as jsonc-parser's `parseTree` gives it (key strings for the key of a property); undefined for containers and properties. */
  value(index: number): unknown {
    switch (this.kinds[index]) {
      case Kind.String:
        return this.stringAt(index);
      case Kind.Boolean:
        return this.text.charCodeAt(this.offsets[index]) === 116; // t
      case Kind.Null:
        return null;
      case Kind.Number:
        return this.numbers.get(index);
      default:
        return undefined;
    }
  }

  /** The value of a string node; the same string object for a repeated key. */
  stringAt(index: number): string {
    if (this.decoded.size !== 0) {
      const decoded = this.decoded.get(index);
      if (decoded !== undefined) return decoded;
    }
    const start = this.offsets[index] + 1;
    const length = this.lengths[index] - 2;
    if (length >= CACHE_LENGTHS) return this.text.substring(start, start + length);
    const slot = (length << 7) | (this.text.charCodeAt(start) & 127);
    const cached = this.strings[slot];
    if (cached !== undefined && this.text.startsWith(cached, start)) return cached;
    const value = this.text.substring(start, start + length);
    this.strings[slot] = value;
    return value;
  }

  /** Whether a string node's value is the text between its quotes (no escapes): then a sticky regex can test it in place. */
  isVerbatim(index: number): boolean {
    return this.decoded.size === 0 || !this.decoded.has(index);
  }

  /**
   * Where the colon of a property is: the next token after its key, skipping what the parser skips (whitespace,
   * comments, stray characters); undefined when that token is not a colon, and for any other node.
   */
  colonOf(index: number): number | undefined {
    const key = this.kinds[index] === Kind.Property ? this.firstChild(index) : -1;
    if (key < 0) return undefined;
    const scanner = createScanner(this.text, false);
    scanner.setPosition(this.offsets[key] + this.lengths[key]);
    for (;;) {
      const token = scanner.scan() as number;
      if (SKIPPED_BEFORE_COLON.includes(token)) continue;
      return token === SyntaxKind.ColonToken ? scanner.getTokenOffset() : undefined;
    }
  }

  /** Doubles the columns (the parser's loop, which writes them in place, calls it when they are full). */
  grow(): void {
    const n = this.kinds.length * 2;
    const grown = <T extends Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.kinds = grown(this.kinds);
    this.offsets = grown(this.offsets);
    this.lengths = grown(this.lengths);
    this.parents = grown(this.parents);
    this.nextSiblings = grown(this.nextSiblings);
  }

  /** The value node of a property (its second child), or -1 when the property has no value. */
  valueOf(property: number): number {
    const key = this.firstChild(property);
    return key < 0 ? -1 : this.nextSiblings[key];
  }

  /**
   * The value node of the member `key` of an object node (the last one that has a value, as in JSON.parse), or -1.
   * Also -1 when `object` is not an object.
   */
  member(object: number, key: string): number {
    if (object < 0 || this.kinds[object] !== Kind.Object) return -1;
    let found = -1;
    for (let p = this.firstChild(object); p >= 0; p = this.nextSiblings[p]) {
      const k = this.firstChild(p);
      if (k >= 0 && this.nextSiblings[k] >= 0 && this.stringAt(k) === key) found = this.nextSiblings[k];
    }
    return found;
  }

  /** The plain value of a node, as jsonc-parser's `getNodeValue` gives it (objects without a prototype). */
  toValue(index: number): unknown {
    switch (this.kinds[index]) {
      case Kind.Object: {
        const object = Object.create(null) as Record<string, unknown>;
        for (let p = this.firstChild(index); p >= 0; p = this.nextSiblings[p]) {
          const k = this.firstChild(p);
          const v = k < 0 ? -1 : this.nextSiblings[k];
          if (v >= 0) object[this.stringAt(k)] = this.toValue(v);
        }
        return object;
      }
      case Kind.Array: {
        const array: unknown[] = [];
        for (let c = this.firstChild(index); c >= 0; c = this.nextSiblings[c]) array.push(this.toValue(c));
        return array;
      }
      default:
        return this.value(index);
    }
  }

  /** The jsonc-parser `Node` of an index, made on first use and then kept. */
  node(index: number): Node {
    let facade = this.facades.get(index);
    if (!facade) {
      facade = new TreeNode(this, index);
      this.facades.set(index, facade);
    }
    return facade;
  }
}

/** A jsonc-parser `Node` read from a `JsonTree`: what `findNodeAtLocation`, `getNodeValue` and the rules' reports use. */
class TreeNode implements Node {
  private childNodes?: Node[];

  constructor(
    readonly tree: JsonTree,
    readonly index: number,
  ) {}

  get type(): NodeType {
    return this.tree.typeOf(this.index);
  }
  get offset(): number {
    return this.tree.offsets[this.index];
  }
  get length(): number {
    return this.tree.lengths[this.index];
  }
  get colonOffset(): number | undefined {
    return this.tree.colonOf(this.index);
  }
  get value(): unknown {
    return this.tree.value(this.index);
  }

  get parent(): Node | undefined {
    const parent = this.tree.parents[this.index];
    return parent < 0 ? undefined : this.tree.node(parent);
  }

  get children(): Node[] | undefined {
    const kind = this.tree.kinds[this.index];
    if (kind !== Kind.Object && kind !== Kind.Array && kind !== Kind.Property) return undefined;
    if (!this.childNodes) {
      const nodes: Node[] = [];
      for (let c = this.tree.firstChild(this.index); c >= 0; c = this.tree.nextSiblings[c]) nodes.push(this.tree.node(c));
      this.childNodes = nodes;
    }
    return this.childNodes;
  }
}

/** The index behind a node of a `JsonTree`, or undefined for any other node. */
export function treeIndex(node: Node): { tree: JsonTree; index: number } | undefined {
  return node instanceof TreeNode ? { tree: node.tree, index: node.index } : undefined;
}
