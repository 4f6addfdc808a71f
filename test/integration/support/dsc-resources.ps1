# Parses a generated DSC configuration as it is with PowerShell's parser (ParseFile), then evaluates its Registry
# resources and prints both as JSON: { parseErrors: ["LINE:COLUMN ErrorId Message"], resources: [...] }.
# PowerShell 7 on Linux parses the Configuration keyword only with PS DSC for Linux (OMI) installed; without it,
# ParseFile reports on the keyword "Unable to find DSC schema store at /etc/opt/omi/conf/dsc/configuration" and then
# the unexpected '{' and '}' of its body. The caller checks that these are the only errors. To evaluate the values,
# the keywords are then rewritten, visibly here, into the plain PowerShell they stand for (Configuration -> function,
# Node -> foreach, a resource block -> a call with a hashtable) and the configuration's own values are evaluated.
param([string]$Path)
$ErrorActionPreference = 'Stop'
$fileTokens = $null; $fileErrors = $null
[void][System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$fileTokens, [ref]$fileErrors)
$parseErrors = @($fileErrors | ForEach-Object { '{0}:{1} {2} {3}' -f $_.Extent.StartLineNumber, $_.Extent.StartColumnNumber, $_.ErrorId, ($_.Message -split "`n")[0].Trim() })
$text = [System.IO.File]::ReadAllText($Path)
$text = $text -replace '(?m)^Configuration (\w+)', 'function $1'
$text = $text -replace '(?m)^(\s*)Import-DscResource .*$', '$1# (Import-DscResource)'
$text = $text -replace '(?m)^(\s*)Node \$AllNodes\.NodeName', '$1foreach ($NodeName in $AllNodes.NodeName)'
$text = $text -replace '(?m)^(\s*)Registry (\w+)\s*\r?\n\s*\{', '$1Registry ''$2'' @{'
$tokens = $null; $errors = $null
[void][System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
if ($errors.Count -gt 0) { throw ('parse errors: ' + (($errors | ForEach-Object { $_.Message }) -join '; ')) }
$AllNodes = @(@{ NodeName = 'DC01' })
$resources = [System.Collections.Generic.List[object]]::new()
function Registry([string]$Name, [hashtable]$Properties) {
  $resources.Add([pscustomobject]@{ Name = $Name; Node = $NodeName; Properties = $Properties })
}
. ([scriptblock]::Create($text))
$configuration = (Select-String -InputObject $text -Pattern '(?m)^function (\w+)').Matches[0].Groups[1].Value
& $configuration
ConvertTo-Json -InputObject @{ parseErrors = $parseErrors; resources = @($resources) } -Depth 6
