import type { ConnectivityReport, ProbeResult, ProxyAddress } from '../../core/connectivity';
import { credentialsFromEnvironment, scopedProvider } from '../../core/connectivity/credentials';
import type { CaFileReader } from '../connectivity/caFiles';
import { LEGACY_CREDENTIALS_SECRET, storedCredentials } from '../connectivity/credentialStore';
import { resolveOverrides } from '../connectivity/labResolve';
import type { ReportActions } from '../connectivity/reportActions';
import type { ResultStore } from '../connectivity/resultStore';
import type { ExtensionHost } from '../host';
import type { ManifestList } from '../views/manifestList';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError, manifestFor } from './manifestTarget';
import { localAddressKind, localPacUrlWarning } from '../../core/connectivity/localAddress';

/** Why test and apply refuse in Restricted Mode. */
const RESTRICTED_TEST =
  'Connectivity tests open network connections, so they are disabled in Restricted Mode. Trust this workspace (Manage Workspace Trust) to run them; validation and quick fixes keep working meanwhile.';

/** The button that consents to fetching a PAC file from a loopback or link-local address. */
export const FETCH_LOCAL_PAC = 'Fetch PAC File';

/** What the connectivity commands use. */
export type ConnectivityDeps = Pick<ExtensionHost, 'ui' | 'files' | 'progress' | 'configuration' | 'secrets' | 'environment' | 'log' | 'documents'> & {
  manifests: Pick<ManifestList, 'list'>;
  results: ResultStore;
  reports: Pick<ReportActions, 'show' | 'save'>;
  caFiles: Pick<CaFileReader, 'read'>;
};

/** The allow entry a result is about: what the view and the report key it by. */
function keyOf(r: { host: string; entry?: string }): string {
  return r.entry ?? r.host;
}

function logLine(r: ProbeResult): string {
  return `${r.status.padEnd(12)} ${r.url ?? `${r.host}:${r.port}`} ${r.ms} ms via ${r.via}${r.issuer ? ` (issuer ${r.issuer})` : ''}: ${r.detail}`;
}

function folderPath(uri: string | undefined): string | undefined {
  if (!uri?.startsWith('file:')) return undefined;
  return decodeURIComponent(new URL(uri).pathname);
}

/**
 * `atpProxy.testConnectivity`: probes every endpoint the manifest needs through its proxy (or the one
 * endpoint of the tree row), with a cancellable progress notification; verdicts go to the tree as they
 * arrive, to the log, and into a report that "Show/Save Connectivity Report" open.
 */
export class TestConnectivityCommand implements Command {
  readonly id: string = 'atpProxy.testConnectivity';
  constructor(protected readonly deps: ConnectivityDeps) {}

  /** Resolves to the report (undefined when the user cancelled a question). */
  async execute(target: CommandTarget, endpoint?: unknown): Promise<ConnectivityReport> {
    const host = typeof endpoint === 'string' ? endpoint : target?.node?.kind === 'endpoint' ? target.node.host : undefined;
    return this.run(target, host);
  }

