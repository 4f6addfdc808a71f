// Paths that name another machine. Opening one from an administrator's session sends the session's NTLM
// credentials to that machine, so a path from settings is refused rather than opened.

/**
 * Why `file` is refused as a network path (`\\server\share`, `//server/share`, `\\?\UNC\...`, any path that starts
 * with two separators), or undefined for a local path.
 */
export function networkPathProblem(file: string, setting: string): string | undefined {
  if (!/^[\\/]{2}/.test(file.trim())) return undefined;
  return `${setting}: ${file} is a network (UNC) path; opening it would send your Windows credentials to that machine. Copy the file to a local folder and name that.`;
}
