/** A block of PowerShell written as one template (String.raw, no `${`), as lines: the first and last newline dropped. */
export function psBlock(text: string): string[] {
  return text
    .replace(/^\r?\n/, '')
    .replace(/\r?\n\s*$/, '')
    .split(/\r?\n/);
}
