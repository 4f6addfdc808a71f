import type { JsonTree } from '../manifest/tree';

const EMPTY = -1;

/**
 * Which string nodes of a tree spell a name already seen, ignoring case as `toLowerCase()` does: ATP170's duplicate
 * sensor names. A Set of lower-cased strings made two strings per name and grew its table step by step: for 20,000
 * sensors 14-20 ms of a cold run and ~1.5 MB of young garbage. Here an ASCII name is hashed and compared in the text,
 * with A-Z folded, in an open-addressing table of node indexes sized once; any other name (non-ASCII, escapes) is
 * lower-cased as before, so both kinds meet on the same folded characters.
 */
export class FoldedNames {
  private readonly table: Int32Array;
  private readonly mask: number;
  /** The folded text of names that are not verbatim ASCII, by node. */
  private readonly folded = new Map<number, string>();

  constructor(
    private readonly tree: JsonTree,
    capacity: number,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
  }

  /** Adds the string node `index`; true when a name equal to it (case ignored) was added before. */
  add(index: number): boolean {
    const hash = this.hash(index);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const other = this.table[slot];
      if (other === EMPTY) {
        this.table[slot] = index;
        return false;
      }
      if (this.equal(other, index)) return true;
    }
  }

  /** FNV-1a over the folded characters: in the text for a verbatim ASCII string, else over its lower-cased value. */
  private hash(index: number): number {
    const { text, offsets, lengths } = this.tree;
    let h = 0x811c9dc5 | 0;
    if (this.tree.isVerbatim(index)) {
      const start = offsets[index] + 1;
      const end = start + lengths[index] - 2;
      let i = start;
      for (; i < end; i++) {
        let c = text.charCodeAt(i);
        if (c >= 128) break;
        if (c >= 65 && c <= 90) c |= 32;
        h = Math.imul(h ^ c, 0x01000193);
      }
      if (i === end) return h;
      h = 0x811c9dc5 | 0;
    }
    const folded = this.tree.stringAt(index).toLowerCase();
    this.folded.set(index, folded);
    for (let i = 0; i < folded.length; i++) h = Math.imul(h ^ folded.charCodeAt(i), 0x01000193);
    return h;
  }

  private equal(a: number, b: number): boolean {
    const foldedA = this.folded.get(a);
    const foldedB = this.folded.get(b);
    if (foldedA !== undefined || foldedB !== undefined) return (foldedA ?? this.lowered(a)) === (foldedB ?? this.lowered(b));
    // Both verbatim ASCII: the folded texts are equal when the lengths are and every character is, A-Z folded.
    const { text, offsets, lengths } = this.tree;
    if (lengths[a] !== lengths[b]) return false;
    const end = offsets[a] + lengths[a] - 1;
    for (let i = offsets[a] + 1, j = offsets[b] + 1; i < end; i++, j++) {
      let x = text.charCodeAt(i);
      let y = text.charCodeAt(j);
      if (x === y) continue;
      if (x >= 65 && x <= 90) x |= 32;
      if (y >= 65 && y <= 90) y |= 32;
      if (x !== y) return false;
    }
    return true;
  }

  private lowered(index: number): string {
    return this.tree.stringAt(index).toLowerCase();
  }
}
