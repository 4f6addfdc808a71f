import {
  credentialsFromEnvironment,
  CREDENTIALS_FORM,
  CREDENTIALS_VARIABLE,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  parseResolveList,
  proxyKey,
  ResolveOverride,
  scopedProvider,
} from '../../core/connectivity';
import { planConnectivityTest, runConnectivityTest } from '../../core/usecases/connectivityTest';
import { summarize } from '../../core/usecases/connectivitySummary';
import { pemProblem } from '../../core/usecases/trustedRoots';
import { choice, ParsedArgs, parseArgs, UsageError } from '../args';
import { CliIO, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';
import { localAddressKind, localPacUrlWarning } from '../../core/connectivity/localAddress';
import { readManifest } from '../readManifest';
import { reportJson, reportText } from './test-report';

function positiveInteger(args: ParsedArgs, name: string, fallback: number): number {
  const text = args.values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number greater than 0 (got "${text}")`);
  return value;
}

function readCa(io: CliIO, path: string): string {
  let text: string;
  try {
    text = io.readFile(path).toString('utf8');
  } catch (error) {
    throw new UsageError(`cannot read the CA file ${path}: ${(error as Error).message}`);
  }
  const problem = pemProblem(text, `--ca ${path}`);
  if (problem) throw new UsageError(problem);
  return text;
}

/** atp-proxy test [--format text|json] [--timeout MS] [--ca PEM] [--resolve HOST:PORT:ADDR] [--pac-url URL] [--concurrency N] FILE */
export async function testCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { values: ['format', 'timeout', 'pac-url', 'concurrency'], repeatable: ['ca', 'resolve'] });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const timeoutMs = positiveInteger(args, 'timeout', DEFAULT_TIMEOUT_MS);
  const concurrency = positiveInteger(args, 'concurrency', DEFAULT_CONCURRENCY);
  if (args.positionals.length === 0) throw new UsageError('no manifest file given');
  if (args.positionals.length > 1) throw new UsageError(`test takes one manifest file (got ${args.positionals.length})`);
  const resolve: ResolveOverride[] = (args.lists.get('resolve') ?? []).flatMap((text) => {
    const parsed = parseResolveList(text);
    if ('problem' in parsed) throw new UsageError(parsed.problem);
    return parsed;
  });
  const extraCa = (args.lists.get('ca') ?? []).map((path) => readCa(io, path));
  const credentials = credentialsFromEnvironment(io.env);
  if (credentials && 'problem' in credentials) throw new UsageError(credentials.problem);

  const file = args.positionals[0];
  const text = readManifest(io, file);
  const prepared = planConnectivityTest(text, file, { pacUrl: args.values.get('pac-url') });
  if (!prepared.ok) {
    io.stderr(`atp-proxy test: ${prepared.reason}${prepared.syntax ? ` (run "atp-proxy validate ${file}")` : ''}.\n`);
    return EXIT_USAGE;
  }
  const { plan } = prepared;
  // --pac-url is the user's own choice (consent); a manifest's PAC URL pointing at this machine is not.
  const local = plan.routing.mode === 'pac' && !args.values.has('pac-url') ? localAddressKind(plan.routing.url) : undefined;
  if (plan.routing.mode === 'pac' && local) {
    io.stderr(`atp-proxy test: ${localPacUrlWarning(plan.routing.url, local)} To fetch it anyway, give it with --pac-url ${plan.routing.url}.
`);
    return EXIT_USAGE;
  }
  const report = await runConnectivityTest(plan, {
    timeoutMs,
    concurrency,
    extraCa,
    resolve,
    credentials: credentials ? scopedProvider([credentials]) : undefined,
  });
  const summary = summarize(report);
  io.stdout(format === 'json' ? reportJson(report, file, summary) : reportText(report, file, summary));
  const asked = [...new Set(report.results.filter((r) => r.status === 'proxy-auth').map((r) => r.via))];
  if (asked.length > 0 && credentials === undefined) {
    io.stderr(`atp-proxy test: the proxy asks for credentials; set ${CREDENTIALS_VARIABLE}=${CREDENTIALS_FORM} to test with them.\n`);
  } else if (credentials !== undefined && asked.some((via) => via.toLowerCase() !== proxyKey(credentials.proxy))) {
    io.stderr(
      `atp-proxy test: ${CREDENTIALS_VARIABLE} is for the proxy ${proxyKey(credentials.proxy)}, not for ${asked.join(', ')} that asked: credentials go only to the proxy they are given for.\n`,
    );
  }
  return summary.passed ? EXIT_OK : EXIT_FAILED;
}
