// Writing local files without being redirected: a name in a repository can be a symbolic or hard link to a
// file elsewhere (~/.bashrc), so what is there is checked by the file system itself, not beforehand.
import { constants, promises as fs } from 'fs';
import type { EntryKind } from './host';

/** What is at `file`, without following a symbolic link; undefined when nothing is there. */
export async function localKind(file: string): Promise<EntryKind | undefined> {
  try {
    const stat = await fs.lstat(file);
    return stat.isSymbolicLink() ? 'symlink' : stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

// Not defined on Windows, where the lstat before opening is the check.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Writes `data` to `file`. `create`: O_CREAT|O_EXCL, so anything already there (a file, a link, even a dangling
 * one) makes it fail. `replace`: only a regular file with one link, opened without following a link and checked
 * on the open handle before it is truncated.
 */
export async function writeLocalFile(file: string, data: Uint8Array, mode: 'create' | 'replace'): Promise<void> {
  if (mode === 'create') {
    await fs.writeFile(file, data, { flag: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL });
    return;
  }
  if ((await localKind(file)) !== 'file') throw new Error(`${file} is not a regular file: not replaced`);
  const handle = await fs.open(file, constants.O_WRONLY | NO_FOLLOW);
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.nlink !== 1) throw new Error(`${file} is ${stat.isFile() ? 'a hard link to another file' : 'not a regular file'}: not replaced`);
    await handle.truncate(0);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}
