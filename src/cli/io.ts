import * as fs from 'fs';
import type { FileKind } from '../core/manifest/limits';
import { FIRST_NODE_WITH_MAGLEV, preferShortRun } from './shortRun';

/** What a CLI command may touch: injected so commands are tested without a process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Buffer;
  writeFile(path: string, data: string | Buffer): void;
  /** Moves a file over another (same folder), so that a reader sees the old file or the whole new one. */
  rename?(from: string, to: string): void;
  /** Size in bytes without reading the file (so an oversized file is refused before it is loaded). */
  fileSize?(path: string): number;
  /** What the path is (following links), so a FIFO or device is refused before a read that would block. */
  fileKind?(path: string): FileKind;
  /** A folder's entries (links followed to files; a link to a folder is 'other', so walks cannot loop). */
  readDir?(path: string): { name: string; kind: FileKind }[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Told the size of the manifests a command is about to read: the real process tunes V8 for a short run (see shortRun.ts). */
  shortRun?(bytes: number): void;
}

/** Whether stdout is a pipe or a file (not a terminal, a socket or a closed descriptor). */
function stdoutIsPipeOrFile(): boolean {
  try {
    const stat = fs.fstatSync(1);
    return stat.isFIFO() || stat.isFile();
  } catch {
    return false;
  }
}

/** Whether stdout is written to its descriptor; decided on the first write. */
let stdoutDirect: boolean | undefined;
/** Set when the reader of stdout has gone (`atp-proxy … | head`): what is left is dropped, as other tools do. */
let readerGone = false;

function isReaderGone(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** `process.stdout` with a listener that turns EPIPE into silence; any other error stays an error. */
function stdoutStream(): NodeJS.WriteStream {
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (error) => {
      if (!isReaderGone(error)) throw error;
      readerGone = true;
    });
  }
  return process.stdout;
}

/**
 * Writes to stdout. A pipe or a file gets the text by synchronous writes to the descriptor: `process.stdout` builds a
 * stream on first use (the net and stream modules, ~5 ms of a pipeline's cold `validate`, which writes once). A
 * terminal, and a write the descriptor does not take (a non-blocking pipe that is full), go through `process.stdout`
 * as before, and so does every write after that one, which keeps the order. A reader that has gone (EPIPE) ends the
 * output quietly instead of with a stack trace; the exit code stays the command's.
 */
function writeStdout(text: string): void {
  if (readerGone) return;
  stdoutDirect ??= stdoutIsPipeOrFile();
  if (!stdoutDirect) {
    stdoutStream().write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(1, bytes, written);
  } catch (error) {
    if (isReaderGone(error)) {
      readerGone = true;
      return;
    }
    stdoutDirect = false;
    stdoutStream().write(bytes.subarray(written));
  }
}

/** The real process. */
export const processIO: CliIO = {
  stdout: writeStdout,
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => fs.readFileSync(path),
  writeFile: (path, data) => fs.writeFileSync(path, data),
  rename: (from, to) => fs.renameSync(from, to),
  fileSize: (path) => fs.statSync(path).size,
  fileKind: (path) => {
    const stat = fs.statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  },
  readDir: (path) =>
    fs.readdirSync(path, { withFileTypes: true }).map((entry) => {
      if (entry.isSymbolicLink()) {
        let target: fs.Stats | undefined;
        try {
          target = fs.statSync(`${path}/${entry.name}`);
        } catch {
          target = undefined; // a dangling link
        }
        return { name: entry.name, kind: target?.isFile() ? 'file' : 'other' };
      }
      return { name: entry.name, kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other' };
    }),
  env: process.env,
  platform: process.platform,
  // Only where it can help: without Maglev (Node 20) a run keeps Turbofan, and its files need no stat for it.
  shortRun:
    Number(process.versions.node.split('.')[0]) >= FIRST_NODE_WITH_MAGLEV
      ? (bytes) => {
          preferShortRun(bytes);
        }
      : undefined,
};

/** Exit codes of every command (SPEC section 6). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
