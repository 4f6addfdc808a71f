// `atp-proxy encode --format ansible`: a playbook that deploys a manifest's registry values with the modules of the
// ansible.windows collection. Reads the values first (read-only, also under --check), backs up the existing keys that
// will change (reg export to a new dated file, never overwriting), sets the values with win_regedit, reads them back
// and stops the host on any difference. Idempotent: a second run changes nothing and backs nothing up.
import { NEW_BACKUP_FILE } from '../apply/backupFilePowerShell';
import { oneLine } from '../text/oneLine';
import { unsafe, yamlQuoted } from './yaml';
import { hexOf, type RegistryValue } from './registryValue';

/** The hive prefix win_regedit takes. */
const PS_HIVE: Record<RegistryValue['hive'], string> = { HKEY_USERS: 'HKU:', HKEY_LOCAL_MACHINE: 'HKLM:' };

/** win_regedit's data for a value: comma-separated hex for binary (as regedit exports it), the text or the number. */
function regeditData(value: RegistryValue): string {
  if (value.data instanceof Uint8Array) return yamlQuoted(`hex:${[...value.data].map((b) => b.toString(16).padStart(2, '0')).join(',')}`);
  return typeof value.data === 'number' ? String(value.data) : unsafe(value.data);
}

/** What the verification compares: binary as upper-case hex, the rest as written. */
function expected(value: RegistryValue): string {
  if (value.data instanceof Uint8Array) return yamlQuoted(hexOf(value.data));
  return typeof value.data === 'number' ? yamlQuoted(String(value.data)) : unsafe(value.data);
}

export interface PlaybookContext {
  manifestName: string;
  /** What the values are, for the play's name ("WinINET proxy of the sensor service accounts"). */
  title: string;
  /** What makes the values take effect (the services to restart), as the method's other artefacts say it. */
  after: string;
}

// Reads every value and compares it with the manifest; changes nothing, so it also runs under --check. The values come
// in as a parameter (data, never code). Stage "before" lists what differs and which existing keys to back up (a key
// that does not exist has nothing to back up: Test-Path decides, not reg.exe's words); stage "after" stops this host
// on any difference ($Ansible.Failed), except under --check, where nothing was written and it only reports.
const COMPARE_SCRIPT = [
  'param([object[]]$Values, [string]$Stage, [string]$CheckMode)',
  '$Ansible.Changed = $false',
  '$differs = @()',
  '$backup = @()',
  '$seen = @{}',
  'foreach ($v in $Values) {',
  "  $path = 'Registry::' + $v.hive + '\\' + $v.key",
  '  $keyExists = Test-Path -LiteralPath $path',
  '  $got = $null',
  '  if ($keyExists) {',
  '    $item = Get-ItemProperty -LiteralPath $path -Name $v.name -ErrorAction SilentlyContinue',
  '    if ($null -ne $item) { $got = $item.($v.name) }',
  '  }',
  "  if ($null -ne $got -and $v.type -eq 'binary') { $got = -join ($got | ForEach-Object { ([byte]$_).ToString('X2') }) }",
  "  if ($null -ne $got -and $v.type -eq 'dword') { $got = [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$got), 0) }",
  '  if ($null -eq $got -or [string]$got -cne [string]$v.expected) {',
  "    $differs += ('{0}\\{1}\\{2}' -f $v.hive, $v.key, $v.name)",
  '    if ($keyExists -and -not $seen.ContainsKey([string]$v.reg_key)) {',
  '      $seen[[string]$v.reg_key] = $true',
  '      $backup += @{ reg_key = [string]$v.reg_key; backup_name = [string]$v.backup_name }',
  '    }',
  '  }',
  '}',
  '$Ansible.Result = @{ differs = $differs; backup = $backup }',
  "if ($Stage -eq 'after' -and $differs.Count -gt 0 -and $CheckMode -ne 'True') {",
  '  $Ansible.Failed = $true',
  "  $Ansible.Result.message = 'These values differ from the manifest after the change: ' + ($differs -join ', ')",
  '}',
];

// Exports each existing key that will change to its own new dated file (New-BackupFile: the next free name when a run
// of the same second took one, never an earlier backup); reg.exe's exit code (not its words, which are in the system's
// language) decides whether an export worked, and the empty file of a failed one is removed.
const BACKUP_SCRIPT = [
  'param([object[]]$Keys, [string]$Folder, [string]$Stamp)',
  '$Ansible.Changed = $false',
  ...NEW_BACKUP_FILE,
  '$done = @()',
  'foreach ($k in $Keys) {',
  "  try { $file = New-BackupFile $Folder ('{0}-{1}' -f $k.backup_name, $Stamp) '.reg' }",
  '  catch {',
  '    $Ansible.Failed = $true',
  '    $Ansible.Result = @{ message = $_.Exception.Message; files = $done }',
  '    return',
  '  }',
  "  $said = (& reg.exe export ([string]$k.reg_key) $file '/y' 2>&1 | Out-String).Trim()",
  '  $code = $LASTEXITCODE',
  '  if ($code -ne 0) {',
  '    Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue',
  '    $Ansible.Failed = $true',
  '    $Ansible.Result = @{ message = "reg export $($k.reg_key) failed (exit code $code): $said Nothing was changed."; files = $done }',
  '    return',
  '  }',
  '  $done += $file',
  '  $Ansible.Changed = $true',
  '}',
  '$Ansible.Result = @{ files = $done }',
];

