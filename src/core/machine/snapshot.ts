// What the Machine view shows: the connection-settings values of the accounts that matter, read
// from the registry (reg.exe or its replacement) or from a .reg export, decoded.
import type { RegistryBackend } from '../apply/backend';
import {
  ACCOUNT_SIDS,
  CONNECTIONS_SUBKEY,
  CURRENT_USER_CONNECTIONS,
  PROXY_PER_USER_VALUE,
  PROXY_POLICY_KEY,
  canonicalKey,
  keyAliases,
} from '../wininet/accounts';
import { describeCodecError } from '../wininet/codecError';
import { decodeBytes, type DecodedValue } from '../wininet/decodeValue';
import { REG_BINARY, REG_DWORD, REG_TYPE_NAMES, type RegFile } from '../wininet/regFile';
import { policyValuesFromRegFile, readPolicyValues, type PolicyValue } from './policySnapshot';
import { readLiveSensorConfiguration, type SensorConfigurationState } from './sensorSource';

/** Where a value lives, as the view groups them. */
export type MachineLocation = 'HKCU' | 'LocalSystem' | 'LocalService' | 'HKLM';

/** The machine-wide Connections key: netsh winhttp writes WinHttpSettings here. */
const MACHINE_CONNECTIONS = `HKEY_LOCAL_MACHINE\\${CONNECTIONS_SUBKEY}`;

/** Every value the view reads, in display order. */
const MACHINE_VALUES: readonly { location: MachineLocation; key: string; name: 'DefaultConnectionSettings' | 'SavedLegacySettings' | 'WinHttpSettings' }[] = [
  { location: 'HKCU', key: CURRENT_USER_CONNECTIONS, name: 'DefaultConnectionSettings' },
  { location: 'HKCU', key: CURRENT_USER_CONNECTIONS, name: 'SavedLegacySettings' },
  { location: 'LocalSystem', key: `HKEY_USERS\\${ACCOUNT_SIDS.LocalSystem}\\${CONNECTIONS_SUBKEY}`, name: 'DefaultConnectionSettings' },
  { location: 'LocalSystem', key: `HKEY_USERS\\${ACCOUNT_SIDS.LocalSystem}\\${CONNECTIONS_SUBKEY}`, name: 'SavedLegacySettings' },
  { location: 'LocalService', key: `HKEY_USERS\\${ACCOUNT_SIDS.LocalService}\\${CONNECTIONS_SUBKEY}`, name: 'DefaultConnectionSettings' },
  { location: 'LocalService', key: `HKEY_USERS\\${ACCOUNT_SIDS.LocalService}\\${CONNECTIONS_SUBKEY}`, name: 'SavedLegacySettings' },
  { location: 'HKLM', key: MACHINE_CONNECTIONS, name: 'WinHttpSettings' },
];

/** A value as found: absent, decoded, or present but unreadable (with the reason). */
type ValueState = { kind: 'missing' } | { kind: 'decoded'; value: DecodedValue } | { kind: 'malformed'; reason: string };

export interface MachineValue {
  location: MachineLocation;
  key: string;
  name: string;
  state: ValueState;
}

/** The values of one machine at one moment. */
export interface MachineSnapshot {
  /** "this machine (reg.exe)", the .reg file's name, and an imported SensorConfiguration.json's. */
  source: string;
  /** Empty when only a SensorConfiguration.json was imported (no registry source). */
  values: MachineValue[];
  /** ProxySettingsPerUser under the policy key, when set. */
  perUserPolicy?: number;
  /** The v2 sensor's SensorConfiguration.json (method `sensor`), live or imported; undefined when not looked at. */
  sensor?: SensorConfigurationState;
  /** The Defender for Endpoint static proxy policy values (method `policy`, sensor v3); undefined without a registry source. */
  policy?: PolicyValue[];
}

function stateOf(type: number, data: Uint8Array, key: string, name: string): ValueState {
  if (type !== REG_BINARY) return { kind: 'malformed', reason: `${name} is ${REG_TYPE_NAMES[type] ?? `type ${type}`}, not REG_BINARY` };
  const decoded = decodeBytes(data, key, name);
  return decoded.ok ? { kind: 'decoded', value: decoded.value } : { kind: 'malformed', reason: describeCodecError(decoded.error) };
}

function dword(type: number, data: Uint8Array): number | undefined {
  return type === REG_DWORD && data.length >= 4 ? Buffer.from(data).readUInt32LE(0) : undefined;
}

/**
 * Reads the values from the live registry; a failed read of one value is shown on that value. With `sensorFile`
 * (a reader of local Windows paths), the sensor's SensorConfiguration.json is read too, found from its service.
 */
export async function readMachine(
  backend: RegistryBackend,
  source: string,
  sensorFile?: { read: (windowsPath: string) => Promise<Uint8Array>; env: NodeJS.ProcessEnv },
): Promise<MachineSnapshot> {
  const values: MachineValue[] = [];
  for (const v of MACHINE_VALUES) {
    try {
      const found = await backend.readValue(v.key, v.name);
      values.push({ ...v, state: found ? stateOf(found.type, found.data, v.key, v.name) : { kind: 'missing' } });
    } catch (e) {
      values.push({ ...v, state: { kind: 'malformed', reason: `cannot read: ${e instanceof Error ? e.message : String(e)}` } });
    }
  }
  const policy = await backend.readValue(PROXY_POLICY_KEY, PROXY_PER_USER_VALUE).catch(() => undefined);
  const sensor = sensorFile ? await readLiveSensorConfiguration(backend, sensorFile.read, sensorFile.env) : undefined;
  return {
    source,
    values,
    perUserPolicy: policy ? dword(policy.type, policy.data) : undefined,
    policy: await readPolicyValues(backend),
    ...(sensor ? { sensor } : {}),
  };
}

// HKU\.DEFAULT is the same hive as S-1-5-18 (SPEC section 5): an export of either counts for LocalSystem.
/** Reads the values from a .reg export (the way a reviewer audits a domain controller they cannot log on to). */
export function machineFromRegFile(file: RegFile, source: string): MachineSnapshot {
  const values: MachineValue[] = MACHINE_VALUES.map((v) => {
    const keys = keyAliases(v.key);
    let state: ValueState = { kind: 'missing' };
    for (const key of file.keys) {
      if (key.deleted || !keys.includes(canonicalKey(key.path))) continue;
      for (const value of key.values) {
        if (value.name.toLowerCase() !== v.name.toLowerCase()) continue;
        state = value.kind === 'delete' ? { kind: 'missing' } : stateOf(value.type, value.data, key.path, value.name);
      }
    }
    return { ...v, state };
  });
  let perUserPolicy: number | undefined;
  for (const key of file.keys) {
    if (canonicalKey(key.path) !== canonicalKey(PROXY_POLICY_KEY)) continue;
    for (const value of key.values)
      if (value.kind === 'set' && value.name.toLowerCase() === PROXY_PER_USER_VALUE.toLowerCase()) perUserPolicy = dword(value.type, value.data);
  }
  return { source, values, perUserPolicy, policy: policyValuesFromRegFile(file) };
}
