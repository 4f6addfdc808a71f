/**
 * A string expression as psQuote writes it: `'text'` or `('text' + [char]0x0142 + 'more')`. The real check is
 * PowerShell itself (test/integration/powershell-encoding.test.ts); these find and read the expressions in unit tests.
 */
export const PS_STRING = /\('(?:[^'\r\n]|'')*'(?: \+ (?:'(?:[^'\r\n]|'')*'|\[char\]0x[0-9a-f]{4}))*\)|'(?:[^'\r\n]|'')*'/g;

/** The text a psQuote expression stands for; throws when the expression is not one. */
export function psStringValue(expression: string): string {
  const whole = new RegExp(`^(?:${PS_STRING.source})$`);
  if (!whole.test(expression)) throw new Error(`not a psQuote expression: ${expression}`);
  return [...expression.matchAll(/'((?:[^']|'')*)'|\[char\]0x([0-9a-f]{4})/g)]
    .map((m) => (m[2] !== undefined ? String.fromCharCode(parseInt(m[2], 16)) : m[1].replace(/''/g, "'")))
    .join('');
}
