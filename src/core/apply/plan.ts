import * as path from 'path';
import { ConnectionValue, ManifestSettings, ServiceAccount } from '../manifest/model';
import { ACCOUNT_SIDS, CURRENT_USER_CONNECTIONS, PROXY_PER_USER_VALUE, PROXY_POLICY_KEY, accountConnectionsKey } from '../wininet/accounts';
import { describeCodecError } from '../wininet/codecError';
import { ConnectionSettings, counterOf, decodeConnectionSettings, encodeConnectionSettings, setCounter } from '../wininet/connectionSettings';
import { Deployment, deploymentOf, needsNoRegistry } from '../wininet/deployment';
import { REG_BINARY, REG_DWORD } from '../wininet/regFile';
import { settingsParts } from '../wininet/describe';
import { RegistryBackend, RegistryError } from './backend';

/** Who a write is for: a service account (WinINET), or the machine (the v3 methods' HKLM values). */
type WriteTarget = ServiceAccount | 'LocalMachine';

/** One value to write for one account: what is there now and what will be. */
export interface PlannedWrite {
  account: WriteTarget;
  key: string;
  /** The value's name: a WinINET connection value, or a v3 method's HKLM value (machineValue.ts). */
  value: string;
  /** Current data; undefined when the value does not exist (rollback then deletes it). */
  previous?: Uint8Array;
  /** The current value's type (rollback writes it back with it); REG_BINARY when unset. */
  previousType?: number;
  next: Uint8Array;
  /** The type to write; REG_BINARY when unset. */
  type?: number;
  /** True when the current value already says the same (apart from the change counter): nothing to write. */
  unchanged: boolean;
  /** Keys that do not exist yet and writing creates (the key, then missing parents): rollback deletes them again. */
  createsKeys: string[];
}

/** One key to export before writing. */
export interface PlannedBackup {
  account: WriteTarget;
  key: string;
  /** Where the export goes; never an existing file. */
  file: string;
  /** False when the key does not exist yet: there is nothing to back up. */
  keyExists: boolean;
}

/** Everything apply will do, computed by reading only; `--dry-run` prints it. */
export interface ApplyPlan {
  /** The WinINET deployment; unset for the v3 methods (policy, winhttp), which write HKLM values. */
  deployment?: Deployment;
  /** Set when nothing should be written (mode transparent/wpad): the reason. */
  skipped?: string;
  /** Set when it must not be written (ProxySettingsPerUser = 0, missing or malformed source...): what to do. */
  refused?: string;
  sourceDescription: string;
  backups: PlannedBackup[];
  writes: PlannedWrite[];
  notes: string[];
}

