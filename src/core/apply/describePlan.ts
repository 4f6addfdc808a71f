import { decodeConnectionSettings } from '../wininet/connectionSettings';
import { toHex } from '../wininet/hex';
import { settingsParts } from '../wininet/describe';
import { describeMachineData } from './machineValue';
import { ApplyPlan, PlannedWrite } from './plan';
import { REG_BINARY } from '../wininet/regFile';

function settingsLine(data: Uint8Array | undefined): string {
  if (data === undefined) return '(no value)';
  const d = decodeConnectionSettings(data);
  if (!d.ok) return `(not decodable: ${toHex(data)})`;
  return settingsParts(d.value).join(', ');
}

/** A WinINET value decoded; a v3 method's HKLM value as text, number or hex. */
function valueLine(w: PlannedWrite, data: Uint8Array | undefined, type: number | undefined): string {
  return w.account === 'LocalMachine' ? describeMachineData(type ?? REG_BINARY, data) : settingsLine(data);
}

/** What the plan says of a target key that does not exist yet (the CLI's plan and the VS Code preview). */
export const NEW_KEY_NOTE = 'does not exist yet: nothing to back up (writing creates it; a rollback deletes it again)';

/** The plan as text: what is read, backed up and written, with each value decoded before and after. */
export function describePlan(plan: ApplyPlan): string {
  if (plan.skipped) return `Nothing to do: ${plan.skipped}.\n`;
  const lines: string[] = [];
  if (plan.refused) return `Refused: ${plan.refused}\n`;
  lines.push(`Source: ${plan.sourceDescription}`);
  for (const note of plan.notes) lines.push(`Note: ${note}`);
  lines.push('', 'Backups:');
  if (plan.backups.length === 0) lines.push('  none');
  for (const b of plan.backups) lines.push(b.keyExists ? `  reg export ${b.key} -> ${b.file}` : `  ${b.key} ${NEW_KEY_NOTE}`);
  lines.push('', 'Writes (each read back and compared; any failure restores every value written):');
  for (const w of plan.writes) {
    lines.push(`  ${w.account}: ${w.key}\\${w.value}${w.unchanged ? ' (already set: left as it is)' : ''}`);
    lines.push(`    before: ${valueLine(w, w.previous, w.previousType)}`);
    if (!w.unchanged) lines.push(`    after:  ${valueLine(w, w.next, w.type)}`);
  }
  return `${lines.join('\n')}\n`;
}
