import * as http from 'http';
import * as https from 'https';
import { newQuickJSWASMModule, QuickJSContext, QuickJSWASMModule } from '@tootallnate/quickjs-emscripten';
import { createPacResolver, sandbox } from 'pac-resolver';
import { parsePacAnswer } from './pacResult';
import type { PlannedEndpoint } from './testPlan';
import { Resolver } from './resolve';
import { DIRECT_HOP, Route, viaOf } from './route';
import { runStep } from './step';

/** CPU time one FindProxyForURL call (or the script's top level) may take before it is interrupted. */
export const PAC_EVALUATION_LIMIT_MS = 2000;
/** Memory the QuickJS runtime of one PAC file may allocate; beyond it an allocation fails inside the sandbox. */
export const PAC_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
// A PAC file is a few kilobytes; anything this large is not one.
const PAC_MAX_BYTES = 1024 * 1024;

/** A PAC file ready to answer FindProxyForURL, or why it cannot. */
export type PacScript = { findProxy: (url: string, host: string) => Promise<string> } | { problem: string };

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
 * A QuickJS module whose contexts stop any script that runs longer than the limit (a PAC file
 * with an endless loop must not hang the test); a fresh module per run so that its memory goes
 * with it.
 */
function limitedModule(qjs: QuickJSWASMModule, deadline: { at: number }): QuickJSWASMModule {
  const newContext = (): QuickJSContext => {
    const runtime = qjs.newRuntime();
    runtime.setInterruptHandler(() => Date.now() > deadline.at);
    runtime.setMemoryLimit(PAC_MEMORY_LIMIT_BYTES);
    return runtime.newContext();
  };
  return Object.assign(Object.create(qjs) as QuickJSWASMModule, { newContext });
}

function asyncFunction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  // pac-resolver awaits sandbox functions it recognises as async; the flag survives bundling.
  return Object.assign(fn, { async: true });
}

/** Compiles a PAC script in a QuickJS sandbox; its DNS functions honour the --resolve overrides. */
export async function compilePac(text: string, resolver: Resolver): Promise<PacScript> {
  const deadline = { at: Date.now() + PAC_EVALUATION_LIMIT_MS };
  const qjs = limitedModule(await newQuickJSWASMModule(), deadline);
  const overridden = (host: string): string => resolver.override(String(host)) ?? String(host);
  const overrides = {
    // alert() would print to stdout and corrupt JSON output.
    alert: () => undefined,
    dnsResolve: asyncFunction(async (host: string) => resolver.override(String(host)) ?? sandbox.dnsResolve(host)),
    isResolvable: asyncFunction(async (host: string) => resolver.override(String(host)) !== undefined || sandbox.isResolvable(host)),
    isInNet: asyncFunction(async (host: string, pattern: string, mask: string) => sandbox.isInNet(overridden(host), pattern, mask)),
  };
  try {
    const resolve = createPacResolver(qjs, text, { sandbox: overrides });
    return {
      findProxy: (url, host) => {
        deadline.at = Date.now() + PAC_EVALUATION_LIMIT_MS;
        return withinLimit(resolve(url, host), deadline);
      },
    };
  } catch (error) {
    return { problem: `the PAC script does not compile (${describeError(error)})` };
  }
}

/**
 * The answer, or an "interrupted" error once the limit has passed. QuickJS's interrupt stops a loop of awaited
 * sandbox calls (isResolvable, dnsResolve) too, but then the async FindProxyForURL never settles: without this
 * the evaluation would wait for the run's deadline and every endpoint would be reported as a timeout.
 */
function withinLimit(answer: Promise<string>, deadline: { at: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('interrupted')), PAC_EVALUATION_LIMIT_MS + 250);
    timer.unref();
    answer.then(
      (value) => { clearTimeout(timer); resolve(value); },
      // Past the limit, whatever the interrupted script threw (QuickJS may surface it as "not a function") is the limit.
      (error: unknown) => { clearTimeout(timer); reject(Date.now() > deadline.at ? new Error('interrupted') : error); },
    );
  });
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message === 'interrupted' ? `it ran longer than ${PAC_EVALUATION_LIMIT_MS} ms` : error.message;
  }
  return String(error);
}

/** The route a PAC script gives an endpoint; when the script fails, WinINET (and so this test) connects directly. */
export async function pacRoute(script: PacScript, url: string, endpoint: PlannedEndpoint, signal: AbortSignal): Promise<Route> {
  if ('problem' in script) {
    return { hops: [DIRECT_HOP], reason: `The PAC file ${url} cannot be used (${script.problem}); WinINET then connects directly, so this is the direct result. Fix the PAC file.` };
  }
  const target = endpoint.port === 443 ? `https://${endpoint.host}/` : `https://${endpoint.host}:${endpoint.port}/`;
  const answer = await runStep<string>(signal, (settle) => {
    script.findProxy(target, endpoint.host).then(
      (value) => settle({ ok: true, value: String(value) }),
      (error: unknown) => settle({ ok: false, verdict: { status: 'http', detail: describeError(error) } }),
    );
  });
  if (!answer.ok) {
    const why = 'verdict' in answer ? answer.verdict.detail : 'no answer before the deadline';
    return { hops: [DIRECT_HOP], reason: `FindProxyForURL("${target}") failed in ${url} (${why}); WinINET then connects directly, so this is the direct result. Fix the PAC file.` };
  }
  const parsed = parsePacAnswer(answer.value);
  const ignored = parsed.ignored.length > 0 ? ` Ignored (not usable by WinINET for this test): ${parsed.ignored.join('; ')}.` : '';
  if (parsed.hops.length === 0) {
    return { hops: [], reason: `The PAC file ${url} answered "${answer.value}" for ${endpoint.host}: no PROXY or DIRECT entry the sensor can use.${ignored}` };
  }
  return { hops: parsed.hops, reason: `PAC ${url} answered "${answer.value.trim()}" (${parsed.hops.map(viaOf).join(' → ')}).${ignored}` };
}
