import { toDecodedJson } from '../../core/wininet/decodeValue';
import { decodeHexText, decodeRegExport, decodeSensorConfiguration, isRegExport, isSensorConfiguration, type DecodeOutcome } from '../../core/usecases/decode';
import { policyValueJson } from '../../core/policy/readMachineProxy';
import { CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { choice, parseArgs, UsageError } from '../args';
import { readInputFile } from '../readManifest';
import { inputKindOf } from '../../core/manifest/limits';

type Input =
  | { kind: 'hex'; text: string }
  | { kind: 'reg'; bytes: Uint8Array; file: string }
  | { kind: 'sensor'; bytes: Uint8Array; file: string }
  | { kind: 'unreadable'; file: string; reason: string };

// An argument naming an existing file is a sensor's SensorConfiguration.json (by name, or content that is a JSON
// object), a .reg export, or a text file holding pasted hex; anything else is hex.
// A file gets the checks of a manifest (regular file, at most 10 MB) before it is read; a size message names its kind.
function classify(args: string[], io: CliIO): Input {
  if (args.length === 1) {
    const arg = args[0];
    const read = readInputFile(io, arg, inputKindOf(arg));
    if ('bytes' in read) {
      if (isSensorConfiguration(read.bytes, arg)) return { kind: 'sensor', bytes: read.bytes, file: arg };
      return isRegExport(read.bytes) ? { kind: 'reg', bytes: read.bytes, file: arg } : { kind: 'hex', text: read.bytes.toString('utf8') };
    }
    // A missing file whose name does not look like a path or file is hex; anything else that cannot be read is an error.
    if (!/: no such file$/.test(read.error) || /\.(reg|json)$/i.test(arg) || /[/\\]/.test(arg)) return { kind: 'unreadable', file: arg, reason: read.error };
  }
  // Hex pasted as several arguments (`decode 46 00 00 00 ...`) is one value.
  return { kind: 'hex', text: args.join(' ') };
}

/** atp-proxy decode [--format text|json] HEX|FILE.reg|SensorConfiguration.json */
export async function decodeCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('give a hex value, a .reg file or a SensorConfiguration.json');
  const input = classify(args.positionals, io);
  if (input.kind === 'unreadable') {
    io.stderr(`atp-proxy decode: ${input.reason}\n`);
    return EXIT_USAGE;
  }
  if (input.kind === 'sensor') {
    // One object (SPEC section 6); a malformed file is FILE:LINE:COLUMN (byte N) and the reason on stderr.
    const sensor = decodeSensorConfiguration(input.bytes, input.file);
    if (!sensor.ok) {
      io.stderr(`atp-proxy decode: ${sensor.reason}\n`);
      return EXIT_USAGE;
    }
    io.stdout(format === 'text' ? sensor.text : `${JSON.stringify(sensor.json, null, 2)}\n`);
    return EXIT_OK;
  }
  const outcome: DecodeOutcome = input.kind === 'hex' ? decodeHexText(input.text) : decodeRegExport(input.bytes, input.file);
  if (!outcome.ok) {
    io.stderr(`atp-proxy decode: ${outcome.reason}\n`);
    return EXIT_USAGE;
  }
  if (format === 'text') io.stdout(outcome.text);
  // A bare hex value prints its object alone, a .reg export an array (SPEC section 6).
  else if (input.kind === 'hex') io.stdout(`${JSON.stringify(toDecodedJson(outcome.values[0]), null, 2)}\n`);
  // The Defender for Endpoint policy values follow the connection settings: {path, value, type, data}.
  else io.stdout(`${JSON.stringify([...outcome.values.map(toDecodedJson), ...(outcome.policy ?? []).map(policyValueJson)], null, 2)}\n`);
  // The good values are printed even when others are malformed; each bad one is FILE:LINE on stderr, and exit 2.
  io.stderr(outcome.problems.map((p) => `atp-proxy decode: ${p}\n`).join(''));
  return outcome.problems.length ? EXIT_USAGE : EXIT_OK;
}
