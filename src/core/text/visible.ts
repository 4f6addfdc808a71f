// Strings read from a machine (a .reg export, SensorConfiguration.json, a WinINET blob) are data, not terminal
// output: a NUL, an ESC sequence or a bidirectional override in them must show as what it is, not act on the screen.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The text with every control, separator and bidirectional-format character written as `\uXXXX`. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
