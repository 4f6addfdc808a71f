import type { ProxyCredentials } from '../../core/connectivity';
import type { HostSecrets } from '../host';

/** The SecretStorage key of the proxy credentials (never in settings, never in a manifest, never logged). */
export const CREDENTIALS_SECRET = 'atpProxy.proxyCredentials';

/** The stored proxy credentials, if any (a value that does not parse counts as none). */
export async function storedCredentials(secrets: Pick<HostSecrets, 'get'>): Promise<ProxyCredentials | undefined> {
  const raw = await secrets.get(CREDENTIALS_SECRET);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<ProxyCredentials>;
    return typeof value.user === 'string' && typeof value.password === 'string' ? { user: value.user, password: value.password } : undefined;
  } catch {
    return undefined;
  }
}

export async function storeCredentials(secrets: Pick<HostSecrets, 'store'>, credentials: ProxyCredentials): Promise<void> {
  await secrets.store(CREDENTIALS_SECRET, JSON.stringify(credentials));
}
