import * as path from 'path';
import { generateDeploymentScript, SCRIPT_FORMATS } from '../../core/usecases/deploymentScript';
import { findingLines } from '../../core/usecases/deployable';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { readManifest } from '../readManifest';
import { choice, parseArgs, UsageError } from '../args';

/** atp-proxy encode [--format hex|reg|ps1|gpp|cmd|module|ansible|dsc] [--force] FILE (the formats that fit the manifest's method) */
export async function encodeCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { flags: ['force'], values: ['format'] });
  // Without --format: the first format of the manifest's method (hex for WinINET, ps1 for the sensor's own configuration).
  const format = args.values.has('format') ? choice(args, 'format', SCRIPT_FORMATS, 'hex') : undefined;
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const file = args.positionals[0];
  const text = readManifest(io, file);
  const script = generateDeploymentScript(text, format, path.basename(file), { force: args.flags.has('force'), override: 'give --force' });
  if (!script.ok) {
    if (script.blocking) {
      // Nothing on stdout: a pipeline that redirects it gets no half-valid artefact.
      io.stderr(
        `${findingLines(file, text, script.blocking)
          .map((line) => `${line}\n`)
          .join('')}atp-proxy encode: ${script.reason}\n`,
      );
      return EXIT_FAILED;
    }
    io.stderr(`atp-proxy encode: ${file}: ${script.reason}\n`);
    return EXIT_USAGE;
  }
  // Notes go to stderr so stdout stays exactly the value or file.
  for (const note of script.notes) io.stderr(`atp-proxy encode: note: ${note}\n`);
  io.stdout(script.content);
  return EXIT_OK;
}
