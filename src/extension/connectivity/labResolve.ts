import { parseResolveList, type ResolveOverride } from '../../core/connectivity/resolve';

/**
 * The environment variable labs and the host tests set to send names to local stand-ins (curl's --resolve syntax,
 * comma-separated). Read only when the extension runs in Test or Development mode: an installed copy ignores it.
 */
const RESOLVE_VARIABLE = 'ATP_PROXY_RESOLVE';

/** Overrides from ATP_PROXY_RESOLVE ("host:port:address, ..."); a malformed entry is an error that says which. */
export function resolveOverrides(env: NodeJS.ProcessEnv): ResolveOverride[] {
  const text = env[RESOLVE_VARIABLE]?.trim();
  if (!text) return [];
  const parsed = parseResolveList(text);
  if ('problem' in parsed) throw new Error(`${RESOLVE_VARIABLE}: ${parsed.problem}`);
  return parsed;
}
