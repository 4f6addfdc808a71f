import * as fs from 'fs';
import * as path from 'path';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local time as the generated scripts stamp their backups (`Get-Date -Format 'yyyyMMdd-HHmmss'`). */
export function backupStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/**
 * Fills `folder` with a backup named `name(stamp)` for every second of the next `seconds` (as after a run a moment
 * ago), each holding "earlier": a script run now finds the name of its second taken. Returns the names.
 */
export function takeBackupNames(folder: string, name: (stamp: string) => string, seconds = 30): string[] {
  fs.mkdirSync(folder, { recursive: true });
  const taken = Array.from({ length: seconds }, (_, i) => name(backupStamp(new Date(Date.now() + i * 1000))));
  for (const file of taken) fs.writeFileSync(path.join(folder, file), 'earlier');
  return taken;
}

/** The one backup in `folder` that is not among `taken`, checked to be `-2` of a taken name; the taken ones untouched. */
export function nextFreeBackup(folder: string, taken: readonly string[], extension: string): string {
  const names = fs.readdirSync(folder);
  const fresh = names.filter((name) => !taken.includes(name));
  if (fresh.length !== 1) throw new Error(`expected one new backup in ${folder}, found: ${names.join(', ')}`);
  const [name] = fresh;
  if (!name.endsWith(`-2${extension}`) || !taken.includes(name.replace(`-2${extension}`, extension))) {
    throw new Error(`${name} is not the next free name after one taken in the same second`);
  }
  for (const file of taken) {
    if (fs.readFileSync(path.join(folder, file), 'utf8') !== 'earlier') throw new Error(`the earlier backup ${file} was changed`);
  }
  return name;
}
