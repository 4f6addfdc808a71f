import { ACCOUNT_SIDS, CONNECTIONS_SUBKEY, PROXY_PER_USER_VALUE, PROXY_POLICY_KEY, SENSOR_SERVICES } from './accounts';
import { ConnectionSettings, encodeConnectionSettings } from './connectionSettings';
import { Deployment } from './deployment';
import { toHex } from './hex';
import { BACKUP_REG_KEY, NEW_BACKUP_FILE } from '../apply/backupFilePowerShell';
import { powerShellRegistryFunctions } from './powerShellRegistry';

/** `Test-SameBytes $A $B`: whether two byte arrays are equal (Windows PowerShell 5.1 has no Compare for arrays). */
export const TEST_SAME_BYTES: readonly string[] = [
  'function Test-SameBytes([byte[]]$A, [byte[]]$B) {',
  '    if ($null -eq $A -or $null -eq $B -or $A.Length -ne $B.Length) { return $false }',
  '    for ($i = 0; $i -lt $A.Length; $i++) { if ($A[$i] -ne $B[$i]) { return $false } }',
  '    return $true',
  '}',
];

/**
 * A PowerShell string expression for any text, in printable ASCII only. Windows PowerShell 5.1 reads a script
 * without a byte order mark in the ANSI code page, where the UTF-8 bytes of a non-ASCII character can decode to a
 * typographic quote that ends a literal early (issue 18). So the printable ASCII runs go into single-quoted literals
 * (only ' needs doubling there) and every other UTF-16 unit, line breaks included, becomes a [char] code:
 * `('contoso-' + [char]0x0142 + '.json')`. The expression starts with a literal, so + concatenates strings.
 */
export function psQuote(text: string): string {
  const parts: string[] = [];
  let run = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      run += unit === 0x27 ? "''" : text[i];
      continue;
    }
    if (run !== '' || parts.length === 0) parts.push(`'${run}'`);
    run = '';
    parts.push(`[char]0x${unit.toString(16).padStart(4, '0')}`);
  }
  if (parts.length === 0) return `'${run}'`;
  if (run !== '') parts.push(`'${run}'`);
  return `(${parts.join(' + ')})`;
}

function psArray(items: string[]): string {
  return `@(${items.map(psQuote).join(', ')})`;
}

/** What the script tells the operator about the manifest, as PowerShell-quoted strings (never raw text). */
export interface ScriptContext {
  /** Manifest file the script was generated from. */
  manifestName?: string;
  mode: string;
  proxyServer?: string;
  pacUrl?: string;
}

/**
 * What HKCU's value must carry to be copied (flags, proxy, bypass, PAC URL of the manifest), and the functions that
 * decode a DefaultConnectionSettings value (section 5 of SPEC: DWORD flags at 8, then three DWORD-length ASCII
 * strings) and refuse one that differs, naming each difference. Windows PowerShell 5.1 syntax only.
 */
