import { CliIO, EXIT_USAGE, processIO } from './io';
import { UsageError } from './args';
import { VERSION } from './version';
import { InputError } from './readManifest';

type Command = (args: string[], io: CliIO) => Promise<number>;

// Each command is a webpack chunk (dist/cli-<command>.js) loaded when it runs, so that `validate` in a pipeline does
// not read and compile the connectivity engine with its QuickJS PAC sandbox (most of the CLI's bytes), nor apply.
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  validate: { load: async () => (await import(/* webpackChunkName: "validate" */ './commands/validate')).validateCommand, usage: 'validate [--format text|json|sarif] FILE...' },
  fix: { load: async () => (await import(/* webpackChunkName: "fix" */ './commands/fix')).fixCommand, usage: 'fix [--write] FILE' },
  test: {
    load: async () => (await import(/* webpackChunkName: "test" */ './commands/test')).testCommand,
    usage: 'test [--format text|json] [--timeout MS] [--ca PEM] [--resolve HOST:PORT:ADDR] [--pac-url URL] [--concurrency N] FILE',
  },
  encode: { load: async () => (await import(/* webpackChunkName: "encode" */ './commands/encode')).encodeCommand, usage: 'encode [--format hex|reg|ps1|gpp] FILE' },
  apply: { load: async () => (await import(/* webpackChunkName: "apply" */ './commands/apply')).applyCommand, usage: 'apply [--dry-run] [--reg-command "CMD ARGS"] [--backup-dir DIR] FILE' },
  decode: { load: async () => (await import(/* webpackChunkName: "decode" */ './commands/decode')).decodeCommand, usage: 'decode [--format text|json] HEX|FILE.reg' },
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
    const runCommand = await command.load();
    return await runCommand(rest, io);
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
