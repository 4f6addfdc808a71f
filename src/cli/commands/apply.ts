import { CliIO, EXIT_USAGE } from '../io';

/** atp-proxy apply: not built yet. */
export async function applyCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr('atp-proxy apply: not available yet\n');
  return EXIT_USAGE;
}
