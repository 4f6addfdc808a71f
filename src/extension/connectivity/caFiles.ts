import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { networkPathProblem } from '../../core/text/networkPath';
import { pemProblem } from '../../core/usecases/trustedRoots';
import { UserError } from '../commands/command';
import { CancelledError } from '../commands/manifestTarget';
import type { HostUi } from '../host';

const SETTING = 'atpProxy.connectivity.caFiles';

function inside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Reads the PEM files of `atpProxy.connectivity.caFiles` (relative paths from the workspace folder, `~` for home).
 * A root trusted here makes an intercepting proxy's certificate pass, so network paths are refused and a file in
 * the workspace (which whoever wrote the repository chose) is trusted only after the user says so, once per file
 * (and contents) per session.
 */
export class CaFileReader {
  private readonly trusted = new Set<string>();

  constructor(private readonly ui: Pick<HostUi, 'ask'>) {}

  async read(files: readonly string[], folder: string | undefined): Promise<string[]> {
    const pems: string[] = [];
    const realFolder = folder === undefined ? undefined : await fs.realpath(folder).catch(() => folder);
    for (const file of files) {
      const expanded = file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file;
      const full = path.isAbsolute(expanded) || !folder ? expanded : path.join(folder, expanded);
      const network = networkPathProblem(file, SETTING) ?? networkPathProblem(full, SETTING);
      if (network) throw new UserError(network);
      let real: string;
      let text: string;
      try {
        real = await fs.realpath(full);
        // A link in the workspace to a share is a network path too.
        const linked = networkPathProblem(real, SETTING);
        if (linked) throw new UserError(linked);
        text = await fs.readFile(real, 'utf8');
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`${SETTING}: cannot read ${full} (${e instanceof Error ? e.message : String(e)})`);
      }
      const problem = pemProblem(text, full);
      if (problem) throw new UserError(`${SETTING}: ${problem}`);
      // Keyed by contents too: a file changed since (a pull) is asked about again.
      const id = `${real}\0${createHash('sha256').update(text).digest('hex')}`;
      if (realFolder !== undefined && inside(realFolder, real) && !this.trusted.has(id)) {
        await this.confirm(path.relative(realFolder, real));
        this.trusted.add(id);
      }
      pems.push(text);
    }
    return pems;
  }

  private async confirm(relative: string): Promise<void> {
    const choice = await this.ui.ask(
      'warning',
      `Trust the CA certificate ${relative} from this workspace for connectivity tests?`,
      {
        modal: true,
        detail: `${SETTING} names a file inside the workspace. Whoever wrote the repository chose its contents: a root certificate trusted here makes an SSL-inspecting proxy look like the real ATP service, so the test would report "ok" where the sensor fails. Trust it only if you know where it comes from (asked once per file in this session).`,
      },
      'Trust for This Session',
    );
    if (choice !== 'Trust for This Session') throw new CancelledError();
  }
}
