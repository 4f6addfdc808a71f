import { newQuickJSWASMModule, QuickJSContext, QuickJSWASMModule } from '@tootallnate/quickjs-emscripten';
import { createPacResolver, sandbox } from 'pac-resolver';
import { describeError, PAC_EVALUATION_LIMIT_MS, PAC_MEMORY_LIMIT_BYTES } from './pacLimits';
import { Resolver } from './resolve';

// Runs inside the PAC worker thread (pacWorker.ts): QuickJS's interrupt handler stops loops, but not its regular
// expression engine, so the thread that runs this is the one the host terminates at the limit.

/** A compiled PAC file, or why it does not compile. */
export type SandboxScript = { findProxy: (url: string, host: string) => Promise<string> } | { problem: string };

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
export async function compileInSandbox(text: string, resolver: Resolver): Promise<SandboxScript> {
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
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      // Past the limit, whatever the interrupted script threw (QuickJS may surface it as "not a function") is the limit.
      (error: unknown) => {
        clearTimeout(timer);
        // QuickJS rejects with its own error objects (name, message, stack of the sandbox): passed on as they are.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(Date.now() > deadline.at ? new Error('interrupted') : error);
      },
    );
  });
}
