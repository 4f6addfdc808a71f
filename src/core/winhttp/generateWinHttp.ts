import { generateMachineRegFile } from '../apply/generateMachineReg';
import { assertAscii, regExeKey, regFunctions, scriptPrologue } from '../apply/machinePowerShell';
import { WINHTTP_KEY, WINHTTP_SETTINGS } from '../apply/machineValue';
import { psQuote } from '../wininet/generatePowerShell';
import { WinHttpSettings } from '../wininet/winHttpSettings';
import { winHttpValue } from './winHttpFromManifest';

/** What makes the WinHTTP proxy take effect (the header of every artefact, the DSC configuration's too). */
export const WINHTTP_AFTER = 'Services read the WinHTTP proxy when they start: restart the Sense service (Defender for Endpoint) or the machine.';

/** The .reg text of method `winhttp`: WinHttpSettings (version 0x28, as netsh writes it) under HKLM's Connections key. */
export function generateWinHttpReg(settings: WinHttpSettings, manifestName = ''): string {
  return generateMachineRegFile(
    [winHttpValue(settings)],
    [
      `WinHTTP proxy (netsh winhttp set proxy) for Defender for Identity sensor v3${manifestName ? ` (manifest ${manifestName})` : ''}.`,
      `Proxy ${settings.proxyServer}${settings.bypass ? `, bypass ${settings.bypass}` : ', no bypass list'}. The same as: netsh winhttp set proxy proxy-server="${settings.proxyServer}"${settings.bypass ? ` bypass-list="${settings.bypass}"` : ''}`,
    ],
    WINHTTP_AFTER,
  );
}

/**
 * A Windows PowerShell 5.1 script (pure ASCII): exports HKLM's Connections key (the previous WinHttpSettings) to a
 * dated file, runs `netsh winhttp set proxy`, reads WinHttpSettings back and compares proxy and bypass list, and
 * writes the previous value back (or deletes the value it created) on any difference.
 */
export function generateWinHttpPowerShell(settings: WinHttpSettings, manifestName = ''): string {
  const key = regExeKey(WINHTTP_KEY);
  const lines = [
    ...scriptPrologue([
      'Sets the WinHTTP proxy (netsh winhttp set proxy) that a Defender for Identity sensor v3 reaches its service',
      'through (Defender for Endpoint uses WinHTTP as LocalSystem).',
    ]),
    `$Manifest = ${psQuote(manifestName)}`,
    `$Server = ${psQuote(settings.proxyServer)}`,
    `$Bypass = ${psQuote(settings.bypass)}`,
    `$Key = ${psQuote(key)}`,
    `$Name = ${psQuote(WINHTTP_SETTINGS)}`,
    '',
    ...regFunctions(),
    '# WinHttpSettings: DWORD version (0x28, or 0x18 on older systems), counter, flags (2 = named proxy), then the proxy',
    '# and the bypass list, each a DWORD length and that many ASCII bytes.',
    'function Read-WinHttpFields([string]$Hex) {',
    '    if ($Hex.Length % 2 -ne 0) { throw "WinHttpSettings is not whole bytes" }',
    '    $bytes = New-Object byte[] ($Hex.Length / 2)',
    '    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($Hex.Substring($i * 2, 2), 16) }',
    '    if ($bytes.Length -lt 20) { throw "WinHttpSettings is $($bytes.Length) bytes long: truncated" }',
    '    $fields = @{ Version = [BitConverter]::ToUInt32($bytes, 0); Flags = [BitConverter]::ToUInt32($bytes, 8) }',
    '    $at = 12',
    "    foreach ($field in @('Proxy', 'Bypass')) {",
    '        if ($at + 4 -gt $bytes.Length) { throw "WinHttpSettings is truncated at byte $at" }',
    '        $length = [BitConverter]::ToUInt32($bytes, $at)',
    '        $at += 4',
    '        if ($at + $length -gt $bytes.Length) { throw "WinHttpSettings is truncated at byte $at (a string of $length bytes)" }',
    '        $fields[$field] = [System.Text.Encoding]::ASCII.GetString($bytes, $at, [int]$length)',
    '        $at += [int]$length',
    '    }',
    '    return $fields',
    '}',
    '',
    'Write-Host "Manifest ${Manifest}: WinHTTP proxy $Server"',
    '',
    '# The previous value first: the whole Connections key to a dated file.',
    'Backup-RegKey $Key',
    '$Old = Read-RegValue $Key $Name',
    '',
    '# PowerShell hands each argument to netsh as it is (no cmd.exe: < > ; are not special); netsh takes the values unquoted.',
    "$netshArgs = @('winhttp', 'set', 'proxy', \"proxy-server=$Server\")",
    'if ($Bypass -ne \'\') { $netshArgs += "bypass-list=$Bypass" }',
    'try {',
    "    $ErrorActionPreference = 'Continue'",
    '    $said = (& netsh.exe @netshArgs 2>&1 | ForEach-Object { "$_" }) -join \' \'',
    '    $code = $LASTEXITCODE',
    "    $ErrorActionPreference = 'Stop'",
    '    if ($code -ne 0) { throw "netsh winhttp set proxy failed (exit $code): $said" }',
    '    $now = Read-RegValue $Key $Name',
    '    if ($null -eq $now -or $now.Type -ne \'REG_BINARY\') { throw "netsh wrote no REG_BINARY ${Name}: $said" }',
    '    $got = Read-WinHttpFields $now.Data',
    '    $differences = @()',
    "    if (($got.Flags -band 2) -eq 0) { $differences += ('flags 0x{0:x} name no proxy' -f $got.Flags) }",
    "    if ($got.Proxy -cne $Server) { $differences += \"proxy '$($got.Proxy)' instead of '$Server'\" }",
    "    if ($got.Bypass -cne $Bypass) { $differences += \"bypass '$($got.Bypass)' instead of '$Bypass'\" }",
    '    if ($differences.Count -gt 0) { throw "Read-back of $Key\\$Name differs: $($differences -join \', \')." }',
    '    Write-Host "Set and verified $Key\\$Name (version 0x$(\'{0:x}\' -f $got.Version)): proxy $Server, bypass $Bypass"',
    '} catch {',
    "    $ErrorActionPreference = 'Stop'",
    '    Write-Warning "Failed: $($_.Exception.Message) Restoring the previous value."',
    '    try {',
    '        if ($null -eq $Old) { Remove-RegValue $Key $Name; Write-Warning "Deleted $Key\\${Name}: it did not exist before" }',
    '        else { Set-RegValue $Key $Name $Old.Type $Old.Data; Write-Warning "Restored $Key\\$Name" }',
    '    } catch {',
    '        Write-Warning "Could not restore $Key\\${Name}: $($_.Exception.Message) Import the backup file with reg import."',
    '    }',
    '    throw',
    '}',
    `Write-Host ${psQuote(`Done. ${WINHTTP_AFTER}`)}`,
    '',
  ];
  return assertAscii(lines.join('\r\n'), 'generateWinHttpPowerShell');
}
