// Issue 18, low: Markdown made from manifest values, registry values and network answers stays text in hovers,
// Preview Apply and the connectivity report. Checked here on the Markdown source (every punctuation character of
// untrusted text escaped, code spans and fences that cannot end early); the host suite (security.test.ts) renders
// the same documents with VS Code's own Markdown engine and finds no image, link or HTML element.
import * as assert from 'assert';
import { markdownCode, markdownFence, markdownText } from '../../src/core/text/markdown';
import { hostileDocuments } from './support/hostileMarkdown';

const PAYLOADS = [
  '![x](https://evil.example/p.png)',
  '[click](https://evil.example/)',
  '<img src="https://evil.example/p.png">',
  'https://evil.example/x',
  'www.evil.example',
  'evil.example',
  '`code` and ``more``',
  '<https://evil.example/>',
  '&lt;img&gt;',
  'line\nbreak\r\nand\u2028separator',
  '| a | b |',
  '# heading',
];

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Checks that `text` is plain text with every ASCII punctuation character backslash-escaped; returns the text it stands for. */
function unescapedText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      assert.match(text[i + 1] ?? '', PUNCTUATION, `a backslash before ${JSON.stringify(text[i + 1])} in ${text}`);
      out += text[++i];
    } else {
      assert.doesNotMatch(text[i], PUNCTUATION, `unescaped ${JSON.stringify(text[i])} at ${i} in ${text}`);
      out += text[i];
    }
  }
  return out;
}

/** The Markdown source without its code spans and fenced blocks (CommonMark: a run of n backticks closes at the next run of exactly n). */
function outsideCode(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] === '\\') {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    const run = /^`+/.exec(markdown.slice(i))?.[0];
    if (!run) {
      out += markdown[i++];
      continue;
    }
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = i + run.length;
    const m = close.exec(markdown);
    if (!m) {
      out += run;
      i += run.length;
      continue;
    }
    out += ' ';
    i = m.index + m[0].length;
  }
  return out;
}

describe('Markdown from untrusted text', () => {
  it('markdownText escapes every punctuation character and keeps the text (line breaks as spaces)', () => {
    for (const payload of PAYLOADS) assert.strictEqual(unescapedText(markdownText(payload)), payload.replace(/[\r\n\u2028]/g, ' '), payload);
  });

  it('markdownCode is one code span holding the text, whatever backticks it contains', () => {
    for (const payload of [...PAYLOADS, '`', '``x``', 'a ``` b']) {
      const span = markdownCode(payload);
      const fence = /^`+/.exec(span)?.[0] ?? '';
      assert.ok(span.endsWith(fence) && !span.slice(fence.length, -fence.length).includes(fence), span);
      assert.doesNotMatch(span, /[\r\n\u2028]/);
      assert.strictEqual(outsideCode(span), ' ', span);
    }
  });

  it('markdownFence is longer than any backtick run of the text it holds', () => {
    const text = 'a\n```\n![x](https://evil.example/p.png)\n````\nb';
    assert.strictEqual(markdownFence(text), '`````');
    assert.strictEqual(markdownFence('plain'), '```');
  });

  it('hovers, Preview Apply and the report: outside code, no image, link, HTML, autolink or extra line from the values', async () => {
    for (const { where, markdown } of await hostileDocuments()) {
      const text = outsideCode(markdown);
      assert.doesNotMatch(text, /(^|[^\\])!\[/, `${where}: an image`);
      assert.doesNotMatch(text, /(^|[^\\])\]\(/, `${where}: a link`);
      assert.doesNotMatch(text, /(^|[^\\])</, `${where}: HTML or an autolink`);
      assert.doesNotMatch(text, /(^|[^\\])(:\/\/|www\.|evil\.example)/, `${where}: a bare URL`);
      assert.doesNotMatch(markdown, /^(curl|# injected)/m, `${where}: a line of its own`);
    }
  });
});
