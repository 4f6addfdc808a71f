// One PowerShell function for every generated script that backs something up (the policy and WinHTTP scripts, the
// WinINET script, the sensor's script and the Ansible backup task): a new file, never an earlier backup, and never a
// failure because a run a moment ago took the name of this second.

/**
 * `New-BackupFile $Dir $Stem $Extension`: creates and returns `$Dir\$Stem$Extension`, or `$Stem-2`, `-3`, … up to 100
 * when that name is taken (a run within the same second). The file is made empty with `CreateNew`, so two runs cannot
 * take one name; the caller fills it (`reg export … /y` or a copy) and removes it when that fails. Throws, with
 * "nothing was changed", when the folder cannot be written or no name is free.
 */
export const NEW_BACKUP_FILE: readonly string[] = [
  'function New-BackupFile([string]$Dir, [string]$Stem, [string]$Extension) {',
  '    New-Item -ItemType Directory -Force -Path $Dir | Out-Null',
  '    for ($n = 1; $n -le 100; $n++) {',
  '        $name = $Stem',
  "        if ($n -gt 1) { $name = $Stem + '-' + $n }",
  '        $path = Join-Path $Dir ($name + $Extension)',
  '        if (Test-Path -LiteralPath $path) { continue }',
  '        try { ([System.IO.File]::Open($path, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write)).Dispose(); return $path }',
  '        catch { if (-not (Test-Path -LiteralPath $path)) { throw "Backup file $path cannot be created ($($_.Exception.Message)): nothing was changed." } }',
  '    }',
  '    throw "No free backup file name $Stem-N$Extension in $($Dir): nothing was changed."',
  '}',
];

/**
 * `Backup-RegKey $Key [$Stem]`: `reg export` of a key to a new file in `$BackupDir` (by default named for the key's
 * last part and `$Stamp`) before anything is written; a key that does not exist has nothing to back up, one that
 * cannot be read stops the script (Test-RegKey throws). Needs Invoke-Reg, Test-RegKey, New-BackupFile, `$BackupDir`
 * and `$Stamp`.
 */
export const BACKUP_REG_KEY: readonly string[] = [
  '# Exports a key to a new dated file before anything is written; an earlier backup is never overwritten.',
  "function Backup-RegKey([string]$Key, [string]$Stem = '') {",
  '    if (-not (Test-RegKey $Key)) { Write-Host "$Key does not exist yet: nothing to back up"; return }',
  "    if ($Stem -eq '') { $Stem = '{0}-{1}' -f ($Key.Split('\\')[-1] -replace '\\s', ''), $Stamp }",
  "    $file = New-BackupFile $BackupDir $Stem '.reg'",
  "    $r = Invoke-Reg @('export', $Key, $file, '/y')",
  '    if ($r.Code -ne 0 -or -not (Test-Path -LiteralPath $file) -or (New-Object System.IO.FileInfo $file).Length -eq 0) {',
  '        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue',
  '        throw "reg export of $Key failed (exit $($r.Code)): nothing was changed. $($r.Text)"',
  '    }',
  '    Write-Host "Backed up $Key to $file"',
  '}',
];
