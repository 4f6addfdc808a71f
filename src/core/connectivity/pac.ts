import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { describeError, PAC_EVALUATION_LIMIT_MS } from './pacLimits';
import type { PacQuestion, PacWorkerData, PacWorkerMessage } from './pacProtocol';
import { parsePacAnswer } from './pacResult';
import type { PlannedEndpoint } from './testPlan';
import { Resolver } from './resolve';
import { DIRECT_HOP, Route, viaOf } from './route';
import { formatProxy, ProxyAddress } from './serverString';
import { runStep } from './step';

export { PAC_EVALUATION_LIMIT_MS, PAC_MEMORY_LIMIT_BYTES } from './pacLimits';

// A PAC file is a few kilobytes; anything this large is not one.
const PAC_MAX_BYTES = 1024 * 1024;
/**
 * How long past the limit the host waits for an answer before it terminates the worker. QuickJS's interrupt
 * handler stops loops at the limit itself; only what it cannot interrupt (its regular expression engine) gets here.
 */
const WORKER_GRACE_MS = 500;
/** Loading the worker's bundle and QuickJS, before the limit starts: generous, it is not the script's time. */
const WORKER_START_MS = 10_000;
/** The worker's file, beside this module: out/ for the tests, dist/ for the bundles (webpack.config.js builds it). */
const WORKER_FILE = path.join(__dirname, 'pacWorker.js');

/** A PAC file ready to answer FindProxyForURL (close() ends its worker thread), or why it cannot. */
export type PacScript = { findProxy: (url: string, host: string) => Promise<string>; close: () => Promise<void> } | { problem: string };

/** Fetches a PAC file over http(s), with the DNS overrides and the trusted roots of the run. */
export function fetchPac(url: string, resolver: Resolver, ca: string[], signal: AbortSignal): Promise<{ text: string } | { problem: string }> {
  return runStep<string>(signal, (settle) => {
    const parsed = new URL(url);
    const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
    const options = { lookup: resolver.lookupFor(port), headers: { 'User-Agent': 'atp-proxy-connectivity-test' } };
    const onResponse = (response: http.IncomingMessage): void => {
      if (response.statusCode !== 200) {
        response.resume();
        settle({ ok: false, verdict: { status: 'http', detail: `the server answered "${response.statusCode} ${response.statusMessage ?? ''}"` } });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > PAC_MAX_BYTES) {
          request.destroy();
          settle({ ok: false, verdict: { status: 'http', detail: 'the file is larger than 1 MB' } });
        } else chunks.push(chunk);
      });
      response.once('end', () => settle({ ok: true, value: Buffer.concat(chunks).toString('utf8') }));
      response.once('error', (error) => settle({ ok: false, verdict: { status: 'http', detail: error.message } }));
    };
    const request = parsed.protocol === 'https:' ? https.get(url, { ...options, ca }, onResponse) : http.get(url, options, onResponse);
    request.once('error', (error: NodeJS.ErrnoException) => settle({ ok: false, verdict: { status: 'refused', detail: error.code ?? error.message } }));
    signal.addEventListener('abort', () => request.destroy(), { once: true });
  }).then((step) => {
    if (step.ok) return { text: step.value };
    return { problem: 'verdict' in step ? step.verdict.detail : 'no answer before the deadline' };
  });
}

/**
 * A PAC file evaluated in a worker thread: the event loop of the CLI or the extension host never runs the script,
 * and a call that does not answer within the limit terminates the thread (the next call starts a fresh one).
 */
class WorkerScript {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (message: Extract<PacWorkerMessage, { id: number }> | { kind: 'gone'; error: string }) => void>();

  constructor(
    private readonly data: PacWorkerData,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts a worker and waits until it has compiled the script; the problem when it cannot. */
  start(): Promise<string | undefined> {
    return new Promise((resolve) => {
      if (this.signal.aborted) {
        resolve('no answer before the deadline');
        return;
      }
      const worker = new Worker(WORKER_FILE, { workerData: this.data, env: {}, resourceLimits: { maxOldGenerationSizeMb: 128 } });
      this.worker = worker;
      let settled = false;
      const settle = (problem: string | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onAbort);
        if (problem !== undefined) void this.stop(worker);
        resolve(problem);
      };
      const onAbort = (): void => settle('no answer before the deadline');
      this.signal.addEventListener('abort', onAbort, { once: true });
      let timer = setTimeout(() => settle('the PAC evaluator did not start'), WORKER_START_MS);
      worker.on('message', (message: PacWorkerMessage) => {
        if (message.kind === 'started') {
          clearTimeout(timer);
          timer = setTimeout(
            () => settle(`the PAC script does not compile (${describeError(new Error('interrupted'))})`),
            PAC_EVALUATION_LIMIT_MS + WORKER_GRACE_MS,
          );
        } else if (message.kind === 'compiled') settle(undefined);
        else if (message.kind === 'problem') settle(message.problem);
        else this.pending.get(message.id)?.(message);
      });
      worker.once('error', (error) => settle(`the PAC evaluator failed (${error.message})`));
      worker.once('exit', () => {
        settle('the PAC evaluator stopped');
        if (this.worker === worker) this.worker = undefined;
        for (const answer of [...this.pending.values()]) answer({ kind: 'gone', error: 'the PAC evaluator stopped' });
      });
      // An idle worker does not keep the process alive (after the listeners: a 'message' listener refs the port);
      // the timers above do while an answer is awaited.
      worker.unref();
    });
  }