  protected async run(target: CommandTarget, onlyHost: string | undefined): Promise<ConnectivityReport> {
    const { deps } = this;
    if (!deps.environment.isTrusted()) throw new UserError(RESTRICTED_TEST);
    const file = await manifestFor(target, deps.manifests, deps.ui, 'test');
    const text = await deps.files.readText(file.uri);
    const engine = await import(/* webpackChunkName: "connectivity" */ '../../core/usecases/connectivityTest');
    const pacUrl = deps.configuration.get<string>('connectivity.pacUrl', '').trim();
    const prepared = engine.planConnectivityTest(text, file.name, { pacUrl: pacUrl || undefined });
    if (!prepared.ok)
      throw new UserError(
        `${prepared.reason}${prepared.syntax ? ' (see the Problems panel).' : /wpad/.test(prepared.reason) ? ' In VS Code, set atpProxy.connectivity.pacUrl.' : '.'}`,
      );
    const { plan } = prepared;
    const local = plan.routing.mode === 'pac' ? localAddressKind(plan.routing.url) : undefined;
    if (plan.routing.mode === 'pac' && local) {
      const choice = await deps.ui.ask(
        'warning',
        localPacUrlWarning(plan.routing.url, local),
        { modal: true, detail: 'A manifest or a setting chose this URL. Fetch it only if you put a PAC file there yourself (a lab).' },
        FETCH_LOCAL_PAC,
      );
      if (choice !== FETCH_LOCAL_PAC) throw new CancelledError();
    }
    if (onlyHost !== undefined) {
      // The row's allow entry; a bare host name tests every entry of that host.
      const only = onlyHost.toLowerCase();
      const byEntry = plan.endpoints.filter((e) => keyOf(e).toLowerCase() === only);
      plan.endpoints = byEntry.length > 0 ? byEntry : plan.endpoints.filter((e) => e.host === only);
      if (plan.endpoints.length === 0) throw new UserError(`${onlyHost} is not an endpoint ${file.name} needs.`);
    }
    const timeoutMs = Math.max(1, deps.configuration.get<number>('connectivity.timeout', 10_000));
    // The user's (or remote machine's) value only: a repository must not choose which roots a test trusts.
    const extraCa = await deps.caFiles.read(deps.configuration.userValue<string[]>('connectivity.caFiles') ?? [], folderPath(deps.documents.workspaceFolder()));
    // Lab overrides (tests, development) only: an installed copy never reroutes names on an environment variable.
    const resolve = deps.environment.labOverrides ? resolveOverrides(deps.environment.env) : [];
    const fromEnv = credentialsFromEnvironment(deps.environment.env);
    if (fromEnv && 'problem' in fromEnv) throw new UserError(fromEnv.problem);
    // Asked only after a proxy's 407 offering Basic, for that proxy: what SecretStorage holds for its host:port, else
    // the environment's when it names that proxy. The values never reach the log.
    const fromEnvFor = scopedProvider(fromEnv ? [fromEnv] : []);
    const credentials = async (proxy: ProxyAddress) => (await storedCredentials(deps.secrets, proxy)) ?? fromEnvFor(proxy);
    if (await deps.secrets.get(LEGACY_CREDENTIALS_SECRET)) {
      deps.log.warn(
        'Proxy credentials stored by an earlier version are for no proxy in particular and are no longer used: run "Set Proxy Credentials" to store them for your proxy (host:port).',
      );
    }

    const hosts = plan.endpoints.map(keyOf);
    const route = plan.routing.mode === 'static' ? `through ${plan.routing.server}` : plan.routing.mode === 'pac' ? `as ${plan.routing.reason}` : 'direct';
    deps.log.info(
      `connectivity test of ${file.name}: ${hosts.length} endpoint(s) ${route}, timeout ${timeoutMs} ms${resolve.length ? `, ${resolve.length} resolve override(s)` : ''}`,
    );
    deps.results.start(file.uri, hosts);
    let report: ConnectivityReport | undefined;
    try {
      report = await deps.progress.withProgress(
        `Testing ${hosts.length === 1 ? hosts[0] : `${hosts.length} endpoints of ${file.name}`}`,
        (progress, signal) => {
          let done = 0;
          return engine.runConnectivityTest(plan, {
            timeoutMs,
            extraCa,
            resolve,
            credentials,
            signal,
            onResult: (r) => {
              done++;
              deps.results.record(file.uri, r);
              if (r.status === 'ok') deps.log.info(logLine(r));
              else deps.log.warn(logLine(r));
              progress(`${done}/${hosts.length} · ${keyOf(r)}: ${r.status}`);
            },
          });
        },
      );
    } finally {
      deps.results.finish(file.uri, report && { report: this.merged(file.uri, report, onlyHost !== undefined), name: file.name, at: new Date() });
    }
    const summary = engine.reportSummary(report);
    deps.log.info(`connectivity test of ${file.name}: ${summary}`);
    const ok = report.results.every((r) => r.status === 'ok');
    // Not awaited: the buttons stay available without holding the command open.
    void deps.ui
      .ask(ok ? 'info' : 'warning', `${file.name}: ${summary}.`, {}, 'Show Report', 'Save Report')
      .then(async (choice) => {
        if (choice === 'Show Report') await deps.reports.show(file.uri);
        if (choice === 'Save Report') await deps.reports.save(file.uri);
      })
      .catch((e: unknown) => deps.log.error(e instanceof Error ? e : String(e)));
    return report;
  }

  /** A one-endpoint run updates that row of the last full report instead of replacing it. */
  private merged(uri: string, report: ConnectivityReport, partial: boolean): ConnectivityReport {
    const previous = this.deps.results.lastReport(uri)?.report;
    if (!partial || !previous) return report;
    const fresh = new Map(report.results.map((r) => [keyOf(r), r]));
    const results = previous.results.map((r) => fresh.get(keyOf(r)) ?? r);
    for (const r of report.results) if (!results.includes(r) && !previous.results.some((p) => keyOf(p) === keyOf(r))) results.push(r);
    return { results, cancelled: report.cancelled, ms: report.ms };
  }
}

/** `atpProxy.testEndpoint` (tree only): tests the one endpoint of the row. */
export class TestEndpointCommand extends TestConnectivityCommand {
  override readonly id = 'atpProxy.testEndpoint';

  override async execute(target: CommandTarget, endpoint?: unknown): Promise<ConnectivityReport> {
    const host = typeof endpoint === 'string' ? endpoint : target?.node?.host;
    if (!host) throw new UserError('Pick an endpoint in the ATP Sensor Proxy view to test it alone.');
    return this.run(target, host);
  }
}
