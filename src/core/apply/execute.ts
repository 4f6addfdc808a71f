import * as path from 'path';
import { canonicalKey, isWritableKey } from '../wininet/accounts';
import { toHex } from '../wininet/hex';
import { REG_BINARY } from '../wininet/regFile';
import { machineValueType } from './machineValue';
import { RegistryBackend, RegistryError } from './backend';
import { ApplyPlan, PlannedWrite } from './plan';

/** File-system operations apply needs for backups; injected so tests can fake a full disk. */
export interface BackupFiles {
  exists(file: string): boolean;
  /** Creates the folder when missing and restricts it to administrators and SYSTEM (Windows) or its owner (POSIX). */
  ensurePrivateDir(dir: string): Promise<void>;
  /** Creates `file` empty, failing when anything is there: the exclusive create that reg export then fills. */
  createExclusive(file: string): void;
  /** Deletes `file` when it is empty (the placeholder of an export that failed). */
  removeEmpty(file: string): void;
  /** Size in bytes, or undefined when the file does not exist. */
  size(file: string): number | undefined;
}

/** Progress and cancellation, so the CLI and a VS Code progress notification drive the same core. */
export interface ApplyHooks {
  onProgress?: (message: string) => void;
  /** Checked before each write; once true, what was written is rolled back and the outcome is cancelled. */
  isCancelled?: () => boolean;
}

/** What happened: the outcome, each step, and when something failed, what was restored and what could not be. */
export interface ApplyReport {
  outcome: 'applied' | 'skipped' | 'refused' | 'failed' | 'cancelled';
  /** The reason for skipped/refused/failed/cancelled. */
  reason?: string;
  steps: string[];
  backups: string[];
  restored: string[];
  /** Values that could not be restored: restore them from the backup files by hand (reg import). */
  restoreFailures: string[];
}

