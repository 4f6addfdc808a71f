// Text from a manifest, a certificate or a proxy's answer, put into Markdown (hovers, Preview Apply, the
// connectivity report) so that it stays text: no image fetched from a remote host, no link, no HTML, no line
// that starts a new block.

/** Line terminators (CR, LF, NEL, U+2028, U+2029) and other control characters, each replaced by a space. */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` as literal Markdown text on one line: every ASCII punctuation character is backslash-escaped (CommonMark
 * allows it for all of them), which also keeps `www.x` and `https://x` from being made into links.
 */
export function markdownText(text: string): string {
  return text.replace(BREAKS, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** `text` as a code span on one line: fenced by more backticks than it contains in a row, so it cannot end early. */
export function markdownCode(text: string): string {
  const flat = text.replace(BREAKS, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the text starts or ends with a backtick (CommonMark strips one of each).
  const pad = /^`|`$/.test(flat) || longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fence for a code block holding `text`: longer than any run of backticks in it, so no line of it closes the block. */
export function markdownFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
