// The connectivity engine and what the command needs around it, loaded on first use (a separate
// webpack chunk): the probe pulls in tls, the PAC evaluator and QuickJS.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseResolveOverride, type ResolveOverride } from '../../core/connectivity';

export { buildPlan, credentialsFromEnvironment, runConnectivityTest } from '../../core/connectivity';

/** The environment variable labs set to send names to local stand-ins (curl's --resolve syntax, comma-separated). */
export const RESOLVE_VARIABLE = 'ATP_PROXY_RESOLVE';

/** Overrides from ATP_PROXY_RESOLVE ("host:port:address, ..."); a malformed entry is an error that says which. */
export function resolveOverrides(env: NodeJS.ProcessEnv): ResolveOverride[] {
  const text = env[RESOLVE_VARIABLE]?.trim();
  if (!text) return [];
  return text.split(/[\s,]+/).filter((e) => e).map((entry) => {
    const parsed = parseResolveOverride(entry);
    if ('problem' in parsed) throw new Error(`${RESOLVE_VARIABLE}: ${parsed.problem}`);
    return parsed;
  });
}

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
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`atpProxy.connectivity.caFiles: ${full} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    pems.push(text);
  }
  return pems;
}
