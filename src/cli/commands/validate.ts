import { validate } from '../../core/rules/validate';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { choice, parseArgs, UsageError } from '../args';
import { FileReport, toFileReport, unreadableReport } from '../report/fileReport';
import { formatText } from '../report/text';
import { formatSarif } from '../report/sarif';
import { VERSION } from '../version';
import { tryReadManifest } from '../readManifest';

/** atp-proxy validate [--format text|json|sarif] FILE...: exit 0 no errors, 1 some error, 2 usage or an unreadable file (the others still reported). */
export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('no manifest file given');
  // One unreadable file must not hide the others: it is reported in its place (exit 2) and every readable file is validated.
  const reports: FileReport[] = args.positionals.map((file) => {
    const read = tryReadManifest(io, file);
    return 'error' in read ? unreadableReport(file, read.error) : toFileReport(file, read.text, validate(read.text));
  });
  io.stdout(format === 'json' ? `${JSON.stringify(reports)}\n` : format === 'sarif' ? formatSarif(reports, VERSION) : formatText(reports));
  const unreadable = reports.filter((r) => r.error !== undefined);
  if (unreadable.length) {
    io.stderr(unreadable.map((r) => `atp-proxy validate: ${r.error}\n`).join(''));
    return EXIT_USAGE;
  }
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FAILED : EXIT_OK;
}
