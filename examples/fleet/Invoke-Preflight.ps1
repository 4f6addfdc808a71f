#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the atp-proxy preflight script on many domain controllers at once over PowerShell remoting and keeps one
    JSON document per machine for atp-proxy report.
.DESCRIPTION
    Invoke-Command runs the script on -ThrottleLimit machines at a time. Each machine's document is written to
    <OutputFolder>\<PSComputerName>.json (UTF-8). A machine that cannot be reached, or whose script printed no
    document, never stops the others: it is listed at the end and in <OutputFolder>\unreachable.txt. Exit 0 when
    every machine answered, 1 when one did not. Then run: atp-proxy report <OutputFolder>
.PARAMETER ScriptPath
    The preflight script, from: atp-proxy preflight --out preflight.ps1 contoso.atpproxy.jsonc
.PARAMETER ComputerName
    The machines to check. Default: every domain controller of this domain (Get-ADDomainController -Filter *, from
    the ActiveDirectory module of RSAT).
.PARAMETER OutputFolder
    Where the documents go (created when missing; a machine's earlier document is replaced). Default preflight-results.
.PARAMETER ThrottleLimit
    How many machines run at once (default 32).
.PARAMETER Credential
    An account for the remote sessions, when not the one running this script.
.EXAMPLE
    .\Invoke-Preflight.ps1 -ScriptPath .\preflight.ps1 -OutputFolder .\preflight-results -ThrottleLimit 64
    atp-proxy report --format html .\preflight-results | Out-File -Encoding utf8 fleet.html
.EXAMPLE
    .\Invoke-Preflight.ps1 -ScriptPath .\preflight.ps1 -ComputerName DC01, DC02.contoso.com
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ScriptPath,
    [string[]] $ComputerName,
    [string] $OutputFolder = 'preflight-results',
    [ValidateRange(1, 1000)] [int] $ThrottleLimit = 32,
    [System.Management.Automation.PSCredential] $Credential
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$script = (Resolve-Path -LiteralPath $ScriptPath).ProviderPath
if (-not $ComputerName) {
    if (-not (Get-Command -Name Get-ADDomainController -ErrorAction SilentlyContinue)) {
        throw 'Get-ADDomainController is not available: install RSAT (ActiveDirectory module) or give -ComputerName.'
    }
    $ComputerName = @(Get-ADDomainController -Filter * | ForEach-Object { $_.HostName } | Sort-Object)
    Write-Host "$($ComputerName.Count) domain controllers: $($ComputerName -join ', ')"
}
$ComputerName = @($ComputerName | Where-Object { $_ } | Select-Object -Unique)
if ($ComputerName.Count -eq 0) { throw 'No machine to check: give -ComputerName.' }
New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
$folder = (Resolve-Path -LiteralPath $OutputFolder).ProviderPath

# Each output line arrives tagged with the machine it came from (PSComputerName); a machine that cannot be reached
# gives an error record instead, which ErrorAction SilentlyContinue keeps from stopping the others.
$remote = @{
    ComputerName  = $ComputerName
    FilePath      = $script
    ThrottleLimit = $ThrottleLimit
    ErrorAction   = 'SilentlyContinue'
    ErrorVariable = 'remoteErrors'
}
if ($Credential) { $remote.Credential = $Credential }
$remoteErrors = @()
$outputs = @{}
Invoke-Command @remote | ForEach-Object {
    $name = [string]$_.PSComputerName
    if (-not $outputs.ContainsKey($name)) { $outputs[$name] = New-Object System.Collections.Generic.List[string] }
    $outputs[$name].Add([string]$_)
}

$utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false
$answered = @()
$missing = @()
foreach ($computer in $ComputerName) {
    $text = ''
    if ($outputs.ContainsKey($computer)) { $text = ($outputs[$computer] -join "`n").Trim() }
    if ($text.StartsWith('{')) {
        $file = Join-Path $folder (($computer -replace '[\\/:*?"<>|]', '_') + '.json')
        [System.IO.File]::WriteAllText($file, $text + "`n", $utf8)
        $answered += $computer
        continue
    }
    # Why: the error record naming this machine (connection refused, access denied...), else what it printed.
    $why = @($remoteErrors | Where-Object {
            ($_.PSObject.Properties['OriginInfo'] -and $_.OriginInfo -and $_.OriginInfo.PSComputerName -eq $computer) -or
            ([string]$_.TargetObject -eq $computer)
        } | ForEach-Object { $_.Exception.Message } | Select-Object -First 1)
    if ($why.Count -eq 0) {
        if ($text) { $why = @("no JSON document in its output: $text") } else { $why = @('no output') }
    }
    $missing += "$computer`t$($why[0] -replace '\s+', ' ')"
}

$list = Join-Path $folder 'unreachable.txt'
if ($missing.Count -gt 0) { [System.IO.File]::WriteAllLines($list, [string[]]$missing, $utf8) }
elseif (Test-Path -LiteralPath $list) { Remove-Item -LiteralPath $list }
Write-Host "$($answered.Count) of $($ComputerName.Count) machines answered; documents in $folder"
if ($missing.Count -gt 0) {
    Write-Warning "$($missing.Count) gave no document (listed in $list):"
    foreach ($line in $missing) { Write-Warning "  $line" }
}
Write-Host "Next: atp-proxy report --format html `"$folder`" | Out-File -Encoding utf8 fleet.html"
if ($missing.Count -gt 0) { exit 1 }
exit 0