  /** FindProxyForURL(url, host), or an "interrupted" error once the limit has passed. */
  async findProxy(url: string, host: string): Promise<string> {
    if (!this.worker) {
      const problem = await this.start();
      if (problem !== undefined) throw new Error(problem);
    }
    const worker = this.worker;
    if (!worker) throw new Error('the PAC evaluator stopped');
    const id = ++this.nextId;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        void this.stop(worker);
        reject(new Error('interrupted'));
      }, PAC_EVALUATION_LIMIT_MS + WORKER_GRACE_MS);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (message.kind === 'answer') resolve(message.answer);
        else reject(new Error(message.error));
      });
      const question: PacQuestion = { id, url, host };
      worker.postMessage(question);
    });
  }

  /** Ends the worker thread (also in the middle of an evaluation); resolves when it has stopped. */
  async close(): Promise<void> {
    if (this.worker) await this.stop(this.worker);
  }

  private async stop(worker: Worker): Promise<void> {
    if (this.worker === worker) this.worker = undefined;
    await worker.terminate();
  }
}

/** Compiles a PAC script in a QuickJS sandbox in a worker thread; its DNS functions honour the --resolve overrides. */
export async function compilePac(text: string, resolver: Resolver, signal: AbortSignal = new AbortController().signal): Promise<PacScript> {
  const script = new WorkerScript({ text, overrides: [...resolver.overrides] }, signal);
  const problem = await script.start();
  if (problem !== undefined) return { problem };
  return { findProxy: (url, host) => script.findProxy(url, host), close: () => script.close() };
}

/** The route of an endpoint the PAC file had not been asked about when the run's deadline came. */
export function unevaluatedRoute(url: string): Route {
  return {
    hops: [],
    reason: `The PAC file ${url} had not answered for this endpoint by then (it takes too long: a PAC file must answer in milliseconds); fix the PAC file.`,
  };
}

/** A note when a PAC answer names a proxy that is not the manifest's server: nobody confirmed that one. */
function unconfirmedNote(hops: Route['hops'], manifestProxy: ProxyAddress | undefined): string {
  const expected = manifestProxy && formatProxy(manifestProxy).toLowerCase();
  const others = hops.filter((h) => h.kind === 'proxy' && viaOf(h).toLowerCase() !== expected).map(viaOf);
  if (others.length === 0) return '';
  const which = expected
    ? `which is not the manifest's proxy server (${formatProxy(manifestProxy)})`
    : 'and the manifest names no proxy server to compare with';
  return ` The PAC file chose the proxy ${others.join(', ')}, ${which}: make sure it is your organisation's proxy. Stored credentials are sent only to the proxy they were stored for.`;
}

/** The route a PAC script gives an endpoint; when the script fails, WinINET (and so this test) connects directly. */
export async function pacRoute(script: PacScript, url: string, endpoint: PlannedEndpoint, signal: AbortSignal, manifestProxy?: ProxyAddress): Promise<Route> {
  if ('problem' in script) {
    return {
      hops: [DIRECT_HOP],
      reason: `The PAC file ${url} cannot be used (${script.problem}); WinINET then connects directly, so this is the direct result. Fix the PAC file.`,
    };
  }
  // PAC decides per URL: a revocation list is asked about with the http:// URL the GET fetches.
  const target = endpoint.probeUrl ?? (endpoint.port === 443 ? `https://${endpoint.host}/` : `https://${endpoint.host}:${endpoint.port}/`);
  const answer = await runStep<string>(signal, (settle) => {
    script.findProxy(target, endpoint.host).then(
      (value) => settle({ ok: true, value: String(value) }),
      (error: unknown) => settle({ ok: false, verdict: { status: 'http', detail: describeError(error) } }),
    );
  });
  if (!answer.ok && !('verdict' in answer)) {
    return {
      hops: [],
      reason: `The PAC file ${url} was still evaluating FindProxyForURL("${target}") when the deadline came (it takes too long: a PAC file must answer in milliseconds); fix the PAC file.`,
    };
  }
  if (!answer.ok) {
    const why = 'verdict' in answer ? answer.verdict.detail : 'no answer before the deadline';
    return {
      hops: [DIRECT_HOP],
      reason: `FindProxyForURL("${target}") failed in ${url} (${why}); WinINET then connects directly, so this is the direct result. Fix the PAC file.`,
    };
  }
  const parsed = parsePacAnswer(answer.value);
  const ignored = parsed.ignored.length > 0 ? ` Ignored (not usable by WinINET for this test): ${parsed.ignored.join('; ')}.` : '';
  if (parsed.hops.length === 0) {
    return { hops: [], reason: `The PAC file ${url} answered "${answer.value}" for ${endpoint.host}: no PROXY or DIRECT entry the sensor can use.${ignored}` };
  }
  return {
    hops: parsed.hops,
    reason: `PAC ${url} answered "${answer.value.trim()}" (${parsed.hops.map(viaOf).join(' → ')}).${ignored}${unconfirmedNote(parsed.hops, manifestProxy)}`,
  };
}
