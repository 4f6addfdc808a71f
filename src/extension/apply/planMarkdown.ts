// Preview Apply's document: the plan as Markdown, each value decoded before and after.
import type { ApplyPlan } from '../../core/apply/plan';
import { NEW_KEY_NOTE } from '../../core/apply/describePlan';
import { describeMachineData, WINHTTP_SETTINGS } from '../../core/apply/machineValue';
import { decodeConnectionSettings } from '../../core/wininet/connectionSettings';
import { markdownCode, markdownFence, markdownText } from '../../core/text/markdown';
import { toHex } from '../../core/wininet/hex';
import { settingsParts } from '../../core/wininet/describe';
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_SZ } from '../../core/wininet/regFile';
import { decodeWinHttpSettings } from '../../core/wininet/winHttpSettings';

/**
 * A value as the table shows it, by its type and name: REG_SZ text and REG_DWORD numbers (the Defender for Endpoint
 * policy values), WinHttpSettings as netsh's layout, every other REG_BINARY as WinINET's connection settings.
 */
function cell(data: Uint8Array | undefined, type: number, name: string): string {
  if (data === undefined) return '(no value)';
  // Values from the manifest or the registry: code spans, which Markdown never turns into links, images or HTML.
  if (type === REG_SZ || type === REG_EXPAND_SZ || type === REG_DWORD)
    return markdownCode(describeMachineData(type === REG_EXPAND_SZ ? REG_SZ : type, data)).replace(/\|/g, '\\|');
  if (type !== REG_BINARY) return `not decodable: \`${toHex(data)}\``;
  const d = name.toLowerCase() === WINHTTP_SETTINGS.toLowerCase() ? decodeWinHttpSettings(data) : decodeConnectionSettings(data);
  if (!d.ok) return `not decodable: \`${toHex(data)}\``;
  return settingsParts(d.value, { quote: markdownCode }).join(', ').replace(/\|/g, '\\|');
}

/** The plan as a Markdown preview: what is read, backed up and written, each value decoded before and after. */
export function planMarkdown(plan: ApplyPlan, manifestName: string, described: string): string {
  const lines = [
    `# Apply plan for ${markdownText(manifestName)}`,
    '',
    'Preview only: nothing has been changed. **Apply** backs up, writes, reads back, and on any failure restores every value written and deletes the keys it created.',
    '',
  ];
  if (plan.skipped) lines.push(`**Nothing to do:** ${markdownText(plan.skipped)}.`);
  else if (plan.refused) lines.push(`**Refused:** ${markdownText(plan.refused)}`);
  else {
    lines.push(`Source: ${markdownText(plan.sourceDescription)}`, '');
    for (const note of plan.notes) lines.push(`> Note: ${markdownText(note)}`, '');
    lines.push('| account | value | before | after |', '|---|---|---|---|');
    for (const w of plan.writes)
      lines.push(
        `| ${w.account} | ${markdownText(w.value)} | ${cell(w.previous, w.previousType ?? REG_BINARY, w.value)} | ${w.unchanged ? '(already set: left as it is)' : cell(w.next, w.type ?? REG_BINARY, w.value)} |`,
      );
    lines.push('', '## Backups', '');
    if (plan.backups.length === 0) lines.push('None (registry.backup is false).');
    for (const b of plan.backups) lines.push(b.keyExists ? `- ${markdownCode(b.key)} → ${markdownCode(b.file)}` : `- ${markdownCode(b.key)} ${NEW_KEY_NOTE}`);
  }
  // A fence longer than any backtick run in the text: a value holding ``` cannot close the block early.
  const fence = markdownFence(described);
  lines.push('', '## As `atp-proxy apply --dry-run` prints it', '', `${fence}text`, described.trimEnd(), fence, '');
  return lines.join('\n');
}