function manifestProxyCheck(settings: ConnectionSettings): string[] {
  return [
    `$WantFlags = ${settings.flags}`,
    `$WantProxy = ${psQuote(settings.proxyServer)}`,
    `$WantBypass = ${psQuote(settings.bypass)}`,
    `$WantPacUrl = ${psQuote(settings.autoConfigUrl)}`,
    '',
    'function Read-ProxyFields([byte[]]$Bytes) {',
    '    if ($Bytes.Length -lt 12) { throw "the value is $($Bytes.Length) bytes long: too short for a connection-settings value" }',
    '    $fields = @{ Flags = [BitConverter]::ToUInt32($Bytes, 8) }',
    '    $at = 12',
    "    foreach ($field in @('Proxy', 'Bypass', 'PacUrl')) {",
    '        if ($at + 4 -gt $Bytes.Length) { throw "the value is truncated at byte $at" }',
    '        $length = [BitConverter]::ToUInt32($Bytes, $at)',
    '        $at += 4',
    '        if ($at + $length -gt $Bytes.Length) { throw "the value is truncated at byte $at (a string of $length bytes)" }',
    '        $fields[$field] = [System.Text.Encoding]::ASCII.GetString($Bytes, $at, [int]$length)',
    '        $at += [int]$length',
    '    }',
    '    return $fields',
    '}',
    '',
    'function Assert-ManifestProxy([string]$Name, [byte[]]$Bytes) {',
    '    $got = Read-ProxyFields $Bytes',
    '    $differences = @()',
    "    if ($got.Flags -ne $WantFlags) { $differences += ('flags 0x{0:x} instead of 0x{1:x}' -f $got.Flags, $WantFlags) }",
    "    if ($got.Proxy -cne $WantProxy) { $differences += \"proxy '$($got.Proxy)' instead of '$WantProxy'\" }",
    "    if ($got.Bypass -cne $WantBypass) { $differences += \"bypass '$($got.Bypass)' instead of '$WantBypass'\" }",
    "    if ($got.PacUrl -cne $WantPacUrl) { $differences += \"PAC URL '$($got.PacUrl)' instead of '$WantPacUrl'\" }",
    '    if ($differences.Count -gt 0) {',
    "        throw \"HKEY_CURRENT_USER's $Name is not the manifest's proxy: $($differences -join ', '). Nothing was written. Set this user's proxy to the manifest's in Internet Options, or set registry.source to manifest to write the manifest's proxy itself.\"",
    '    }',
    '}',
    '',
  ];
}

/**
 * A Windows PowerShell 5.1 script (pure ASCII, every registry access through reg.exe) that refuses when
 * ProxySettingsPerUser = 0, takes HKCU's values (source currentUser, only when they carry the manifest's proxy) or the
 * encoded value (source manifest), leaves values that already say the same alone, backs up each key it will change
 * with `reg export` to a new dated file, writes with the change counter bumped, reads every value back, and on any
 * failure writes back what was there (deleting the values and the keys it created).
 */
