import { CliIO } from './io';

/**
 * Writes a file whole: the text goes to FILE.partial beside it, which then replaces FILE, so a failed write leaves
 * the previous file (or none), never half a script. Undefined when written, else why not (in words).
 */
export function writeWhole(io: CliIO, file: string, text: string): string | undefined {
  if (!io.rename) {
    try {
      io.writeFile(file, text);
      return undefined;
    } catch (error) {
      return reason(error);
    }
  }
  const partial = `${file}.partial`;
  try {
    io.writeFile(partial, text);
    io.rename(partial, file);
    return undefined;
  } catch (error) {
    return reason(error);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'the folder does not exist'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a directory'
        : (error as Error).message;
}
