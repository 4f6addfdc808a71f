import * as assert from 'assert';
import { LineIndex, positionsAt } from '../../src/core/text/lineIndex';

describe('LineIndex', () => {
  it('gives the same positions with and without carriage returns (the \\n-only path uses indexOf)', () => {
    const lf = '{\n  "a": 1,\n\n  "b": [\n    2\n  ]\n}\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = new LineIndex(lf);
    const b = new LineIndex(crlf);
    for (let offset = 0; offset <= lf.length; offset++) {
      const p = a.positionAt(offset);
      assert.strictEqual(a.offsetAt(p), offset);
      // The same character in the CRLF text: one more unit per line break before it.
      const crlfOffset = offset + p.line;
      if (lf[offset] !== '\n') assert.deepStrictEqual(b.positionAt(crlfOffset), p, `offset ${offset}`);
    }
  });
  it('lone carriage returns end lines too', () => {
    const index = new LineIndex('a\rb\nc');
    assert.deepStrictEqual(index.positionAt(2), { line: 1, character: 0 });
    assert.deepStrictEqual(index.positionAt(4), { line: 2, character: 0 });
  });
  it('a text without line breaks is one line; the end of a text ending in \\n is a last, empty line', () => {
    assert.deepStrictEqual(new LineIndex('abc').positionAt(3), { line: 0, character: 3 });
    assert.deepStrictEqual(new LineIndex('a\n').positionAt(2), { line: 1, character: 0 });
  });
  it('positionsAt gives what positionAt gives, for offsets in any order, out of range and repeated', () => {
    const texts = ['', 'abc', 'a\n', '\n\n', 'a\rb\nc', 'a\r\n\r\nb\r', '{\n  "a": 1,\r\n\r  "b": [\n    2\n  ]\n}\n'];
    for (const text of texts) {
      const index = new LineIndex(text);
      const offsets = [-3, text.length + 5];
      for (let offset = text.length; offset >= 0; offset--) offsets.push(offset, offset);
      assert.deepStrictEqual(
        positionsAt(text, offsets),
        offsets.map((offset) => index.positionAt(offset)),
        JSON.stringify(text),
      );
    }
  });
});
