import type { CliIO } from './io';

/**
 * Up to this much input in all, a one-shot run ends sooner without V8's optimizing compiler (Turbofan). Measured on
 * Node 24 (`validate --format json`, medians of 9 alternating runs, BENCHMARKS.md "Cold start, fourth pass"): 0.4 MB
 * -10 %, 0.8 MB -11 %, 1.6 MB -7 %, 2.5 MB -5 %; 3.3 MB +4 %, 4.9 MB +10 %, 9.8 MB +17 %.
 */
export const SHORT_RUN_MAX_BYTES = 3 * 1024 * 1024;

/**
 * Below this much input Turbofan hardly starts, and the `v8` module that turns it off costs ~4 ms to load (it pulls in
 * Node's streams): 25-207 KB showed no difference either way (11 alternating runs).
 */
export const SHORT_RUN_MIN_BYTES = 256 * 1024;

/** Maglev, the mid-tier compiler that is left when Turbofan is off, is on by default from Node 22 (V8 12). */
export const FIRST_NODE_WITH_MAGLEV = 22;

/**
 * Whether a run over `bytes` of manifests is short enough to go without Turbofan: its compile jobs (~10 ms each for
 * the parser's and the rules' loops, with their memory) finish when most of the input is read, so they cost more
 * than their code saves. Without Maglev (Node 20) the code would stay in the baseline tier, which is slower.
 */
export function isShortRun(bytes: number, nodeMajor: number): boolean {
  return nodeMajor >= FIRST_NODE_WITH_MAGLEV && bytes >= SHORT_RUN_MIN_BYTES && bytes <= SHORT_RUN_MAX_BYTES;
}

/**
 * V8's setFlagsFromString, with the `v8` module loaded only now (not by every command at start).
 * `process.getBuiltinModule` came with Node 22.3: on 22.0-22.2 the run keeps Turbofan.
 */
function setV8Flags(flags: string): void {
  (process as { getBuiltinModule?: (id: 'v8') => typeof import('v8') }).getBuiltinModule?.('v8').setFlagsFromString(flags);
}

/** The real process's `CliIO.shortRun`: Turbofan off for the rest of the process when the run is short. */
export function preferShortRun(bytes: number, nodeMajor = Number(process.versions.node.split('.')[0]), setFlags = setV8Flags): boolean {
  if (!isShortRun(bytes, nodeMajor)) return false;
  setFlags('--no-opt');
  return true;
}

/**
 * Tells the process how much the files about to be read weigh (before they are parsed), so a short run can tune V8
 * for it (`CliIO.shortRun`; test IOs and Nodes without Maglev have none). A size that cannot be read counts as nothing:
 * the read reports it. Past `SHORT_RUN_MAX_BYTES` the answer is known, so the other files are not asked for their size.
 */
export function announceInput(io: CliIO, files: readonly string[]): void {
  if (!io.shortRun) return;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += io.fileSize?.(file) ?? 0;
    } catch {
      // reported by the read
    }
    if (bytes > SHORT_RUN_MAX_BYTES) break;
  }
  io.shortRun(bytes);
}
