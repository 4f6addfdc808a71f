import { fixAll } from '../../core/fixes/fixAll';
import { decodeFile, encodeFile, encodingName } from '../../core/text/fileEncoding';
import { CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { parseArgs, UsageError } from '../args';
import { InputError, readManifestFile } from '../readManifest';

/** atp-proxy fix [--write] FILE: applies every unambiguous quick fix, prints the result or rewrites the file; exit 1 when errors remain. */
export async function fixCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { flags: ['write'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length ? 'give exactly one manifest file' : 'no manifest file given');
  const [file] = args.positionals;
  const read = readManifestFile(io, file);
  const result = fixAll(read.text);
  if (args.flags.has('write')) {
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
  if (errors.length === 0) return EXIT_OK;
  io.stderr(
    `${file}: ${errors.length} error${errors.length === 1 ? '' : 's'} left that fix cannot correct: ${[...new Set(errors.map((f) => f.code))].join(', ')} (run atp-proxy validate ${file})\n`,
  );
  return EXIT_FAILED;
}
