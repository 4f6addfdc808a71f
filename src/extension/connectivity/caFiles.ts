import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pemProblem } from '../../core/usecases/trustedRoots';

/** Reads the PEM files of `atpProxy.connectivity.caFiles` (relative paths from the workspace folder, `~` for home). */
export async function readCaFiles(files: readonly string[], folder: string | undefined): Promise<string[]> {
  const pems: string[] = [];
  for (const file of files) {
    const expanded = file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file;
    const full = path.isAbsolute(expanded) || !folder ? expanded : path.join(folder, expanded);
    let text: string;
    try {
      text = await fs.readFile(full, 'utf8');
    } catch (e) {
      throw new Error(`atpProxy.connectivity.caFiles: cannot read ${full} (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
    const problem = pemProblem(text, full);
    if (problem) throw new Error(`atpProxy.connectivity.caFiles: ${problem}`);
    pems.push(text);
  }
  return pems;
}
