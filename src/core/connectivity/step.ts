import { Verdict } from './result';

/** The outcome of one network step: a value, a failure verdict, or the deadline/cancellation. */
export type Step<T> = { ok: true; value: T } | { ok: false; verdict: Verdict } | { ok: false; aborted: true };

/**
 * Runs a callback-style network step until it settles or the signal aborts, whichever comes
 * first; the caller destroys the sockets, so an aborted step needs no cleanup of its own.
 */
export function runStep<T>(signal: AbortSignal, start: (settle: (step: Step<T>) => void) => void): Promise<Step<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const onAbort = (): void => settle({ ok: false, aborted: true });
    function settle(step: Step<T>): void {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(step);
    }
    if (signal.aborted) {
      settle({ ok: false, aborted: true });
      return;
    }
    signal.addEventListener('abort', onAbort);
    try {
      start(settle);
    } catch (error) {
      settle({ ok: false, verdict: { status: 'refused', detail: error instanceof Error ? error.message : String(error) } });
    }
  });
}
