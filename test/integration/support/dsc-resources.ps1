# Runs a generated DSC configuration as PowerShell and prints its Registry resources as JSON. PowerShell 7 on Linux
# parses the Configuration keyword only with OMI's libmi and a DSC schema store, which a .NET-tool PowerShell lacks;
# so the keywords are rewritten into the plain PowerShell they stand for (Configuration -> function, Node -> foreach,
# a resource block -> a call with a hashtable) and the configuration's own values are evaluated by PowerShell.
param([string]$Path)
$ErrorActionPreference = 'Stop'
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
ConvertTo-Json -InputObject @($resources) -Depth 5
