import * as fs from 'fs';
import * as path from 'path';
import { collectFleet, type FleetFileSystem } from '../../core/fleet/collect';
import { fleetExitCode, FLEET_FORMATS, formatFleet } from '../../core/fleet/format';
import { choice, parseArgs, UsageError } from '../args';
import { CliIO } from '../io';

/** The CLI's file system for the walk: the command's IO for files, node fs for folders. */
function cliFileSystem(io: CliIO): FleetFileSystem {
  return {
    kind: async (p) => io.fileKind?.(p) ?? 'file',
    size: async (p) => io.fileSize?.(p) ?? 0,
    read: async (p) => io.readFile(p),
    list: async (p) => fs.readdirSync(p),
    join: (folder, name) => path.join(folder, name),
  };
}

/** atp-proxy report [--format text|json|markdown|html] FILE|DIR...: the fleet report of SPEC section 8. */
export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', FLEET_FORMATS, 'text');
  if (args.positionals.length === 0) throw new UsageError('no result file or folder given');
  const report = await collectFleet(cliFileSystem(io), args.positionals);
  const title = `Fleet report: ${args.positionals.map((p) => path.basename(p)).join(', ')}`;
  io.stdout(formatFleet(report, format, title));
  return fleetExitCode(report);
}
