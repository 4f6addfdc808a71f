import { REG_BINARY, REG_DWORD, REG_SZ, REG_TYPE_NAMES } from '../wininet/regFile';
import { canonicalKey } from '../wininet/accounts';

/** One HKLM value a v3 method (policy, winhttp) writes: where, what type, and the data as the registry stores it. */
export interface MachineValue {
  key: string;
  name: string;
  type: typeof REG_SZ | typeof REG_DWORD | typeof REG_BINARY;
  data: Uint8Array;
}

/** The Defender for Endpoint policy key of the static proxy (DataCollection). */
export const DATA_COLLECTION_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection';
/** The Defender for Endpoint policy key of PreferStaticProxyForHttpRequest. */
export const ATP_POLICY_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Advanced Threat Protection';
/** Where `netsh winhttp set proxy` keeps WinHttpSettings. */
export const WINHTTP_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';

export const TELEMETRY_PROXY_SERVER = 'TelemetryProxyServer';
export const DISABLE_ENTERPRISE_AUTH_PROXY = 'DisableEnterpriseAuthProxy';
export const PREFER_STATIC_PROXY = 'PreferStaticProxyForHttpRequest';
export const WINHTTP_SETTINGS = 'WinHttpSettings';

/** The only HKLM values apply may write, each with its one type: the two v3 methods' values, nothing else. */
const MACHINE_VALUES: readonly { key: string; name: string; type: number }[] = [
  { key: DATA_COLLECTION_KEY, name: TELEMETRY_PROXY_SERVER, type: REG_SZ },
  { key: DATA_COLLECTION_KEY, name: DISABLE_ENTERPRISE_AUTH_PROXY, type: REG_DWORD },
  { key: ATP_POLICY_KEY, name: PREFER_STATIC_PROXY, type: REG_DWORD },
  { key: WINHTTP_KEY, name: WINHTTP_SETTINGS, type: REG_BINARY },
];

/** The type a machine value must have, or undefined when (key, name) is not one apply may write. */
export function machineValueType(key: string, name: string): number | undefined {
  const k = canonicalKey(key);
  return MACHINE_VALUES.find((v) => canonicalKey(v.key) === k && v.name.toLowerCase() === name.toLowerCase())?.type;
}

/**
 * Whether apply may delete a key it created (when empty): a machine value's key or one of its ancestors below
 * HKLM\SOFTWARE\Policies (the policy keys do not exist until a policy is set). HKLM\SOFTWARE\Microsoft is never removed.
 */
export function isRemovableMachineKey(key: string): boolean {
  const k = canonicalKey(key);
  const floor = canonicalKey('HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies');
  return MACHINE_VALUES.some((v) => {
    const own = canonicalKey(v.key);
    if (own === k) return true;
    return own.startsWith(`${k}\\`) && k.startsWith(`${floor}\\`);
  });
}

/** A value's data for a person: REG_SZ text, REG_DWORD number, else hex bytes. */
export function describeMachineData(type: number, data: Uint8Array | undefined): string {
  if (data === undefined) return '(no value)';
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (type === REG_SZ) return JSON.stringify(b.toString('utf16le').replace(/\0+$/, ''));
  if (type === REG_DWORD && b.length === 4) return `${b.readUInt32LE(0)} (REG_DWORD)`;
  return `${REG_TYPE_NAMES[type] ?? `type ${type}`} ${b.toString('hex')}`;
}
