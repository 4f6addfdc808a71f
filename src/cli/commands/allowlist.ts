import * as path from 'path';
import { ALLOWLIST_FORMATS, exportAllowlist } from '../../core/usecases/allowlist';
import { choice, parseArgs, UsageError } from '../args';
import { CliIO, EXIT_OK } from '../io';
import { readManifest } from '../readManifest';

/** atp-proxy allowlist [--format plain|squid|pac] FILE: what the proxy and firewall team pastes (VS Code's Export Allowlist). */
export async function allowlistCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ALLOWLIST_FORMATS, 'plain');
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no manifest file given' : 'give exactly one manifest file');
  const file = args.positionals[0];
  io.stdout(exportAllowlist(readManifest(io, file), format, path.basename(file)));
  return EXIT_OK;
}
