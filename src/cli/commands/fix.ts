import { CliIO, EXIT_USAGE } from '../io';

/** atp-proxy fix: not built yet. */
export async function fixCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr('atp-proxy fix: not available yet\n');
  return EXIT_USAGE;
}
