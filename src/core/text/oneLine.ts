/**
 * Every character some reader of a generated file takes for the end of a line: CR and LF (everyone), NEL U+0085
 * (Unicode, some editors), LINE and PARAGRAPH SEPARATOR U+2028/U+2029 (JavaScript: they end a PAC file's `//`
 * comment), and VT/FF (vertical whitespace to .NET and Python).
 */
const LINE_TERMINATORS = /[\r\n\v\f\u0085\u2028\u2029]+/g;

/** Text that stays on one line wherever it is written into a comment: every run of line terminators becomes one space. */
export function oneLine(text: string): string {
  return text.replace(LINE_TERMINATORS, ' ');
}
