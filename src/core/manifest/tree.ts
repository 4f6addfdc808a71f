import type { Node, NodeType } from 'jsonc-parser';

/** Node kinds of a `JsonTree`, one byte each (a plain object, not a `const enum`: the bundler compiles files one by one). */
export const Kind = { Object: 0, Array: 1, Property: 2, String: 3, Number: 4, Boolean: 5, Null: 6 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const TYPES: readonly NodeType[] = ['object', 'array', 'property', 'string', 'number', 'boolean', 'null'];

/**
 * jsonc-parser's syntax tree in columns: one slot per node in typed arrays (kind, offset, length, parent, first child,
 * next sibling, colon) and one array of literal values, filled from the parser's `visit` events in the order and with
 * the offsets `parseTree` gives its nodes (see `parseJsonTree`). A 20,000-sensor manifest is ~140,000 nodes: as objects they are the largest
 * live thing in the process while the rules run (each scavenge copies them); as columns they are a few megabytes the
 * collector never walks. Code that wants jsonc-parser `Node`s gets them from `node(index)`, made on first use, so a
 * rule that reports one sensor does not pay for the other 19,999.
 */
export class JsonTree {
  kinds: Uint8Array;
  offsets: Int32Array;
  lengths: Int32Array;
  parents: Int32Array;
  firstChildren: Int32Array;
  nextSiblings: Int32Array;
  private lastChildren: Int32Array;
  private colons: Int32Array;
  /** The literal value of each node (key strings for the key of a property); undefined for containers. */
  readonly values: unknown[];
  size = 0;
  /** The first top-level value, or -1 for text without one. */
  root = -1;
  /** Where the text nests deeper than the parser's limit (the tree is then empty). */
  tooDeep?: number;
  /** The Nodes made so far, by index; sized on first use (an array written at scattered indexes would turn into a dictionary). */
  private facades?: (TreeNode | undefined)[];

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.kinds = new Uint8Array(n);
    this.offsets = new Int32Array(n);
    this.lengths = new Int32Array(n);
    this.parents = new Int32Array(n);
    this.firstChildren = new Int32Array(n);
    this.nextSiblings = new Int32Array(n);
    this.lastChildren = new Int32Array(n);
    this.colons = new Int32Array(n);
    this.values = new Array<unknown>(n);
  }

  /** Appends a node as the last child of `parent` (-1: top level) and returns its index. */
  add(kind: Kind, offset: number, length: number, parent: number, value: unknown): number {
    const index = this.size;
    if (index === this.kinds.length) this.grow();
    this.size = index + 1;
    this.kinds[index] = kind;
    this.offsets[index] = offset;
    this.lengths[index] = length;
    this.parents[index] = parent;
    this.firstChildren[index] = -1;
    this.nextSiblings[index] = -1;
    this.lastChildren[index] = -1;
    this.colons[index] = -1;
    this.values[index] = value;
    if (parent >= 0) {
      const last = this.lastChildren[parent];
      if (last < 0) this.firstChildren[parent] = index;
      else this.nextSiblings[last] = index;
      this.lastChildren[parent] = index;
    } else if (this.root < 0) {
      this.root = index;
    }
    return index;
  }

  /** Drops every node (a parse that was abandoned). */
  clear(): this {
    this.size = 0;
    this.root = -1;
    this.values.fill(undefined);
    return this;
  }

  /** jsonc-parser's name for the type of a node. */
  typeOf(index: number): NodeType {
    return TYPES[this.kinds[index]];
  }

  setColon(index: number, offset: number): void {
    this.colons[index] = offset;
  }

  colonOf(index: number): number | undefined {
    const colon = this.colons[index];
    return colon < 0 ? undefined : colon;
  }

  private grow(): void {
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
    this.firstChildren = grown(this.firstChildren);
    this.nextSiblings = grown(this.nextSiblings);
    this.lastChildren = grown(this.lastChildren);
    this.colons = grown(this.colons);
    this.values.length = n;
  }

  /** The value node of a property (its second child), or -1 when the property has no value. */
  valueOf(property: number): number {
    const key = this.firstChildren[property];
    return key < 0 ? -1 : this.nextSiblings[key];
  }

  /**
   * The value node of the member `key` of an object node (the last one that has a value, as in JSON.parse), or -1.
   * Also -1 when `object` is not an object.
   */
  member(object: number, key: string): number {
    if (object < 0 || this.kinds[object] !== Kind.Object) return -1;
    let found = -1;
    for (let p = this.firstChildren[object]; p >= 0; p = this.nextSiblings[p]) {
      const k = this.firstChildren[p];
      if (k >= 0 && this.values[k] === key && this.nextSiblings[k] >= 0) found = this.nextSiblings[k];
    }
    return found;
  }

  /** The plain value of a node, as jsonc-parser's `getNodeValue` gives it (objects without a prototype). */
  toValue(index: number): unknown {
    switch (this.kinds[index]) {
      case Kind.Object: {
        const object = Object.create(null) as Record<string, unknown>;
        for (let p = this.firstChildren[index]; p >= 0; p = this.nextSiblings[p]) {
          const k = this.firstChildren[p];
          const v = k < 0 ? -1 : this.nextSiblings[k];
          if (v >= 0) object[this.values[k] as string] = this.toValue(v);
        }
        return object;
      }
      case Kind.Array: {
        const array: unknown[] = [];
        for (let c = this.firstChildren[index]; c >= 0; c = this.nextSiblings[c]) array.push(this.toValue(c));
        return array;
      }
      default:
        return this.values[index];
    }
  }

  /** The jsonc-parser `Node` of an index, made on first use and then kept. */
  node(index: number): Node {
    this.facades ??= new Array<TreeNode | undefined>(this.size);
    let facade = this.facades[index];
    if (!facade) {
      facade = new TreeNode(this, index);
      this.facades[index] = facade;
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
    return this.tree.values[this.index];
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
      for (let c = this.tree.firstChildren[this.index]; c >= 0; c = this.tree.nextSiblings[c]) nodes.push(this.tree.node(c));
      this.childNodes = nodes;
    }
    return this.childNodes;
  }
}

/** The index behind a node of a `JsonTree`, or undefined for any other node. */
export function treeIndex(node: Node): { tree: JsonTree; index: number } | undefined {
  return node instanceof TreeNode ? { tree: node.tree, index: node.index } : undefined;
}