export function generatePowerShell(settings: ConnectionSettings, deployment: Deployment, context: ScriptContext): string {
  const sids = deployment.targets.map((a) => ACCOUNT_SIDS[a]);
  const encoded = toHex(encodeConnectionSettings(settings));
  const source =
    deployment.source === 'currentUser'
      ? [
          "# Source: the current user's values, as the documented procedure copies them, but only when they carry the",
          "# manifest's proxy: the same manifest deploys the same proxy whoever runs this script.",
          'foreach ($name in $Values) {',
          '    $bytes = Get-RegBinary "HKCU\\$Connections" $name',
          '    if ($null -eq $bytes) {',
          '        throw "HKEY_CURRENT_USER has no $name value: configure the proxy in Internet Options (LAN settings) for this user first, or set registry.source to manifest."',
          '    }',
          '    Assert-ManifestProxy -Name $name -Bytes $bytes',
          '    $Source[$name] = $bytes',
          '}',
        ]
      : [
          '# Source: the value encoded from the manifest.',
          `$Encoded = ConvertFrom-Hex ${psQuote(encoded)}`,
          'foreach ($name in $Values) { $Source[$name] = $Encoded }',
        ];
  const lines = [
    '#Requires -RunAsAdministrator',
    '# Sets the WinINET proxy of the Azure ATP / Defender for Identity sensor accounts:',
    '# LocalSystem (S-1-5-18), which runs the sensor updater service AATPSensorUpdater, and',
    '# LocalService (S-1-5-19), which runs the sensor service AATPSensor.',
    `# The services read the proxy when they start: restart them afterwards (Restart-Service ${SENSOR_SERVICES.join(', ')}).`,
    '# Generated by atp-proxy. Run it in an elevated Windows PowerShell 5.1 (or later) on the domain controller.',
    '# Every registry access goes through reg.exe; -BackupDir (default %ProgramData%\\AtpSensorProxy\\Backup) receives',
    '# a reg export of each key before it is changed.',
    "param([string]$BackupDir = '')",
    '',
    "$ErrorActionPreference = 'Stop'",
    'Set-StrictMode -Version 2.0',
    "if ($BackupDir -eq '') { $BackupDir = Join-Path $env:ProgramData 'AtpSensorProxy\\Backup' }",
    '',
    `$Manifest = ${psQuote(context.manifestName ?? '')}`,
    `$Mode = ${psQuote(context.mode)}`,
    `$ProxyServer = ${psQuote(context.proxyServer ?? '')}`,
    `$PacUrl = ${psQuote(context.pacUrl ?? '')}`,
    `$Connections = ${psQuote(CONNECTIONS_SUBKEY)}`,
    `$PolicyKey = ${psQuote(PROXY_POLICY_KEY.replace(/^HKEY_LOCAL_MACHINE\\/, 'HKLM\\'))}`,
    `$Targets = ${psArray(sids)}`,
    `$Values = ${psArray(deployment.values)}`,
    `$Backup = $${deployment.backup ? 'true' : 'false'}`,
    "$Stamp = Get-Date -Format 'yyyyMMdd-HHmmss'",
    '$Source = @{}',
    '',
    'function ConvertFrom-Hex([string]$Hex) {',
    '    $bytes = New-Object byte[] ($Hex.Length / 2)',
    '    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($Hex.Substring($i * 2, 2), 16) }',
    '    return ,$bytes',
    '}',
    '',
    ...TEST_SAME_BYTES,
    '',
    '# The same settings whatever the change counter (offset 4) says: such a value is left alone.',
    'function Test-SameSettings([byte[]]$Old, [byte[]]$New) {',
    '    if ($null -eq $Old -or $Old.Length -ne $New.Length -or $New.Length -lt 8) { return $false }',
    '    $copy = [byte[]]$Old.Clone()',
    '    [Array]::Copy($New, 4, $copy, 4, 4)',
    '    return (Test-SameBytes $copy $New)',
    '}',
    '',
    ...powerShellRegistryFunctions(),
    '',
    ...NEW_BACKUP_FILE,
    '',
    ...BACKUP_REG_KEY,
    ...(deployment.source === 'currentUser' ? manifestProxyCheck(settings) : []),
    'Write-Host "Manifest $Manifest, proxy mode $Mode $ProxyServer$PacUrl"',
    '',
    "# WinINET ignores the accounts' own settings when this policy is 0 (per-machine proxy settings).",
    '$policy = Read-RegKey $PolicyKey',
    `if ($null -ne $policy -and $policy.Values.ContainsKey(${psQuote(PROXY_PER_USER_VALUE)}) -and "$($policy.Values[${psQuote(PROXY_PER_USER_VALUE)}].Data)" -eq '0') {`,
    '    throw "The policy ProxySettingsPerUser = 0 (Make proxy settings per-machine) is set: WinINET reads HKLM\\$Connections for every account, so writing the service accounts\' values would have no effect. Configure the proxy in HKLM instead, or remove the policy, then run this script again."',
    '}',
    '',
    ...source,
    '',
    '# What to write: every target value that does not already hold these settings, with the change counter bumped',
    '# (Windows increments it on every write; do the same). Values of another type stop the script before any change.',
    '# Keys that writing will create (the Connections key, and on a fresh account its parents) are deleted again on failure.',
    '$Plan = New-Object System.Collections.ArrayList',
    '$Created = @()',
    '$Exists = @{}',
    'foreach ($sid in $Targets) {',
    '    $key = "HKU\\$sid\\$Connections"',
    '    $missing = Get-MissingKeys $key',
    '    $Exists[$sid] = ($missing.Count -eq 0)',
    '    $current = $null',
    '    if ($Exists[$sid]) { $current = Read-RegKey $key }',
    '    $changes = $Plan.Count',
    '    foreach ($name in $Values) {',
    '        $old = $null',
    '        if ($null -ne $current -and $current.Values.ContainsKey($name)) {',
    '            if ($current.Values[$name].Type -ne \'REG_BINARY\') { throw "$key\\$name is $($current.Values[$name].Type), not REG_BINARY: nothing was changed. Look at it with regedit." }',
    '            $old = [byte[]]$current.Values[$name].Data',
    '        }',
    '        $new = [byte[]]$Source[$name].Clone()',
    '        if ($null -ne $old -and $old.Length -ge 8 -and $new.Length -ge 8) {',
    '            $counter = [uint32](([uint64][BitConverter]::ToUInt32($old, 4) + 1) % 4294967296)',
    '            [BitConverter]::GetBytes($counter).CopyTo($new, 4)',
    '        }',
    '        if (Test-SameSettings $old $new) { Write-Host "$key\\$name already holds these settings: left unchanged"; continue }',
    '        [void]$Plan.Add(@{ Sid = $sid; Key = $key; Name = $name; Old = $old; New = $new })',
    '    }',
    '    if ($Plan.Count -gt $changes) { $Created += $missing }',
    '}',
    'if ($Plan.Count -eq 0) {',
    '    Write-Host "Nothing to change."',
    '    return',
    '}',
    '',
    '# Back up every key that will change before anything is written; never overwrite an earlier backup.',
    'if ($Backup) {',
    '    foreach ($sid in @($Plan | ForEach-Object { $_.Sid } | Select-Object -Unique)) {',
    '        $key = "HKU\\$sid\\$Connections"',
    '        if (-not $Exists[$sid]) { Write-Host "$key does not exist yet: nothing to back up"; continue }',
    '        Backup-RegKey $key "$sid-Connections-$Stamp"',
    '    }',
    '}',
    '',
    '$Written = New-Object System.Collections.ArrayList',
    'try {',
    '    foreach ($step in $Plan) {',
    '        # Counted before the attempt: a failed reg add may still have changed the value.',
    '        [void]$Written.Add($step)',
    '        Set-RegBinary $step.Key $step.Name $step.New',
    '        $check = Get-RegBinary $step.Key $step.Name',
    '        if (-not (Test-SameBytes $check $step.New)) { throw "Read-back of $($step.Key)\\$($step.Name) does not match what was written." }',
    '        Write-Host "Set and verified $($step.Key)\\$($step.Name)"',
    '    }',
    '} catch {',
    '    Write-Warning "Failed: $($_.Exception.Message) Restoring the previous values."',
    '    for ($i = $Written.Count - 1; $i -ge 0; $i--) {',
    '        $step = $Written[$i]',
    '        try {',
    '            if ($null -eq $step.Old) { Remove-RegValue $step.Key $step.Name }',
    '            else {',
    '                Set-RegBinary $step.Key $step.Name $step.Old',
    '                if (-not (Test-SameBytes (Get-RegBinary $step.Key $step.Name) $step.Old)) { throw "the value read back is not the previous one" }',
    '            }',
    '            Write-Warning "Restored $($step.Key)\\$($step.Name)"',
    '        } catch {',
    '            Write-Warning "Could not restore $($step.Key)\\$($step.Name): $($_.Exception.Message) Import the backup file with reg import."',
    '        }',
    '    }',
    '    # Keys this script created are deleted again (only when empty), so the registry is as it was found.',
    '    foreach ($key in $Created) { Remove-KeyIfEmpty $key }',
    '    throw',
    '}',
    `Write-Host "Done. Restart the sensor services so they use the proxy: Restart-Service ${SENSOR_SERVICES.join(', ')}"`,
    '',
  ];
  const script = lines.join('\r\n');
  // Every manifest value went through psQuote and the rest is our own text: a non-ASCII character here is a bug.
  if (!/^[\x20-\x7e\r\n]*$/.test(script)) throw new Error('generatePowerShell: the script would not be pure ASCII');
  return script;
}
