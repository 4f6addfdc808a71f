import { validate } from '../../core/rules/validate';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { choice, parseArgs, UsageError } from '../args';
import { FileReport, toFileReport, unreadableReport } from '../report/fileReport';
import { VERSION } from '../version';
import { tryReadManifest } from '../readManifest';
import { expandInputs } from '../inputs/expandInputs';
import { announceInput } from '../shortRun';

/**
 * The printed report. Text and SARIF are chunks of their own (loaded for their format only), so that a pipeline's
 * `--format json` does not read and compile them, nor work out snippets and fingerprints.
 */
async function formatReports(format: 'text' | 'json' | 'sarif', reports: FileReport[], texts: (string | undefined)[]): Promise<string> {
  if (format === 'json') return `${JSON.stringify(reports)}\n`;
  if (format === 'text') return (await import(/* webpackChunkName: "report-text" */ '../report/text')).formatText(reports);
  const { formatSarif } = await import(/* webpackChunkName: "report-sarif" */ '../report/sarif');
  return formatSarif(
    reports.map((report, i) => ({ ...report, text: texts[i] })),
    VERSION,
  );
}

/**
 * atp-proxy validate [--format text|json|sarif] FILE|DIR|GLOB...: exit 0 no errors, 1 some error, 2 usage, an
 * unreadable file or an argument that names no manifest (every other file is still reported).
 */
export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('no manifest file given');
  const { files, problems } = expandInputs(io, args.positionals);
  announceInput(io, files);
  // One unreadable file must not hide the others: it is reported in its place (exit 2) and every readable file is validated.
  const texts: (string | undefined)[] = [];
  const reports: FileReport[] = files.map((file) => {
    const read = tryReadManifest(io, file);
    texts.push('error' in read ? undefined : read.text);
    return 'error' in read ? unreadableReport(file, read.error) : toFileReport(file, read.text, validate(read.text));
  });
  io.stdout(await formatReports(format, reports, texts));
  const unreadable = reports.filter((r) => r.error !== undefined).map((r) => r.error);
  if (unreadable.length + problems.length) {
    io.stderr([...problems, ...unreadable].map((message) => `atp-proxy validate: ${message}\n`).join(''));
    return EXIT_USAGE;
  }
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FAILED : EXIT_OK;
}
