import { CliIO, EXIT_USAGE } from '../io';

/** atp-proxy test: not built yet. */
export async function testCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr('atp-proxy test: not available yet\n');
  return EXIT_USAGE;
}
