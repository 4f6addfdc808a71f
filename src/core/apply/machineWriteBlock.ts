/**
 * The write part of a v3 method's script: for each value of $Values, remember what was there, reg add, read back and
 * compare; on any failure restore every value written (previous data, or deleted when it did not exist), delete the
 * keys the script created (when empty), and rethrow. Needs regFunctions() and $Values.
 */
export function writeValuesBlock(): string[] {
  return [
    '$Created = @()',
    'foreach ($key in @($Values | ForEach-Object { $_.Key } | Select-Object -Unique)) { $Created += Get-MissingKeys $key }',
    '# Deepest first, each once: a parent is removed only after the keys below it.',
    '$Created = @($Created | Select-Object -Unique | Sort-Object { $_.Length } -Descending)',
    '$Written = New-Object System.Collections.ArrayList',
    'try {',
    '    foreach ($v in $Values) {',
    '        $old = Read-RegValue $v.Key $v.Name',
    '        # Counted before the attempt: a failed reg add may still have changed the value.',
    '        [void]$Written.Add(@{ Value = $v; Old = $old })',
    '        Set-RegValue $v.Key $v.Name $v.Type $v.Data',
    '        $check = Read-RegValue $v.Key $v.Name',
    '        if ($null -eq $check -or $check.Type -ne $v.Type -or -not (Test-SameData $v.Type $check.Data $v.Data)) {',
    '            throw "Read-back of $($v.Key)\\$($v.Name) is not what was written ($(if ($null -eq $check) { \'no value\' } else { "$($check.Type) $($check.Data)" }))."',
    '        }',
    '        Write-Host "Set and verified $($v.Key)\\$($v.Name) = $($v.Data)"',
    '    }',
    '} catch {',
    '    Write-Warning "Failed: $($_.Exception.Message) Restoring the previous values."',
    '    for ($i = $Written.Count - 1; $i -ge 0; $i--) {',
    '        $entry = $Written[$i]',
    '        $v = $entry.Value',
    '        try {',
    '            if ($null -eq $entry.Old) { Remove-RegValue $v.Key $v.Name }',
    '            else { Set-RegValue $v.Key $v.Name $entry.Old.Type $entry.Old.Data }',
    '            Write-Warning "Restored $($v.Key)\\$($v.Name)"',
    '        } catch {',
    '            Write-Warning "Could not restore $($v.Key)\\$($v.Name): $($_.Exception.Message) Import the backup file with reg import."',
    '        }',
    '    }',
    '    foreach ($key in $Created) { Remove-EmptyKey $key }',
    '    throw',
    '}',
  ];
}
