import { validate } from '../../core/rules/validate';
import { CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { choice, parseArgs, UsageError } from '../args';
import { FileReport, toFileReport } from '../report/fileReport';
import { formatText } from '../report/text';
import { formatSarif } from '../report/sarif';
import { VERSION } from '../version';
import { readManifest } from '../readManifest';

/** atp-proxy validate [--format text|json|sarif] FILE...: exit 0 no errors, 1 some error, 2 usage or unreadable file. */
export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('no manifest file given');
  // Every file is read before anything is printed: one unreadable file is exit 2 with no partial report.
  const texts = args.positionals.map((file) => ({ file, text: readManifest(io, file) }));
  const reports: FileReport[] = texts.map(({ file, text }) => toFileReport(file, text, validate(text)));
  io.stdout(format === 'json' ? `${JSON.stringify(reports)}\n` : format === 'sarif' ? formatSarif(reports, VERSION) : formatText(reports));
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FAILED : EXIT_OK;
}
