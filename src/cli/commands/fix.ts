import { fixAll } from '../../core/fixes/fixAll';
import { CliIO, EXIT_OK } from '../io';
import { parseArgs, UsageError } from '../args';
import { readManifest } from '../readManifest';

/** atp-proxy fix [--write] FILE: applies every unambiguous quick fix, prints the result or rewrites the file. */
export async function fixCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { flags: ['write'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length ? 'give exactly one manifest file' : 'no manifest file given');
  const [file] = args.positionals;
  const text = readManifest(io, file);
  const result = fixAll(text);
  if (args.flags.has('write')) {
    if (result.text !== text) io.writeFile(file, result.text);
    io.stderr(`${file}: ${result.applied.length} fix${result.applied.length === 1 ? '' : 'es'} applied${result.applied.length ? ` (${result.applied.map((f) => f.code).join(', ')})` : ''}, ${result.remaining.length} finding${result.remaining.length === 1 ? '' : 's'} left\n`);
  } else {
    io.stdout(result.text);
  }
  return EXIT_OK;
}
