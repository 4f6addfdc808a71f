import { CliIO, EXIT_USAGE, processIO } from './io';
import { UsageError } from './args';
import { VERSION } from './version';
import { InputError } from './readManifest';

type Command = (args: string[], io: CliIO) => Promise<number>;

// Each command is a webpack chunk (dist/cli-<command>.js) loaded when it runs, so that `validate` in a pipeline does
// not read and compile the connectivity engine with its QuickJS PAC sandbox (most of the CLI's bytes), nor apply.
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string; help: string }> = {
  validate: {
    load: async () => (await import(/* webpackChunkName: "validate" */ './commands/validate')).validateCommand,
    usage: 'validate [--format text|json|sarif] FILE|DIR|GLOB...',
    help: 'Prints the findings of each manifest; a file that cannot be read is reported in its place. A folder means every\n*.atpproxy.json and *.atpproxy.jsonc below it; a glob (*, ?, **, [...]; quote it) is expanded here. Folders and globs\nskip .git and what .gitignore files exclude. SARIF is one run for all files, with snippets and partialFingerprints.\nExit 0 no errors, 1 some error, 2 usage, an unreadable file or an argument that names no manifest.',
  },
  fix: {
    load: async () => (await import(/* webpackChunkName: "fix" */ './commands/fix')).fixCommand,
    usage: 'fix [--write] FILE|DIR|GLOB...',
    help: 'Applies every quick fix with one unambiguous edit (renames first, then additions) and prints the result;\n--write rewrites each file in its own encoding and line endings, the previous text in FILE.bak. Folders and globs\nas for validate; more than one file needs --write.\nExit 0 no errors left, 1 errors left that no fix corrects, 2 usage or an unreadable file.',
  },
  test: {
    load: async () => (await import(/* webpackChunkName: "test" */ './commands/test')).testCommand,
    usage: 'test [--format text|json] [--timeout MS] [--ca PEM] [--resolve HOST:PORT:ADDR] [--pac-url URL] [--concurrency N] FILE',
    help: 'Connects to every endpoint the manifest needs, the way the sensor would, and prints a verdict for each.\nExit 0 all ok, 1 some failed, 2 usage.',
  },
  encode: {
    load: async () => (await import(/* webpackChunkName: "encode" */ './commands/encode')).encodeCommand,
    usage: 'encode [--format hex|reg|ps1|gpp|cmd|module|ansible|dsc] [--force] FILE',
    help: "The deployment of the manifest's proxy in a format that fits its proxy.method (the first is the default):\nwininet: hex (the WinINET value), reg, ps1 (a deployment script), gpp (Group Policy Preferences Registry.xml),\nansible (an ansible.windows playbook), dsc (a PowerShell DSC configuration);\nsensor: ps1 (Deployer.exe with backup, verify, restore), cmd (Setup.exe switches for new installations), module (DefenderForIdentity lines),\nansible (the .ps1's steps through win_powershell);\npolicy (v3, Defender for Endpoint's TelemetryProxyServer): reg, ps1, gpp, ansible, dsc;\nwinhttp (v3, WinHttpSettings as netsh writes it): reg, ps1, ansible, dsc.\nA manifest with error findings is refused unless --force (the artefact's header then says FORCED).\nExit 0, 1 error findings (nothing printed), 2 usage (also a format the method has no use for).",
  },
  apply: {
    load: async () => (await import(/* webpackChunkName: "apply" */ './commands/apply')).applyCommand,
    usage: 'apply [--dry-run] [--force] [--from-export FILE.reg] [--reg-command "CMD ARGS"] [--sensor-folder DIR [--deployer PROGRAM]] [--backup-dir DIR] FILE',
    help: "Backs up the keys, writes the values for LocalSystem and LocalService, reads them back, rolls back on any failure;\nmethod sensor: backs up SensorConfiguration.json, runs the sensor's Deployer (password from ATP_PROXY_USER_PASSWORD),\nverifies, restores the backup and restarts AATPSensorUpdater on any failure (--sensor-folder DIR in a lab);\n--dry-run prints the plan (--from-export plans against a domain controller's .reg export). A manifest with error findings, or (registry.source currentUser) an HKCU proxy other\nthan the manifest's, is refused before anything is written; --force overrides the first only.\nExit 0 applied/planned, 1 refused or failed (rolled back), 2 usage.",
  },
  preflight: {
    load: async () => (await import(/* webpackChunkName: "preflight" */ './commands/preflight')).preflightCommand,
    usage: 'preflight [--out FILE] [--force] FILE',
    help: "The domain-controller script of the manifest (Windows PowerShell 5.1, the manifest embedded): it reads the proxy\nconfiguration in force for the sensor, checks the prerequisites, tests every endpoint through the proxy the sensor\nwould use and prints the preflight JSON that report merges. Run it alone, with Invoke-Command, Ansible or a scheduled\ntask; lab options -RegistryExport, -SensorConfiguration, -Proxy, -Resolve, -CaFile, -OutFile. --out writes it to FILE.\nA manifest with error findings is refused unless --force (the script's first line then says FORCED).\nExit 0 written, 2 error findings (nothing written), usage or a manifest that cannot be tested.",
  },
  allowlist: {
    load: async () => (await import(/* webpackChunkName: "allowlist" */ './commands/allowlist')).allowlistCommand,
    usage: 'allowlist [--format plain|squid|pac] FILE',
    help: "What the proxy and firewall team pastes: every entry the manifest's sensors need (required ones it misses are\nadded and named), as a plain list, a Squid fragment or a PAC file. Exit 0, 2 usage or an unreadable file.",
  },
  report: {
    load: async () => (await import(/* webpackChunkName: "report" */ './commands/report')).reportCommand,
    usage: 'report [--format text|json|markdown|html] FILE|DIR...',
    help: 'Merges preflight documents and `test --format json` outputs (folders: every .json file in them) into one fleet report:\nthe machine x endpoint matrix, failing checks, machines configured unlike the manifest or the majority; html is one\nself-contained page with the matrix as a picture. A file that cannot be used is named and the others are reported.\nExit 0 all ok, 1 some machine failed, 2 usage or a file that could not be used.',
  },
  decode: {
    load: async () => (await import(/* webpackChunkName: "decode" */ './commands/decode')).decodeCommand,
    usage: 'decode [--format text|json] HEX|FILE.reg|SensorConfiguration.json',
    help: "Decodes a hex value, every connection-settings value of a .reg export (a malformed value is named with FILE:LINE\non stderr after the good ones are printed), or a sensor's SensorConfiguration.json (recognised by its name or by\nholding a JSON object): proxy URL, user, whether an encrypted password is stored (never the password) and the\nsensor API address; a malformed one is named with FILE:LINE:COLUMN (byte N) and the reason.\nExit 0, 2 on malformed input or a missing file.",
  },
};

function usage(): string {
  return [
    'Usage: atp-proxy <command> [options]',
    '',
    ...Object.values(COMMANDS).map((c) => `  atp-proxy ${c.usage}`),
    '',
    'atp-proxy <command> --help, or atp-proxy help <command>, describes one command.',
    '',
  ].join('\n');
}

function commandHelp(name: string): string {
  const command = COMMANDS[name];
  return `Usage: atp-proxy ${command.usage}\n\n${command.help}\n`;
}

function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Runs the CLI with arguments (without node and script) and returns the exit code. */
export async function run(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout(usage());
      return 0;
    }
    if (!Object.hasOwn(COMMANDS, topic)) {
      io.stderr(`atp-proxy help: unknown command "${topic}"\n${usage()}`);
      return EXIT_USAGE;
    }
    io.stdout(commandHelp(topic));
    return 0;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`${name ? `atp-proxy: unknown command "${name}"\n` : ''}${usage()}`);
    return EXIT_USAGE;
  }
  if (asksForHelp(rest)) {
    io.stdout(commandHelp(name));
    return 0;
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
