import * as path from 'path';
import { findingLines } from '../../core/usecases/deployable';
import { preflightScript } from '../../core/usecases/preflightScript';
import { parseArgs, UsageError } from '../args';
import { CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { readManifest } from '../readManifest';
import { writeWhole } from '../writeWhole';

/** atp-proxy preflight [--out FILE] [--force] MANIFEST: the domain-controller script of SPEC section 8. */
export async function preflightCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { flags: ['force'], values: ['out'] });
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const file = args.positionals[0];
  const text = readManifest(io, file);
  const script = preflightScript(text, path.basename(file), { force: args.flags.has('force'), override: 'give --force' });
  if (!script.ok) {
    if (script.blocking) {
      // Nothing written: a fan-out never ships a script made from a manifest with errors. Exit 2, not encode's 1:
      // SPEC section 6 gives preflight only 0 and 2, and issue 19's exit 1 was asked of encode and apply alone.
      io.stderr(
        `${findingLines(file, text, script.blocking)
          .map((line) => `${line}\n`)
          .join('')}atp-proxy preflight: ${script.reason}\n`,
      );
      return EXIT_USAGE;
    }
    io.stderr(`atp-proxy preflight: ${script.reason}\n`);
    return EXIT_USAGE;
  }
  for (const note of script.notes) io.stderr(`atp-proxy preflight: note: ${note}\n`);
  const out = args.values.get('out');
  if (out === undefined) {
    io.stdout(script.content);
    return EXIT_OK;
  }
  const written = writeWhole(io, out, script.content);
  if (written) {
    io.stderr(`atp-proxy preflight: cannot write ${out}: ${written}\n`);
    return EXIT_USAGE;
  }
  io.stderr(`atp-proxy preflight: wrote ${out}\n`);
  return EXIT_OK;
}
