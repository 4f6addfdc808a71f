import * as path from 'path';
import { generateDeploymentScript, SCRIPT_FORMATS } from '../../core/usecases/deploymentScript';
import { CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { readManifest } from '../readManifest';
import { choice, parseArgs, UsageError } from '../args';

/** atp-proxy encode [--format hex|reg|ps1|gpp] FILE */
export async function encodeCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', SCRIPT_FORMATS, 'hex');
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const file = args.positionals[0];
  const script = generateDeploymentScript(readManifest(io, file), format, path.basename(file));
  if (!script.ok) {
    io.stderr(`atp-proxy encode: ${file}: ${script.reason}\n`);
    return EXIT_USAGE;
  }
  // Notes go to stderr so stdout stays exactly the value or file.
  for (const note of script.notes) io.stderr(`atp-proxy encode: note: ${note}\n`);
  io.stdout(script.content);
  return EXIT_OK;
}