function message(error: unknown): string {
  return error instanceof RegistryError ? error.message : error instanceof Error ? error.message : String(error);
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** REG_BINARY (WinINET, WinHttpSettings) through writeBinary as before; the v3 policy's REG_SZ / REG_DWORD through writeValue. */
function writeTyped(backend: RegistryBackend, key: string, name: string, type: number, data: Uint8Array): Promise<void> {
  return type === REG_BINARY ? backend.writeBinary(key, name, data) : backend.writeValue(key, name, { type, data });
}

async function restoreValues(backend: RegistryBackend, written: PlannedWrite[], report: ApplyReport, say: (m: string) => void): Promise<void> {
  for (const w of [...written].reverse()) {
    const where = `${w.key}\\${w.value}`;
    try {
      if (w.previous === undefined) {
        await backend.deleteValue(w.key, w.value);
        const check = await backend.readValue(w.key, w.value);
        if (check !== undefined) throw new Error('the value is still there after deleting it');
        report.restored.push(`${where} (deleted: it did not exist before)`);
      } else {
        await writeTyped(backend, w.key, w.value, w.previousType ?? REG_BINARY, w.previous);
        const check = await backend.readValue(w.key, w.value);
        if (!same(check?.data, w.previous) || check?.type !== (w.previousType ?? REG_BINARY))
          throw new Error('read-back after restoring differs from the previous value');
        report.restored.push(`${where} (previous value written back)`);
      }
      say(`restored ${where}`);
    } catch (error) {
      report.restoreFailures.push(`${where}: ${message(error)}; previous value ${w.previous ? toHex(w.previous) : '(none)'}`);
      say(`could not restore ${where}: ${message(error)}`);
    }
  }
}

/**
 * Deletes the keys the attempted writes created (deepest first), each only when empty, so none is left behind.
 * Returns how many it deleted.
 */
async function removeCreatedKeys(backend: RegistryBackend, written: PlannedWrite[], report: ApplyReport, say: (m: string) => void): Promise<number> {
  const created = [...new Set([...written].reverse().flatMap((w) => w.createsKeys))];
  const kept: string[] = [];
  let deleted = 0;
  for (const key of created) {
    // A parent of a key that had to stay is not empty either: one message for the deepest is enough.
    if (kept.some((k) => canonicalKey(k).startsWith(`${canonicalKey(key)}\\`))) continue;
    try {
      const result = await backend.deleteEmptyKey(key);
      if (result === 'not-empty') {
        kept.push(key);
        report.restoreFailures.push(
          `${key}: apply created this key, but it is not empty, so it was left in place; delete it by hand once its contents are checked`,
        );
        say(`left ${key} in place: it is not empty`);
        continue;
      }
      // Absent: the write failed before creating it.
      if (result === 'absent') continue;
      if ((await backend.missingKeys(key))[0] === undefined) throw new Error('the key is still there after deleting it');
      report.restored.push(`${key} (key deleted: it did not exist before)`);
      deleted++;
      say(`removed ${key}, which apply had created`);
    } catch (error) {
      kept.push(key);
      report.restoreFailures.push(`${key}: apply created this key and could not delete it: ${message(error)}`);
      say(`could not remove ${key}: ${message(error)}`);
    }
  }
  return deleted;
}

/**
 * Restores every value written (previous data, or deleted when it did not exist), then removes the keys apply
 * created; returns how many keys it deleted.
 */
async function rollback(backend: RegistryBackend, written: PlannedWrite[], report: ApplyReport, say: (m: string) => void): Promise<number> {
  await restoreValues(backend, written, report, say);
  return removeCreatedKeys(backend, written, report, say);
}

/**
 * Carries out a plan: exports each target key to a new backup file (any failure stops before the first
 * write), writes each value and reads it back, and on any failure or cancellation restores every value
 * already written (previous data, or deleted when it did not exist) and deletes the keys the writes created.
 * Never throws.
 */
export async function executePlan(plan: ApplyPlan, backend: RegistryBackend, files: BackupFiles, hooks: ApplyHooks = {}): Promise<ApplyReport> {
  const report: ApplyReport = { outcome: 'applied', steps: [], backups: [], restored: [], restoreFailures: [] };
  const say = (m: string): void => {
    report.steps.push(m);
    hooks.onProgress?.(m);
  };
  if (plan.skipped) return { ...report, outcome: 'skipped', reason: plan.skipped };
  if (plan.refused) return { ...report, outcome: 'refused', reason: plan.refused };
  const bad = plan.writes.find((w) => !isWritableKey(w.key) && machineValueType(w.key, w.value) !== (w.type ?? REG_BINARY));
  if (bad)
    return {
      ...report,
      outcome: 'refused',
      reason: `${bad.key}\\${bad.value} is neither a service account's Connections key nor a Defender for Endpoint proxy value of its type; nothing else may be written`,
    };

  for (const b of plan.backups) {
    if (!b.keyExists) {
      say(`no backup of ${b.key}: the key does not exist yet`);
      continue;
    }
    let placeholder = false;
    try {
      await files.ensurePrivateDir(path.dirname(b.file));
      // Created here, exclusively, so reg export /y only ever overwrites our own empty file, never one put in its way.
      try {
        files.createExclusive(b.file);
      } catch (error) {
        throw new Error(`${b.file} already exists and is never overwritten; run again for a new name (${message(error)})`, { cause: error });
      }
      placeholder = true;
      await backend.exportKey(b.key, b.file);
      const size = files.size(b.file);
      if (!size) throw new Error(`${b.file} was not written`);
      report.backups.push(b.file);
      say(`backed up ${b.key} to ${b.file}`);
    } catch (error) {
      if (placeholder) {
        try {
          files.removeEmpty(b.file);
        } catch {
          // The empty placeholder stays; the reason below is what matters.
        }
      }
      return { ...report, outcome: 'failed', reason: `backup of ${b.key} failed (${message(error)}); nothing was changed` };
    }
  }

  const written: PlannedWrite[] = [];
  for (const w of plan.writes) {
    const where = `${w.key}\\${w.value}`;
    if (w.unchanged) {
      say(`${where} already holds these settings: left as it is`);
      continue;
    }
    let failure: string | undefined;
    if (hooks.isCancelled?.()) {
      failure = 'cancelled';
    } else {
      // Counted as written before the attempt: a failed reg add may still have changed the value.
      written.push(w);
      try {
        await writeTyped(backend, w.key, w.value, w.type ?? REG_BINARY, w.next);
        const check = await backend.readValue(w.key, w.value);
        if (!same(check?.data, w.next) || check?.type !== (w.type ?? REG_BINARY))
          failure = `read-back of ${where} differs from what was written (${check ? toHex(check.data) : 'value missing'})`;
        else say(`wrote and verified ${where}`);
      } catch (error) {
        failure = `writing ${where} failed: ${message(error)}`;
      }
    }
    if (failure) {
      say(failure === 'cancelled' ? 'cancelled: restoring what was written' : `${failure}: restoring what was written`);
      const removedKeys = (await rollback(backend, written, report, say)) > 0;
      const outcome = failure === 'cancelled' ? 'cancelled' : 'failed';
      const restoreNote = report.restoreFailures.length
        ? `; NOT restored: ${report.restoreFailures.join('; ')} (import the backup files with reg import)`
        : `; every value written was restored${removedKeys ? ' and the keys apply created were deleted' : ''}`;
      return { ...report, outcome, reason: `${failure === 'cancelled' ? 'cancelled' : failure}${restoreNote}` };
    }
  }
  return report;
}
