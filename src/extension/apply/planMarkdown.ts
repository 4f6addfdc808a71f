// Preview Apply's document: the plan as Markdown, each value decoded before and after.
import type { ApplyPlan } from '../../core/apply/plan';
import { NEW_KEY_NOTE } from '../../core/apply/describePlan';
import { decodeConnectionSettings } from '../../core/wininet/connectionSettings';
import { markdownCode, markdownFence, markdownText } from '../../core/text/markdown';
import { toHex } from '../../core/wininet/hex';
import { settingsParts } from '../../core/wininet/describe';

function cell(data: Uint8Array | undefined): string {
  if (data === undefined) return '(no value)';
  const d = decodeConnectionSettings(data);
  if (!d.ok) return `not decodable: \`${toHex(data)}\``;
  // Values from the manifest or the registry: code spans, which Markdown never turns into links, images or HTML.
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
      lines.push(`| ${w.account} | ${markdownText(w.value)} | ${cell(w.previous)} | ${w.unchanged ? '(already set: left as it is)' : cell(w.next)} |`);
    lines.push('', '## Backups', '');
    if (plan.backups.length === 0) lines.push('None (registry.backup is false).');
    for (const b of plan.backups) lines.push(b.keyExists ? `- ${markdownCode(b.key)} → ${markdownCode(b.file)}` : `- ${markdownCode(b.key)} ${NEW_KEY_NOTE}`);
  }
  // A fence longer than any backtick run in the text: a value holding ``` cannot close the block early.
  const fence = markdownFence(described);
  lines.push('', '## As `atp-proxy apply --dry-run` prints it', '', `${fence}text`, described.trimEnd(), fence, '');
  return lines.join('\n');
}
