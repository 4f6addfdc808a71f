// Plans apply for the v3 methods (policy, winhttp): HKLM values, backed up per key, each written with its type.
import * as path from 'path';
import { canonicalKey } from '../wininet/accounts';
import { RegistryBackend, RegistryError } from './backend';
import { MachineValue, WINHTTP_SETTINGS } from './machineValue';
import { ApplyPlan, PlannedBackup } from './plan';

/** What the machine planner needs besides the registry. */
export interface MachinePlanOptions {
  values: MachineValue[];
  /** What the values are, for the plan's source line ("Defender for Endpoint static proxy policy"). */
  description: string;
  backupDir: string;
  now: Date;
  fileExists: (file: string) => boolean;
  notes?: string[];
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** `<key name without blanks>-<UTC stamp>[-n].reg`, never an existing file. */
function backupFile(dir: string, key: string, now: Date, fileExists: (file: string) => boolean, taken: Set<string>): string {
  const base = path.join(dir, `HKLM-${key.split('\\').pop()?.replace(/\s+/g, '')}-${stamp(now)}`);
  for (let n = 0; ; n++) {
    const file = `${base}${n === 0 ? '' : `-${n}`}.reg`;
    if (!fileExists(file) && !taken.has(file)) return file;
  }
}

/** WinHttpSettings equal apart from the change counter (bytes 4-7), as for WinINET values. */
function sameValue(name: string, a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const ignoreCounter = name === WINHTTP_SETTINGS;
  return a.every((byte, i) => (ignoreCounter && i >= 4 && i < 8) || byte === b[i]);
}

/**
 * Reads each value's key and current data and computes the backups (one per key that exists) and writes; changes
 * nothing. Registry read failures reject with RegistryError.
 */
async function buildMachinePlan(backend: RegistryBackend, options: MachinePlanOptions): Promise<ApplyPlan> {
  const plan: ApplyPlan = { sourceDescription: options.description, backups: [], writes: [], notes: [...(options.notes ?? [])] };
  const taken = new Set<string>();
  const backups = new Map<string, PlannedBackup>();
  for (const v of options.values) {
    const id = canonicalKey(v.key);
    const createsKeys = await backend.missingKeys(v.key);
    if (!backups.has(id)) {
      const file = backupFile(options.backupDir, v.key, options.now, options.fileExists, taken);
      taken.add(file);
      const backup: PlannedBackup = { account: 'LocalMachine', key: v.key, file, keyExists: createsKeys.length === 0 };
      backups.set(id, backup);
      plan.backups.push(backup);
    }
    const current = createsKeys.length === 0 ? await backend.readValue(v.key, v.name) : undefined;
    const unchanged = current !== undefined && current.type === v.type && sameValue(v.name, current.data, v.data);
    plan.writes.push({
      account: 'LocalMachine',
      key: v.key,
      value: v.name,
      previous: current?.data,
      previousType: current?.type,
      next: v.data,
      type: v.type,
      unchanged,
      createsKeys,
    });
  }
  return plan;
}

/** Like buildMachinePlan, but a registry read failure becomes a refusal (nothing has been written yet). */
export async function buildMachinePlanSafely(backend: RegistryBackend, options: MachinePlanOptions): Promise<ApplyPlan> {
  try {
    return await buildMachinePlan(backend, options);
  } catch (error) {
    const detail = error instanceof RegistryError ? error.message : String(error);
    return {
      refused: `could not read the registry (${detail}); nothing was changed`,
      sourceDescription: options.description,
      backups: [],
      writes: [],
      notes: [],
    };
  }
}
