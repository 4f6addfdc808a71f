import { ACCOUNT_SIDS, CONNECTIONS_SUBKEY, SENSOR_SERVICES } from './accounts';
import { ConnectionSettings, encodeConnectionSettings } from './connectionSettings';
import { Deployment } from './deployment';
import { toHex } from './hex';

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
 * A PowerShell script that backs up each target key with `reg export`, refuses when ProxySettingsPerUser = 0,
 * copies HKCU's values (source currentUser) or writes the encoded value (source manifest) with the change
 * counter bumped, reads every value back, and restores what it wrote if anything fails.
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
          '    $bytes = Get-BinaryValue -Path "Registry::HKEY_CURRENT_USER\\$Connections" -Name $name',
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
    '# Generated by atp-proxy. Run it in an elevated Windows PowerShell on the domain controller.',
    '',
    "$ErrorActionPreference = 'Stop'",
    'Set-StrictMode -Version 2.0',
    '',
    `$Manifest = ${psQuote(context.manifestName ?? '')}`,
    `$Mode = ${psQuote(context.mode)}`,
    `$ProxyServer = ${psQuote(context.proxyServer ?? '')}`,
    `$PacUrl = ${psQuote(context.pacUrl ?? '')}`,
    `$Connections = ${psQuote(CONNECTIONS_SUBKEY)}`,
    `$Targets = ${psArray(sids)}`,
    `$Values = ${psArray(deployment.values)}`,
    `$Backup = $${deployment.backup ? 'true' : 'false'}`,
    "$BackupDir = Join-Path $env:ProgramData 'AtpSensorProxy\\Backup'",
    "$Stamp = Get-Date -Format 'yyyyMMdd-HHmmss'",
    '$Source = @{}',
    '',
    'function ConvertFrom-Hex([string]$Hex) {',
    '    $bytes = New-Object byte[] ($Hex.Length / 2)',
    '    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($Hex.Substring($i * 2, 2), 16) }',
    '    return ,$bytes',
    '}',
    '',
    'function Get-BinaryValue([string]$Path, [string]$Name) {',
    '    if (-not (Test-Path -LiteralPath $Path)) { return $null }',
    '    $item = Get-Item -LiteralPath $Path',
    '    if ($item.GetValueNames() -notcontains $Name) { return $null }',
    '    return ,([byte[]]$item.GetValue($Name))',
    '}',
    '',
    ...TEST_SAME_BYTES,
    '',
    ...(deployment.source === 'currentUser' ? manifestProxyCheck(settings) : []),
    'Write-Host "Manifest $Manifest, proxy mode $Mode $ProxyServer$PacUrl"',
    '',
    "# WinINET ignores the accounts' own settings when this policy is 0 (per-machine proxy settings).",
    "$policyKey = 'Registry::HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'",
    "if ((Test-Path -LiteralPath $policyKey) -and ((Get-Item -LiteralPath $policyKey).GetValueNames() -contains 'ProxySettingsPerUser')) {",
    "    if ((Get-Item -LiteralPath $policyKey).GetValue('ProxySettingsPerUser') -eq 0) {",
    '        throw "The policy ProxySettingsPerUser = 0 (Make proxy settings per-machine) is set: WinINET reads HKLM\\$Connections for every account, so writing the service accounts\' values would have no effect. Configure the proxy in HKLM instead, or remove the policy, then run this script again."',
    '    }',
    '}',
    '',
    ...source,
    '',
    '# Back up every target key before anything is written; never overwrite an earlier backup.',
    'if ($Backup) {',
    '    New-Item -ItemType Directory -Force -Path $BackupDir | Out-Null',
    '    foreach ($sid in $Targets) {',
    '        if (-not (Test-Path -LiteralPath "Registry::HKEY_USERS\\$sid\\$Connections")) { Write-Host "HKU\\$sid\\$Connections does not exist yet: nothing to back up"; continue }',
    '        $file = Join-Path $BackupDir "$sid-Connections-$Stamp.reg"',
    '        if (Test-Path -LiteralPath $file) { throw "Backup file $file already exists: wait a second and run again." }',
    '        & reg.exe export "HKU\\$sid\\$Connections" $file /y | Out-Null',
    '        if ($LASTEXITCODE -ne 0) { throw "reg export of HKU\\$sid\\$Connections failed (exit $LASTEXITCODE): nothing was changed." }',
    '        Write-Host "Backed up HKU\\$sid\\$Connections to $file"',
    '    }',
    '}',
    '',
    '$Written = New-Object System.Collections.ArrayList',
    '$Created = New-Object System.Collections.ArrayList',
    'try {',
    '    foreach ($sid in $Targets) {',
    '        $path = "Registry::HKEY_USERS\\$sid\\$Connections"',
    '        if (-not (Test-Path -LiteralPath $path)) { New-Item -Path $path -Force | Out-Null; [void]$Created.Add($path) }',
    '        foreach ($name in $Values) {',
    '            $old = Get-BinaryValue -Path $path -Name $name',
    '            $new = [byte[]]$Source[$name].Clone()',
    '            # Windows bumps the change counter (offset 4) on every write; do the same.',
    '            if ($null -ne $old -and $old.Length -ge 8 -and $new.Length -ge 8) {',
    '                $counter = [uint32](([uint64][BitConverter]::ToUInt32($old, 4) + 1) % 4294967296)',
    '                [BitConverter]::GetBytes($counter).CopyTo($new, 4)',
    '            }',
    '            [void]$Written.Add(@{ Path = $path; Name = $name; Old = $old })',
    '            Set-ItemProperty -LiteralPath $path -Name $name -Value $new -Type Binary',
    '            $check = Get-BinaryValue -Path $path -Name $name',
    '            if (-not (Test-SameBytes $check $new)) { throw "Read-back of HKU\\$sid\\$Connections\\$name does not match what was written." }',
    '            Write-Host "Set and verified HKU\\$sid\\$Connections\\$name"',
    '        }',
    '    }',
    '} catch {',
    '    Write-Warning "Failed: $($_.Exception.Message) Restoring the previous values."',
    '    foreach ($entry in $Written) {',
    '        if ($null -eq $entry.Old) { Remove-ItemProperty -LiteralPath $entry.Path -Name $entry.Name -ErrorAction SilentlyContinue }',
    '        else { Set-ItemProperty -LiteralPath $entry.Path -Name $entry.Name -Value $entry.Old -Type Binary }',
    '        Write-Warning "Restored $($entry.Path)\\$($entry.Name)"',
    '    }',
    '    # Keys this script created are deleted again (only when empty), so the registry is as it was found.',
    '    foreach ($key in $Created) {',
    '        $item = Get-Item -LiteralPath $key -ErrorAction SilentlyContinue',
    '        if ($null -ne $item -and $item.ValueCount -eq 0 -and $item.SubKeyCount -eq 0) { Remove-Item -LiteralPath $key; Write-Warning "Removed $key, which this script had created" }',
    '        elseif ($null -ne $item) { Write-Warning "$key was created by this script but is not empty: left in place" }',
    '    }',
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
