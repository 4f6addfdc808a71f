import { fixAll } from '../../core/fixes/fixAll';
import { decodeFile, encodeFile, encodingName } from '../../core/text/fileEncoding';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { parseArgs, UsageError } from '../args';
import { InputError, readManifestFile } from '../readManifest';
import { expandInputs } from '../inputs/expandInputs';
import { announceInput } from '../shortRun';

/** Fixes one file: prints the result, or rewrites it with --write. Returns whether error findings remain; throws InputError. */
function fixFile(io: CliIO, file: string, write: boolean): boolean {
  const read = readManifestFile(io, file);
  const result = fixAll(read.text);
  if (write) {
    if (result.text !== read.text) {
      // The file goes back in its own encoding (BOM kept; line endings are kept by the edits) or not at all.
      const bytes = encodeFile(result.text, read.encoding);
      if (!read.lossless || decodeFile(bytes).text !== result.text) {
        throw new InputError(
          `${file} is not valid ${encodingName(read.encoding)}: it was not rewritten, since writing the text back would change bytes it did not fix; save it as UTF-8 (VS Code: Save with Encoding) and run fix again`,
        );
      }
      io.writeFile(`${file}.bak`, encodeFile(read.text, read.encoding));
      io.writeFile(file, bytes);
    }
    const fixes = `${result.applied.length} fix${result.applied.length === 1 ? '' : 'es'} applied${result.applied.length ? ` (${result.applied.map((f) => f.code).join(', ')}; the previous text is in ${file}.bak)` : ''}`;
    io.stderr(`${file}: ${fixes}, ${result.remaining.length} finding${result.remaining.length === 1 ? '' : 's'} left\n`);
  } else {
    io.stdout(result.text);
  }
  const errors = result.remaining.filter((f) => f.severity === 'error');
  if (errors.length === 0) return false;
  io.stderr(
    `${file}: ${errors.length} error${errors.length === 1 ? '' : 's'} left that fix cannot correct: ${[...new Set(errors.map((f) => f.code))].join(', ')} (run atp-proxy validate ${file})\n`,
  );
  return true;
}

/**
 * atp-proxy fix [--write] FILE|DIR|GLOB...: applies every unambiguous quick fix; prints the result (one file) or rewrites
 * each file (--write). Exit 1 when errors remain, 2 usage or a file that could not be read or rewritten (the others are
 * still fixed).
 */
export async function fixCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { flags: ['write'] });
  if (args.positionals.length === 0) throw new UsageError('no manifest file given');
  const write = args.flags.has('write');
  const { files, problems } = expandInputs(io, args.positionals);
  announceInput(io, files);
  // Printed results of several files would run together: more than one file is fixed in place or not at all.
  if (!write && files.length > 1)
    throw new UsageError(`${files.length} manifests given: add --write to fix them in place, or give one file to print its fixed text`);
  if (files.length === 1 && problems.length === 0) return fixFile(io, files[0], write) ? EXIT_FAILED : EXIT_OK;
  let errorsLeft = false;
  const failed = [...problems];
  for (const file of files) {
    try {
      errorsLeft = fixFile(io, file, write) || errorsLeft;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed.push(error.message);
    }
  }
  if (failed.length) {
    io.stderr(failed.map((message) => `atp-proxy fix: ${message}\n`).join(''));
    return EXIT_USAGE;
  }
  return errorsLeft ? EXIT_FAILED : EXIT_OK;
}
