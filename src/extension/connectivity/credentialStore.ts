import { proxyKey, type ProxyCredentials } from '../../core/connectivity/credentials';
import type { ProxyAddress } from '../../core/connectivity/serverString';
import type { HostSecrets } from '../host';

/**
 * Where earlier versions kept one set of credentials for every proxy. Never used any more: they would go to
 * whatever proxy a manifest or a PAC file names. Set Proxy Credentials removes it.
 */
export const LEGACY_CREDENTIALS_SECRET = 'atpProxy.proxyCredentials';

/** The SecretStorage key of the credentials for one proxy (never in settings, never in a manifest, never logged). */
export function credentialsSecret(proxy: ProxyAddress): string {
  return `atpProxy.proxyCredentials/${proxyKey(proxy)}`;
}

/** The credentials stored for exactly this proxy, if any (a value that does not parse counts as none). */
export async function storedCredentials(secrets: Pick<HostSecrets, 'get'>, proxy: ProxyAddress): Promise<ProxyCredentials | undefined> {
  const raw = await secrets.get(credentialsSecret(proxy));
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<ProxyCredentials>;
    return typeof value.user === 'string' && typeof value.password === 'string' ? { user: value.user, password: value.password } : undefined;
  } catch {
    return undefined;
  }
}

/** Stores credentials for one proxy. */
export async function storeCredentials(secrets: Pick<HostSecrets, 'store'>, proxy: ProxyAddress, credentials: ProxyCredentials): Promise<void> {
  await secrets.store(credentialsSecret(proxy), JSON.stringify({ user: credentials.user, password: credentials.password }));
}
