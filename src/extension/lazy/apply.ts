// Apply, loaded on first use (a separate webpack chunk), driven the way `atp-proxy apply` drives core.
import * as fs from 'fs';
import * as path from 'path';
import type { BackupFiles } from '../../core/apply/execute';
import type { ApplyPlan } from '../../core/apply/plan';
import { NEW_KEY_NOTE } from '../../core/apply/describePlan';
import { decodeConnectionSettings } from '../../core/wininet/connectionSettings';
import { toHex } from '../../core/wininet/hex';

export { describePlan } from '../../core/apply/describePlan';
export { executePlan } from '../../core/apply/execute';
export type { ApplyReport } from '../../core/apply/execute';
export { buildPlanSafely } from '../../core/apply/plan';
export { encodeManifestText } from '../../core/wininet/fromManifest';

/** Backup files on the real disk. */
export const diskFiles: BackupFiles = {
  exists: (file) => fs.existsSync(file),
  ensureDir: (dir) => fs.mkdirSync(dir, { recursive: true }),
  size: (file) => (fs.existsSync(file) ? fs.statSync(file).size : undefined),
};

/** Where backups go: the setting, else `%ProgramData%\AtpSensorProxy\Backup` on Windows, else the extension's storage. */
export function backupDirectory(setting: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv, storagePath: string): string {
  if (setting.trim()) return path.resolve(setting.trim());
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'AtpSensorProxy', 'Backup');
  return path.join(storagePath, 'backups');
}

function cell(data: Uint8Array | undefined): string {
  if (data === undefined) return '(no value)';
  const d = decodeConnectionSettings(data);
  if (!d.ok) return `not decodable: \`${toHex(data)}\``;
  const s = d.value;
  const parts = [`flags 0x${s.flags.toString(16)}`, `counter ${s.counter}`];
  if (s.proxyServer) parts.push(`proxy \`${s.proxyServer}\``);
  if (s.bypass) parts.push(`bypass \`${s.bypass}\``);
  if (s.autoConfigUrl) parts.push(`PAC \`${s.autoConfigUrl}\``);
  return parts.join(', ').replace(/\|/g, '\\|');
}

/** The plan as a Markdown preview: what is read, backed up and written, each value decoded before and after. */
export function planMarkdown(plan: ApplyPlan, manifestName: string, described: string): string {
  const lines = [`# Apply plan for ${manifestName}`, '', 'Preview only: nothing has been changed. **Apply** backs up, writes, reads back, and on any failure restores every value written and deletes the keys it created.', ''];
  if (plan.skipped) lines.push(`**Nothing to do:** ${plan.skipped}.`);
  else if (plan.refused) lines.push(`**Refused:** ${plan.refused}`);
  else {
    lines.push(`Source: ${plan.sourceDescription}`, '');
    for (const note of plan.notes) lines.push(`> Note: ${note}`, '');
    lines.push('| account | value | before | after |', '|---|---|---|---|');
    for (const w of plan.writes) lines.push(`| ${w.account} | ${w.value} | ${cell(w.previous)} | ${w.unchanged ? '(already set: left as it is)' : cell(w.next)} |`);
    lines.push('', '## Backups', '');
    if (plan.backups.length === 0) lines.push('None (registry.backup is false).');
    for (const b of plan.backups) lines.push(b.keyExists ? `- \`${b.key}\` → \`${b.file}\`` : `- \`${b.key}\` ${NEW_KEY_NOTE}`);
  }
  lines.push('', '## As `atp-proxy apply --dry-run` prints it', '', '```text', described.trimEnd(), '```', '');
  return lines.join('\n');
}
