import { CliIO, EXIT_USAGE } from '../io';

/** atp-proxy encode: not built yet. */
export async function encodeCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr('atp-proxy encode: not available yet\n');
  return EXIT_USAGE;
}
