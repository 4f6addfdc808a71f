// Names of files the product writes next to a user's file: one path segment that means the same as text, as a
// path and inside a URI. A manifest's name is chosen by whoever committed it, so it is checked, never trusted.

/** Why `name` cannot be used as a file name the product writes, or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `"${name}" is not a file name`;
  // Control characters and line/paragraph separators would inject lines; %, # and ? change what a URI names.
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u001f\u007f-\u009f\u2028\u2029%#?/\\]/u.exec(name);
  if (bad)
    return `the name contains ${describe(bad[0])}, which is never used in a file the extension writes (it could change which file is meant); rename the manifest`;
  return undefined;
}

function describe(c: string): string {
  if (c === '/' || c === '\\') return `a path separator "${c}"`;
  if ('%#?'.includes(c)) return `"${c}"`;
  return `the control character U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
}
