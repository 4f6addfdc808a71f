// The limits of PAC evaluation, and how a stop by them is worded (shared by the host and the worker thread).

/** CPU time one FindProxyForURL call (or the script's top level) may take before it is interrupted. */
export const PAC_EVALUATION_LIMIT_MS = 2000;
/** Memory the QuickJS runtime of one PAC file may allocate; beyond it an allocation fails inside the sandbox. */
export const PAC_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

/** A sentence for an evaluation error ("interrupted" names the limit). */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message === 'interrupted' ? `it ran longer than ${PAC_EVALUATION_LIMIT_MS} ms` : error.message;
  }
  return String(error);
}