/** The playbook (YAML) for registry values; hosts come from `target_hosts` (default `domain_controllers`). */
export function generateAnsiblePlaybook(values: readonly RegistryValue[], context: PlaybookContext): string {
  const items = values.flatMap((v) => [
    `      - purpose: ${unsafe(v.purpose)}`,
    `        path: ${yamlQuoted(`${PS_HIVE[v.hive]}\\${v.key}`)}`,
    `        hive: ${yamlQuoted(v.hive)}`,
    `        key: ${yamlQuoted(v.key)}`,
    `        reg_key: ${yamlQuoted(`${v.hive}\\${v.key}`)}`,
    `        backup_name: ${yamlQuoted(v.key.replace(/[\\/:*?"<>| ]+/g, '_'))}`,
    `        name: ${yamlQuoted(v.name)}`,
    `        type: ${v.type}`,
    `        data: ${regeditData(v)}`,
    `        expected: ${expected(v)}`,
  ]);
  return [
    '---',
    `# Generated by ATP Sensor Proxy from ${oneLine(context.manifestName)}: ${oneLine(context.title)}.`,
    '# Run against the domain controllers of your inventory (group domain_controllers, or -e target_hosts=GROUP):',
    '#   ansible-playbook -i inventory.yml atp-sensor-proxy.yml --check   # changes nothing: "Set the values" is',
    '#     changed for each value that differs from the manifest; a host that has them all reports changed=0',
    '#   ansible-playbook -i inventory.yml atp-sensor-proxy.yml',
    '# Needs the ansible.windows collection. Each existing key that changes is exported first to a new dated .reg file',
    '# in atp_proxy_backup_dir; a host whose values differ from the manifest afterwards is stopped (the play fails for it).',
    `# Then: ${oneLine(context.after)}`,
    `- name: ${unsafe(`ATP sensor proxy: ${context.title} (${context.manifestName})`)}`,
    '  hosts: "{{ target_hosts | default(\'domain_controllers\') }}"',
    '  gather_facts: false',
    '  vars:',
    "    atp_proxy_backup_dir: 'C:\\ProgramData\\ATP Sensor Proxy\\backup'",
    '    atp_proxy_stamp: "{{ now(utc=true, fmt=\'%Y%m%dT%H%M%SZ\') }}"',
    '    atp_proxy_values:',
    ...items,
    '  tasks:',
    '    - name: Read the values and find those that differ from the manifest (changes nothing, also under --check)',
    '      ansible.windows.win_powershell:',
    '        parameters:',
    "          Values: '{{ atp_proxy_values }}'",
    '          Stage: before',
    '        script: |',
    ...COMPARE_SCRIPT.map((line) => `          ${line}`),
    '      check_mode: false',
    '      changed_when: false',
    '      register: atp_proxy_before',
    '',
    '    - name: Back up each existing key that will change (reg export to a new dated file, never overwriting one)',
    '      ansible.windows.win_powershell:',
    '        parameters:',
    "          Keys: '{{ atp_proxy_before.result.backup }}'",
    "          Folder: '{{ atp_proxy_backup_dir }}'",
    "          Stamp: '{{ atp_proxy_stamp }}'",
    '        script: |',
    ...BACKUP_SCRIPT.map((line) => `          ${line}`),
    '      when: not ansible_check_mode and atp_proxy_before.result.backup | length > 0',
    '',
    '    - name: Set the values',
    '      ansible.windows.win_regedit:',
    "        path: '{{ item.path }}'",
    "        name: '{{ item.name }}'",
    "        type: '{{ item.type }}'",
    "        data: '{{ item.data }}'",
    "      loop: '{{ atp_proxy_values }}'",
    '      loop_control:',
    "        label: '{{ item.reg_key }}\\{{ item.name }}'",
    '',
    '    - name: Read every value back; stop this host on any difference from the manifest (under --check, only report)',
    '      ansible.windows.win_powershell:',
    '        parameters:',
    "          Values: '{{ atp_proxy_values }}'",
    '          Stage: after',
    "          CheckMode: '{{ ansible_check_mode }}'",
    '        script: |',
    ...COMPARE_SCRIPT.map((line) => `          ${line}`),
    '      check_mode: false',
    '      changed_when: false',
    '',
  ].join('\n');
}
