import { validate } from '../../core/rules/validate';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { choice, parseArgs, UsageError } from '../args';

/** atp-proxy validate [--format text|json|sarif] FILE... */
export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('no manifest file given');
  let errors = 0;
  const reports: { file: string; findings: ReturnType<typeof validate> }[] = [];
  for (const file of args.positionals) {
    let text: string;
    try {
      text = io.readFile(file).toString('utf8');
    } catch (error) {
      io.stderr(`atp-proxy validate: cannot read ${file}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    const findings = validate(text);
    errors += findings.filter((f) => f.severity === 'error').length;
    reports.push({ file, findings });
  }
  io.stdout(format === 'json' ? `${JSON.stringify(reports)}\n` : reports.map((r) => r.findings.map((f) => `${r.file}: ${f.code} ${f.message}`).join('\n')).join('\n'));
  return errors > 0 ? EXIT_FAILED : EXIT_OK;
}
