import { ServiceAccount } from '../manifest/model';

/** Where WinINET keeps per-account connection settings, below the account's hive. */
export const CONNECTIONS_SUBKEY = 'Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';

/** The SIDs of the only two accounts this tool may ever write: the sensor updater and the sensor service. */
export const ACCOUNT_SIDS: Record<ServiceAccount, string> = {
  LocalSystem: 'S-1-5-18',
  LocalService: 'S-1-5-19',
};

/** The Windows services that use the proxy: the sensor (runs as LocalService) and its updater (runs as LocalSystem). */
export const SENSOR_SERVICES = ['AATPSensor', 'AATPSensorUpdater'] as const;

/** What makes WinINET values take effect, for the artefacts that say it in one line (the playbook and DSC headers). */
export const WININET_AFTER = `restart the sensor services (Restart-Service ${SENSOR_SERVICES.join(', ')}).`;

/** HKCU's Connections key: the source of the documented copy procedure. */
export const CURRENT_USER_CONNECTIONS = `HKEY_CURRENT_USER\\${CONNECTIONS_SUBKEY}`;

/** The policy key whose `ProxySettingsPerUser` = 0 makes WinINET use HKLM instead of the account's hive. */
export const PROXY_POLICY_KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';
export const PROXY_PER_USER_VALUE = 'ProxySettingsPerUser';

/** The Connections key of a service account under HKEY_USERS. */
export function accountConnectionsKey(account: ServiceAccount): string {
  return `HKEY_USERS\\${ACCOUNT_SIDS[account]}\\${CONNECTIONS_SUBKEY}`;
}

const ROOTS: Record<string, string> = {
  HKU: 'HKEY_USERS',
  HKCU: 'HKEY_CURRENT_USER',
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** A key path as written, without surrounding spaces or trailing backslashes. */
export function trimKey(key: string): string {
  return key.trim().replace(/\\+$/, '');
}

/** A key path with its root spelled out, no trailing backslash, upper-cased for comparison. */
export function canonicalKey(key: string): string {
  const [root, ...rest] = trimKey(key).split('\\');
  return [ROOTS[root.toUpperCase()] ?? root, ...rest].join('\\').toUpperCase();
}

/**
 * The canonical spellings of a key: HKEY_USERS\.DEFAULT is the same hive as LocalSystem's S-1-5-18, so a key below
 * one is also found below the other (exports of domain controllers use either).
 */
export function keyAliases(key: string): string[] {
  const canonical = canonicalKey(key);
  const system = canonicalKey(`HKEY_USERS\\${ACCOUNT_SIDS.LocalSystem}`);
  const byDefault = canonicalKey('HKEY_USERS\\.DEFAULT');
  if (canonical === system || canonical.startsWith(`${system}\\`)) return [canonical, byDefault + canonical.slice(system.length)];
  if (canonical === byDefault || canonical.startsWith(`${byDefault}\\`)) return [canonical, system + canonical.slice(byDefault.length)];
  return [canonical];
}

/** Whether a key is one this tool may write: the Connections key of LocalSystem or LocalService, nothing else. */
export function isWritableKey(key: string): boolean {
  return Object.values(ACCOUNT_SIDS).some((sid) => canonicalKey(key) === canonicalKey(`HKEY_USERS\\${sid}\\${CONNECTIONS_SUBKEY}`));
}

/** The key's parent, or undefined for a root (HKEY_USERS...). */
export function parentKey(key: string): string | undefined {
  const trimmed = trimKey(key);
  const at = trimmed.lastIndexOf('\\');
  return at < 0 ? undefined : trimmed.slice(0, at);
}

/** The key's own name (the last part of its path). */
export function keyName(key: string): string {
  const trimmed = trimKey(key);
  return trimmed.slice(trimmed.lastIndexOf('\\') + 1);
}

/**
 * Whether apply may delete a key it created (when empty): a service account's Connections key or one of its
 * ancestors below HKEY_USERS (HKU\S-1-5-19\Software...), which writing the value may have created with it.
 */
export function isCreatableKey(key: string): boolean {
  const wanted = canonicalKey(key);
  return Object.values(ACCOUNT_SIDS).some((sid) => {
    const connections = canonicalKey(`HKEY_USERS\\${sid}\\${CONNECTIONS_SUBKEY}`);
    return wanted.startsWith('HKEY_USERS\\') && (connections === wanted || connections.startsWith(`${wanted}\\`));
  });
}
