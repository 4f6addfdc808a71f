import { inputFileProblem, type InputKind } from '../core/manifest/limits';
import { decodeFile, DecodedFile } from '../core/text/fileEncoding';
import { CliIO } from './io';

/** Input the command cannot use (a file that cannot be read): main prints `atp-proxy <command>: message` and exits 2. */
export class InputError extends Error {}

/** A manifest file's text; throws InputError with the reason it cannot be read (missing, a directory, a FIFO or device, over the size limit). */
export function readManifest(io: CliIO, file: string): string {
  return readManifestFile(io, file).text;
}

/** A manifest file decoded as the editor decodes it (UTF-8 with or without BOM, UTF-16LE/BE), with its encoding; throws InputError. */
export function readManifestFile(io: CliIO, file: string): DecodedFile {
  const read = tryReadManifest(io, file);
  if ('error' in read) throw new InputError(read.error);
  return read;
}

/** A manifest file decoded, or the reason it cannot be read (for commands that go on with the other files). */
export function tryReadManifest(io: CliIO, file: string): DecodedFile | { error: string } {
  const read = readInputFile(io, file);
  return 'error' in read ? read : decodeFile(read.bytes);
}

/** A file's bytes after the checks every input file gets (a regular file, within the size limit), or why not. */
export function readInputFile(io: CliIO, file: string, input: InputKind = 'manifest'): { bytes: Buffer } | { error: string } {
  try {
    // Checked from a stat before reading: a FIFO or device would block the read, an oversized file fill memory.
    const problem = inputFileProblem(file, io.fileKind?.(file) ?? 'file', io.fileSize?.(file) ?? 0, input);
    if (problem) return { error: problem };
    return { bytes: io.readFile(file) };
  } catch (error) {
    return { error: `cannot read ${file}: ${readErrorReason(error)}` };
  }
}

/** Why a file could not be read, in words ("no such file") rather than an errno message. */
function readErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
}
