/** A zero-based line/character position (UTF-16 code units), as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** Converts offsets to positions for one text; built once per text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    // Without carriage returns, lines end at each \n: indexOf finds them several times faster than a loop over every
    // character, which was ~8 ms of a cold `validate` on an 82,000-line manifest.
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */ && text.charCodeAt(i + 1) === 10) continue;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  /** The position of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  /** The offset of a position (clamped to the line and the text). */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    const end = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, end));
  }
}

/**
 * The positions of some offsets, as `LineIndex#positionAt` gives them, in one pass over the text that keeps no line
 * starts: for a few findings in a large file (the CLI's report), where building the index of its 82,000 lines was
 * most of the cost.
 */
export function positionsAt(text: string, offsets: readonly number[]): Position[] {
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const positions = new Array<Position>(offsets.length);
  const cr = text.indexOf('\r') >= 0;
  let line = 0;
  let start = 0;
  let next = cr ? nextLineStart(text, 0) : -1;
  for (const i of order) {
    const offset = Math.max(0, Math.min(offsets[i], text.length));
    if (!cr) {
      // The loop inlined for the common case: a call per line was a third of the time, cold.
      for (let end = text.indexOf('\n', start); end >= 0 && end < offset; end = text.indexOf('\n', start)) {
        line++;
        start = end + 1;
      }
    } else {
      while (next >= 0 && next <= offset) {
        line++;
        start = next;
        next = nextLineStart(text, start);
      }
    }
    positions[i] = { line, character: offset - start };
  }
  return positions;
}

/** The start of the line after the one at `from` (past its \n, \r\n or lone \r), or -1 on the last line. */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}
