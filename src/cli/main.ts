import { CliIO, EXIT_USAGE, processIO } from './io';
import { UsageError } from './args';
import { VERSION } from './version';
import { InputError } from './readManifest';
import { validateCommand } from './commands/validate';
import { fixCommand } from './commands/fix';
import { testCommand } from './commands/test';
import { encodeCommand } from './commands/encode';
import { decodeCommand } from './commands/decode';
import { applyCommand } from './commands/apply';

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  validate: { run: validateCommand, usage: 'validate [--format text|json|sarif] FILE...' },
  fix: { run: fixCommand, usage: 'fix [--write] FILE' },
  test: { run: testCommand, usage: 'test [--format text|json] [--timeout MS] [--ca PEM] [--resolve HOST:PORT:ADDR] [--pac-url URL] [--concurrency N] FILE' },
  encode: { run: encodeCommand, usage: 'encode [--format hex|reg|ps1|gpp] FILE' },
  apply: { run: applyCommand, usage: 'apply [--dry-run] [--reg-command "CMD ARGS"] [--backup-dir DIR] FILE' },
  decode: { run: decodeCommand, usage: 'decode [--format text|json] HEX|FILE.reg' },
};

function usage(): string {
  return ['Usage: atp-proxy <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  atp-proxy ${c.usage}`), ''].join('\n');
}

/** Runs the CLI with arguments (without node and script) and returns the exit code. */
export async function run(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`${name ? `atp-proxy: unknown command "${name}"\n` : ''}${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`atp-proxy ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`atp-proxy ${name}: ${error.message}\nUsage: atp-proxy ${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`atp-proxy ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
}
