import { setMaxListeners } from 'events';
import * as tls from 'tls';
import { CredentialsProvider } from './credentials';
import type { PacScript } from './pac';
import { PlannedEndpoint, TestPlan, UntestedEntry } from './testPlan';
import { mapWithLimit } from './pool';
import { ProbeContext, probeEndpoint } from './probe';
import { Resolver, ResolveOverride } from './resolve';
import { DIRECT, ProbeResult, resultIdentity } from './result';
import { DIRECT_HOP, Route, viaOf } from './route';
import { staticRoute } from './staticRoute';
import { deadlineVerdict } from './verdict';

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Probes in flight at once. A plan needs at most 8 endpoints (three regional, the instance's two, the three
 * revocation hosts), and an administrator expects the test to take as long as the slowest of them, so every
 * endpoint starts at once. 32 is what browsers allow towards one proxy server (Chromium's sockets per proxy),
 * so a proxy that serves browsers tolerates it; `--concurrency` lowers it for a proxy that does not.
 */
export const DEFAULT_CONCURRENCY = 32;

/** How to run a connectivity test. */
export interface ConnectivityOptions {
  /** One deadline for the whole run; endpoints still open then are `timeout`. */
  timeoutMs?: number;
  concurrency?: number;
  /** Extra trusted roots (PEM text), added to the system roots. */
  extraCa?: string[];
  resolve?: ResolveOverride[];
  credentials?: CredentialsProvider;
  /** Cancels the run (the VS Code command's cancel button). */
  signal?: AbortSignal;
  /** Called as each endpoint's verdict arrives (progress, tree items). */
  onResult?: (result: ProbeResult) => void;
  /** Replaces the probe of one endpoint (unit tests of the scheduling). */
  probe?: (endpoint: PlannedEndpoint, route: Route, context: ProbeContext) => Promise<ProbeResult>;
}

/** The results of a run, in plan order. */
export interface ConnectivityReport {
  results: ProbeResult[];
  /** Needed entries the test could not reach (the plan's), with why. */
  untested?: UntestedEntry[];
  cancelled: boolean;
  /** Wall time of the whole run. */
  ms: number;
}

/** Decides every endpoint's route: fixed for direct/static, from the PAC file (fetched once) for pac/wpad. */
async function routes(plan: TestPlan, resolver: Resolver, ca: string[], signal: AbortSignal): Promise<Route[]> {
  const routing = plan.routing;
  if (routing.mode === 'direct') return plan.endpoints.map(() => ({ hops: [DIRECT_HOP], reason: routing.reason }));
  if (routing.mode === 'static') return plan.endpoints.map((endpoint) => staticRoute(routing, endpoint));
  // Loaded only for PAC/WPAD plans: pac-resolver's JavaScript parser and QuickJS take ~50 ms to load (bundled), a
  // sixth of a static-proxy `atp-proxy test`.
  const { compilePac, fetchPac, pacRoute, unevaluatedRoute } = await import('./pac');
  const fetched = await fetchPac(routing.url, resolver, ca, signal);
  const script: PacScript = 'problem' in fetched ? { problem: `cannot fetch it: ${fetched.problem}` } : await compilePac(fetched.text, resolver, signal);
  const result: Route[] = [];
  try {
    // One worker thread: calls go one at a time, and none starts after the deadline.
    for (const endpoint of plan.endpoints) {
      result.push(signal.aborted ? unevaluatedRoute(routing.url) : await pacRoute(script, routing.url, endpoint, signal, routing.manifestProxy));
    }
  } finally {
    // Not awaited: the thread may be deep in a regular expression; the results need not wait for it to stop.
    if ('close' in script) void script.close();
  }
  return result;
}

/**
 * A TLS context trusting the system roots and the extra ones. Not `ca: [...tls.rootCertificates, ...extra]`: that
 * parses the ~140 bundled roots from PEM on every run (45 ms of a 30-endpoint run's CPU); Node parses its root store
 * once per process, and `addCACert` on a context without `ca` adds to a copy of it (what VS Code's own proxy support
 * does for the OS certificates). Falls back to the `ca` list where that internal method is missing.
 */
function trustedContext(extraCa: string[]): tls.SecureContext {
  if (extraCa.length === 0) return tls.createSecureContext();
  const context = tls.createSecureContext();
  const native = context.context as { addCACert?: (pem: string) => void } | undefined;
  if (typeof native?.addCACert !== 'function') return tls.createSecureContext({ ca: [...tls.rootCertificates, ...extraCa] });
  for (const pem of extraCa) native.addCACert(pem);
  return context;
}

/** Runs the connectivity test of a plan: every endpoint in parallel (bounded), one deadline, cancellable. */
export async function runConnectivityTest(plan: TestPlan, options: ConnectivityOptions = {}): Promise<ConnectivityReport> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // Each probe in flight listens for the deadline on this signal (one listener per network step, removed when the
  // step settles), so up to `concurrency` listeners are legitimate: raise Node's leak warning threshold to that
  // bound (default 10, which printed MaxListenersExceededWarning for 11+ endpoints) instead of silencing it.
  setMaxListeners(Math.max(10, Math.min(concurrency, plan.endpoints.length) + 1), controller.signal);
  let cancelled = false;
  const onCancel = (): void => {
    cancelled = true;
    controller.abort();
  };
  if (options.signal?.aborted) onCancel();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const resolver = new Resolver(options.resolve);
  const ca = [...tls.rootCertificates, ...(options.extraCa ?? [])];
  const context: ProbeContext = {
    resolver,
    secureContext: trustedContext(options.extraCa ?? []),
    credentials: options.credentials,
    signal: controller.signal,
    timeoutMs,
    isCancelled: () => cancelled,
  };
  const probe = options.probe ?? probeEndpoint;
  try {
    const planned = await routes(plan, resolver, ca, controller.signal);
    const results = await mapWithLimit(plan.endpoints, concurrency, async (endpoint, index) => {
      const route = planned[index];
      const result: ProbeResult = controller.signal.aborted
        ? {
            ...resultIdentity(endpoint),
            status: 'timeout',
            ms: Date.now() - started,
            via: route.hops.length > 0 ? viaOf(route.hops[0]) : DIRECT,
            issuer: '',
            detail: [deadlineVerdict('queued', undefined, timeoutMs, cancelled).detail, route.reason].filter((s) => s).join(' '),
          }
        : await probe(endpoint, route, context);
      options.onResult?.(result);
      return result;
    });
    return { results, ...(plan.untested?.length ? { untested: plan.untested } : {}), cancelled, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}
