// Reads the files and folders a fleet report is asked for, one file at a time, into a FleetBuilder. The file system
// is an interface so that the CLI (node fs) and the extension (its host) share the walk and its limits.
import { decodeFile } from '../text/fileEncoding';
import { MAX_RESULT_BYTES, readDocument } from './document';
import { FleetBuilder, type FleetReport } from './fleet';

/** What the walk needs of a file system; every method may throw (the error's message is reported for that path). */
export interface FleetFileSystem {
  /** 'file', 'directory' or 'other' (FIFO, device, socket), following links. */
  kind(path: string): Promise<'file' | 'directory' | 'other'>;
  size(path: string): Promise<number>;
  read(path: string): Promise<Uint8Array>;
  /** The entry names of a folder. */
  list(path: string): Promise<string[]>;
  join(folder: string, name: string): string;
}

/** Most files read from the folders given (a folder of an estate's results; more is a wrong folder). */
const MAX_FILES = 20_000;
/** How deep into sub-folders the walk goes (Ansible's fetch puts each host in its own folder). */
const MAX_FOLDER_DEPTH = 4;

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
}

/** Reads `paths` (files, or folders whose `*.json` files are read, sub-folders included) into one report. */
export async function collectFleet(fs: FleetFileSystem, paths: readonly string[], signal?: AbortSignal): Promise<FleetReport> {
  const builder = new FleetBuilder();
  let files = 0;
  const readOne = async (file: string): Promise<void> => {
    files++;
    try {
      const size = await fs.size(file);
      if (size > MAX_RESULT_BYTES) {
        builder.addProblem(
          file,
          `${(size / 1048576).toFixed(1)} MB, over the ${MAX_RESULT_BYTES / 1024} KB limit of a result file: a machine's document is a few KB, check the file`,
        );
        return;
      }
      const read = readDocument(file, decodeFile(await fs.read(file)).text);
      if ('error' in read) builder.addProblem(file, read.error);
      else builder.add(read.record);
    } catch (error) {
      builder.addProblem(file, `cannot read: ${reason(error)}`);
    }
  };
  const walk = async (folder: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = (await fs.list(folder)).sort();
    } catch (error) {
      builder.addProblem(folder, `cannot list the folder: ${reason(error)}`);
      return;
    }
    for (const name of names) {
      if (signal?.aborted || files >= MAX_FILES) return;
      const child = fs.join(folder, name);
      const kind = await fs.kind(child).catch(() => 'other' as const);
      if (kind === 'directory' && depth < MAX_FOLDER_DEPTH) await walk(child, depth + 1);
      else if (kind === 'file' && /\.json$/i.test(name)) await readOne(child);
    }
  };
  for (const path of paths) {
    if (signal?.aborted) break;
    let kind: 'file' | 'directory' | 'other';
    try {
      kind = await fs.kind(path);
    } catch (error) {
      builder.addProblem(path, `cannot read: ${reason(error)}`);
      continue;
    }
    if (kind === 'directory') await walk(path, 0);
    else if (kind === 'file') await readOne(path);
    else builder.addProblem(path, 'not a regular file (a FIFO, socket or device would block or never end): give a file or a folder');
  }
  if (files >= MAX_FILES)
    builder.addProblem(paths.join(', '), `more than ${MAX_FILES.toLocaleString('en')} files: the first ones are reported; give the folder of one estate`);
  return builder.build();
}
