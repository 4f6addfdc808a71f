import { CliIO, EXIT_USAGE } from '../io';

/** atp-proxy decode: not built yet. */
export async function decodeCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr('atp-proxy decode: not available yet\n');
  return EXIT_USAGE;
}
