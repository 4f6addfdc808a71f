import { oneLine } from '../text/oneLine';
import { RegKey } from '../wininet/regFile';
import { formatRegFile } from '../wininet/regWrite';
import { MachineValue } from './machineValue';

/** The values grouped under their keys, in the order first named. */
function keysOf(values: MachineValue[]): RegKey[] {
  const keys: RegKey[] = [];
  for (const v of values) {
    let key = keys.find((k) => k.path === v.key);
    if (!key) {
      key = { path: v.key, deleted: false, line: 0, values: [] };
      keys.push(key);
    }
    key.values.push({ kind: 'set', name: v.name, type: v.type, data: v.data, line: 0 });
  }
  return keys;
}

/** `reg export` spells HKEY_LOCAL_MACHINE out; reg.exe's own commands take HKLM. */
function short(key: string): string {
  return key.replace(/^HKEY_LOCAL_MACHINE\\/i, 'HKLM\\');
}

/**
 * A .reg file (version 5.00, CRLF, regedit folding) setting HKLM values; the comment lines after the header say what
 * it is and how to back up and import it (regedit ignores comments). Text as `encode --format reg` prints it; a file
 * is written UTF-16LE with a byte order mark, as `reg export` writes one.
 */
export function generateMachineRegFile(values: MachineValue[], comments: string[], after: string): string {
  const keys = keysOf(values);
  const instructions = [
    'Before importing, back up the keys this file changes (in an elevated prompt; a key that does not exist yet needs none):',
    ...keys.map((k) => `  reg export "${short(k.path)}" "%TEMP%\\${k.path.split('\\').pop()?.replace(/\s+/g, '')}-backup.reg" /y`),
    'Import it as an administrator: reg import FILE.reg in an elevated prompt, or regedit run as administrator > File > Import.',
    after,
  ];
  const text = formatRegFile(keys);
  const header = 'Windows Registry Editor Version 5.00\r\n';
  return header + [...comments, ...instructions].map((c) => `; ${oneLine(c)}\r\n`).join('') + text.slice(header.length);
}
