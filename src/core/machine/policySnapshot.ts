// The Defender for Endpoint static proxy policy values of a machine (method `policy`, sensor v3), read live or from a
// .reg export, each with the type Windows reads it as.
import type { RegistryBackend } from '../apply/backend';
import { ATP_POLICY_KEY, DATA_COLLECTION_KEY, DISABLE_ENTERPRISE_AUTH_PROXY, PREFER_STATIC_PROXY, TELEMETRY_PROXY_SERVER } from '../apply/machineValue';
import { readOne } from '../policy/readMachineProxy';
import { canonicalKey } from '../wininet/accounts';
import type { RegFile } from '../wininet/regFile';

/** A policy value as found: absent, its text (REG_SZ) or number (REG_DWORD), or present with the wrong type. */
export type PolicyValueState =
  { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'number'; number: number } | { kind: 'malformed'; reason: string };

/** One of the three policy values. */
export interface PolicyValue {
  key: string;
  name: typeof TELEMETRY_PROXY_SERVER | typeof DISABLE_ENTERPRISE_AUTH_PROXY | typeof PREFER_STATIC_PROXY;
  state: PolicyValueState;
}

/** The values, in display order (SPEC section 7, method policy). */
const POLICY_VALUES: readonly Pick<PolicyValue, 'key' | 'name'>[] = [
  { key: DATA_COLLECTION_KEY, name: TELEMETRY_PROXY_SERVER },
  { key: DATA_COLLECTION_KEY, name: DISABLE_ENTERPRISE_AUTH_PROXY },
  { key: ATP_POLICY_KEY, name: PREFER_STATIC_PROXY },
];

function stateOf(key: string, name: string, type: number, data: Uint8Array, line: number): PolicyValueState {
  const read = readOne(key, { kind: 'set', name, type, data, line });
  if (!read.ok) return { kind: 'malformed', reason: read.error.unit === 'line' ? read.error.reason : `${name} cannot be read` };
  const v = read.value;
  if (v && 'text' in v) return { kind: 'text', text: v.text };
  if (v && 'number' in v) return { kind: 'number', number: v.number };
  return { kind: 'missing' };
}

/** Reads the three values from the live registry; a failed read is shown on that value. */
export async function readPolicyValues(backend: RegistryBackend): Promise<PolicyValue[]> {
  const values: PolicyValue[] = [];
  for (const v of POLICY_VALUES) {
    try {
      const found = await backend.readValue(v.key, v.name);
      values.push({ ...v, state: found ? stateOf(v.key, v.name, found.type, found.data, 0) : { kind: 'missing' } });
    } catch (e) {
      values.push({ ...v, state: { kind: 'malformed', reason: `cannot read: ${e instanceof Error ? e.message : String(e)}` } });
    }
  }
  return values;
}

/** The three values of a .reg export (the last setting of each wins, as on import); a wrong type names its line. */
export function policyValuesFromRegFile(file: RegFile): PolicyValue[] {
  return POLICY_VALUES.map((v) => {
    let state: PolicyValueState = { kind: 'missing' };
    for (const key of file.keys) {
      if (key.deleted || canonicalKey(key.path) !== canonicalKey(v.key)) continue;
      for (const value of key.values) {
        if (value.name.toLowerCase() !== v.name.toLowerCase()) continue;
        if (value.kind === 'delete') state = { kind: 'missing' };
        else {
          const s = stateOf(v.key, v.name, value.type, value.data, value.line);
          state = s.kind === 'malformed' ? { kind: 'malformed', reason: `line ${value.line}: ${s.reason}` } : s;
        }
      }
    }
    return { ...v, state };
  });
}
