import { describeCodecError, Decoded } from '../../core/wininet/codecError';
import { DecodedValue, decodeBytes, decodeRegFileValues, toDecodedJson } from '../../core/wininet/decodeValue';
import { describeDecodedValue } from '../../core/wininet/describe';
import { parseHex } from '../../core/wininet/hex';
import { looksLikeRegFile, parseRegFile } from '../../core/wininet/regParse';
import { CliIO, EXIT_OK, EXIT_USAGE } from '../io';
import { choice, parseArgs, UsageError } from '../args';

type Input = { kind: 'hex'; text: string } | { kind: 'reg'; bytes: Uint8Array; file: string } | { kind: 'unreadable'; file: string; reason: string };

// An argument naming an existing file is a .reg export (or a text file holding pasted hex); anything else is hex.
function classify(args: string[], io: CliIO): Input {
  if (args.length === 1) {
    const arg = args[0];
    try {
      const bytes = io.readFile(arg);
      return looksLikeRegFile(bytes) ? { kind: 'reg', bytes, file: arg } : { kind: 'hex', text: bytes.toString('utf8') };
    } catch (error) {
      if (/\.reg$/i.test(arg) || arg.includes('/')) return { kind: 'unreadable', file: arg, reason: (error as Error).message };
    }
  }
  // Hex pasted as several arguments (`decode 46 00 00 00 ...`) is one value.
  return { kind: 'hex', text: args.join(' ') };
}

/** atp-proxy decode [--format text|json] HEX|FILE.reg */
export async function decodeCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('give a hex value or a .reg file');
  const input = classify(args.positionals, io);
  if (input.kind === 'unreadable') {
    io.stderr(`atp-proxy decode: cannot read ${input.file}: ${input.reason}\n`);
    return EXIT_USAGE;
  }
  if (input.kind === 'hex') {
    const bytes = parseHex(input.text);
    const decoded: Decoded<DecodedValue> = bytes.ok ? decodeBytes(bytes.value) : bytes;
    if (!decoded.ok) {
      io.stderr(`atp-proxy decode: malformed value: ${describeCodecError(decoded.error)}\n`);
      return EXIT_USAGE;
    }
    io.stdout(format === 'json' ? `${JSON.stringify(toDecodedJson(decoded.value), null, 2)}\n` : `${describeDecodedValue(decoded.value)}\n`);
    return EXIT_OK;
  }
  const file = parseRegFile(input.bytes);
  const values = file.ok ? decodeRegFileValues(file.value) : file;
  if (!values.ok) {
    io.stderr(`atp-proxy decode: ${input.file}: ${describeCodecError(values.error)}\n`);
    return EXIT_USAGE;
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify(values.value.map(toDecodedJson), null, 2)}\n`);
  } else if (values.value.length === 0) {
    io.stdout(`${input.file}: no DefaultConnectionSettings, SavedLegacySettings or WinHttpSettings value\n`);
  } else {
    io.stdout(`${values.value.map(describeDecodedValue).join('\n\n')}\n`);
  }
  return EXIT_OK;
}
