// A registry value a deployment writes, in one shape for every engine that writes registry values (the Ansible
// playbook, the DSC configuration): where it lives, its type and its data.
import { ACCOUNT_SIDS, CONNECTIONS_SUBKEY } from '../wininet/accounts';
import { ConnectionSettings, encodeConnectionSettings } from '../wininet/connectionSettings';
import type { Deployment } from '../wininet/deployment';
import type { MachineValue } from '../apply/machineValue';
import { REG_DWORD, REG_SZ, REG_TYPE_NAMES } from '../wininet/regFile';

export interface RegistryValue {
  hive: 'HKEY_USERS' | 'HKEY_LOCAL_MACHINE';
  /** The key below the hive. */
  key: string;
  name: string;
  type: 'binary' | 'string' | 'dword';
  data: Uint8Array | string | number;
  /** What the value is for, in words (task names, comments). */
  purpose: string;
}

/** The WinINET values of a deployment: each value for each service account (HKEY_USERS\S-1-5-18 and S-1-5-19). */
export function wininetRegistryValues(settings: ConnectionSettings, deployment: Deployment): RegistryValue[] {
  const data = encodeConnectionSettings(settings);
  return deployment.targets.flatMap((account) =>
    deployment.values.map((name) => ({
      hive: 'HKEY_USERS' as const,
      key: `${ACCOUNT_SIDS[account]}\\${CONNECTIONS_SUBKEY}`,
      name,
      type: 'binary' as const,
      data,
      purpose: `WinINET proxy of ${account} (${ACCOUNT_SIDS[account]})`,
    })),
  );
}

/** Binary data as upper-case hex without separators, as DSC's Registry resource and the playbook's check take it. */
export function hexOf(data: Uint8Array): string {
  return Buffer.from(data).toString('hex').toUpperCase();
}

/** A v3 method's HKLM value (policy, winhttp) in the engines' shape: REG_SZ as text, REG_DWORD as its number. */
export function registryValueOfMachineValue(value: MachineValue): RegistryValue {
  const key = value.key.replace(/^HKEY_LOCAL_MACHINE\\/i, '');
  const purpose = `${value.name} (${REG_TYPE_NAMES[value.type] ?? value.type})`;
  if (value.type === REG_SZ) {
    // REG_SZ data as the registry stores it: UTF-16LE with a terminating NUL.
    const text = Buffer.from(value.data).toString('utf16le').replace(/\0+$/, '');
    return { hive: 'HKEY_LOCAL_MACHINE', key, name: value.name, type: 'string', data: text, purpose };
  }
  if (value.type === REG_DWORD)
    return { hive: 'HKEY_LOCAL_MACHINE', key, name: value.name, type: 'dword', data: Buffer.from(value.data).readUInt32LE(0), purpose };
  return { hive: 'HKEY_LOCAL_MACHINE', key, name: value.name, type: 'binary', data: value.data, purpose };
}