/** What the planner needs besides the registry. */
export interface PlanOptions {
  manifest: ManifestSettings;
  /** The manifest's proxy encoded (used when registry.source is manifest). */
  encoded: ConnectionSettings;
  backupDir: string;
  now: Date;
  /** Whether a file exists (so a backup never overwrites one). */
  fileExists: (file: string) => boolean;
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** A backup file name that does not exist yet: `<sid>-Connections-<UTC stamp>[-n].reg`. */
function backupFileName(dir: string, account: ServiceAccount, now: Date, fileExists: (file: string) => boolean, taken: Set<string> = new Set()): string {
  const base = path.join(dir, `${ACCOUNT_SIDS[account]}-Connections-${stamp(now)}`);
  for (let n = 0; ; n++) {
    const file = `${base}${n === 0 ? '' : `-${n}`}.reg`;
    if (!fileExists(file) && !taken.has(file)) return file;
  }
}

function sameApartFromCounter(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return a.every((byte, i) => (i >= 4 && i < 8) || byte === b[i]);
}

function summary(s: ConnectionSettings): string {
  return settingsParts(s, { counter: false }).join(', ');
}

/** How a decoded value's proxy differs from the manifest's (mode flags, server, bypass, PAC URL), or undefined when it does not. */
function proxyDifference(got: ConnectionSettings, wanted: ConnectionSettings): string | undefined {
  const differences: string[] = [];
  if (got.flags !== wanted.flags) differences.push(`flags 0x${got.flags.toString(16)} instead of 0x${wanted.flags.toString(16)}`);
  if (got.proxyServer !== wanted.proxyServer) differences.push(`proxy "${got.proxyServer}" instead of "${wanted.proxyServer}"`);
  if (got.bypass !== wanted.bypass) differences.push(`bypass "${got.bypass}" instead of "${wanted.bypass}"`);
  if (got.autoConfigUrl !== wanted.autoConfigUrl) differences.push(`PAC URL "${got.autoConfigUrl}" instead of "${wanted.autoConfigUrl}"`);
  return differences.length ? differences.join(', ') : undefined;
}

/**
 * Reads what apply needs (policy, source values, each target's current value) and computes the writes;
 * changes nothing. Registry read failures reject with RegistryError.
 */
export async function buildPlan(backend: RegistryBackend, options: PlanOptions): Promise<ApplyPlan> {
  const deployment = deploymentOf(options.manifest);
  const plan: ApplyPlan = { deployment, sourceDescription: '', backups: [], writes: [], notes: [] };
  if (needsNoRegistry(options.manifest)) {
    plan.skipped = `proxy mode ${options.manifest.proxy.mode}: the sensor accounts need no WinINET configuration, so nothing is written`;
    return plan;
  }
  if (deployment.targets.length === 0) {
    plan.refused = 'registry.targets names neither LocalSystem nor LocalService: add both';
    return plan;
  }

  const policy = await backend.readValue(PROXY_POLICY_KEY, PROXY_PER_USER_VALUE);
  if (policy && policy.type === REG_DWORD && policy.data.length >= 4 && Buffer.from(policy.data).readUInt32LE(0) === 0) {
    plan.refused =
      `the policy ${PROXY_PER_USER_VALUE} = 0 is set under ${PROXY_POLICY_KEY} ("Make proxy settings per-machine"): ` +
      'WinINET then reads HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections for every account, ' +
      "so writing the service accounts' values would have no effect. Configure the proxy in HKLM instead, or remove the policy.";
    return plan;
  }

  // The bytes to write per value name, from HKCU or from the manifest.
  const source = new Map<ConnectionValue, Uint8Array>();
  if (deployment.source === 'currentUser') {
    plan.sourceDescription = `copy of ${CURRENT_USER_CONNECTIONS}`;
    for (const name of deployment.values) {
      const v = await backend.readValue(CURRENT_USER_CONNECTIONS, name);
      if (!v) {
        plan.refused = `HKEY_CURRENT_USER has no ${name} value to copy: set the proxy in Internet Options > Connections > LAN settings for this user first, or set registry.source to "manifest"`;
        return plan;
      }
      if (v.type !== REG_BINARY) {
        plan.refused = `HKEY_CURRENT_USER's ${name} is not REG_BINARY: fix it in Internet Options or set registry.source to "manifest"`;
        return plan;
      }
      const decoded = decodeConnectionSettings(v.data);
      if (!decoded.ok) {
        plan.refused = `HKEY_CURRENT_USER's ${name} is malformed (${describeCodecError(decoded.error)}): set the proxy again in Internet Options, or set registry.source to "manifest"`;
        return plan;
      }
      // The same manifest must deploy the same proxy whoever runs apply: HKCU is copied only when it says what the manifest says.
      const difference = proxyDifference(decoded.value, options.encoded);
      if (difference) {
        plan.refused =
          `HKEY_CURRENT_USER's ${name} (${summary(decoded.value)}) is not the manifest's proxy (${summary(options.encoded)}): ${difference}. ` +
          "Nothing was written. Set this user's proxy to the manifest's in Internet Options, or set registry.source to \"manifest\" to write the manifest's proxy itself";
        return plan;
      }
      source.set(name, v.data);
    }
  } else {
    plan.sourceDescription = `encoded from the manifest (${summary(options.encoded)})`;
    const data = encodeConnectionSettings(options.encoded);
    for (const name of deployment.values) source.set(name, data);
  }

  const taken = new Set<string>();
  for (const account of deployment.targets) {
    const key = accountConnectionsKey(account);
    const createsKeys = await backend.missingKeys(key);
    const exists = createsKeys.length === 0;
    if (deployment.backup) {
      const file = backupFileName(options.backupDir, account, options.now, options.fileExists, taken);
      taken.add(file);
      plan.backups.push({ account, key, file, keyExists: exists });
    }
    for (const name of deployment.values) {
      const current = exists ? await backend.readValue(key, name) : undefined;
      const previous = current?.data;
      const wanted = source.get(name) as Uint8Array;
      const unchanged = previous !== undefined && current?.type === REG_BINARY && sameApartFromCounter(previous, wanted);
      // Windows bumps the counter on every change; a value that does not decode keeps the source's counter.
      const previousCounter = previous && decodeConnectionSettings(previous).ok ? counterOf(previous) : undefined;
      const next = previousCounter === undefined ? wanted : setCounter(wanted, (previousCounter + 1) >>> 0);
      plan.writes.push({ account, key, value: name, previous, next, unchanged, createsKeys });
    }
  }
  if (!deployment.backup) plan.notes.push('registry.backup is false: no backup files; a failure is still rolled back from the values read before writing');
  return plan;
}

/** Reads a plan, turning a registry read failure into a refusal (nothing has been written yet). */
export async function buildPlanSafely(backend: RegistryBackend, options: PlanOptions): Promise<ApplyPlan> {
  try {
    return await buildPlan(backend, options);
  } catch (error) {
    const detail = error instanceof RegistryError ? error.message : String(error);
    return {
      deployment: deploymentOf(options.manifest),
      refused: `could not read the registry (${detail}); nothing was changed`,
      sourceDescription: '',
      backups: [],
      writes: [],
      notes: [],
    };
  }
}
