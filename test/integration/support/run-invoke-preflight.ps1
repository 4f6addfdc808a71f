# Runs examples/fleet/Invoke-Preflight.ps1 with Invoke-Command replaced by a function (functions come before cmdlets):
# the script runs here once per computer name, its output tagged with PSComputerName as remoting tags it, and a name
# in -Unreachable gives the error record a failed WinRM connection gives. -FromAd leaves -ComputerName out, so the
# recipe asks Get-ADDomainController (also a function here) for the domain controllers.
param([string]$Recipe, [string]$Preflight, [string]$OutputFolder, [string]$Computers, [string]$Unreachable = '', [switch]$FromAd)
$ErrorActionPreference = 'Stop'
$global:unreachable = @($Unreachable -split ',' | Where-Object { $_ })
$global:invocations = @()

function Invoke-Command {
    [CmdletBinding()]
    param([string[]]$ComputerName, [string]$FilePath, [int]$ThrottleLimit, [System.Management.Automation.PSCredential]$Credential)
    $global:invocations += "$($ComputerName -join ',') throttle $ThrottleLimit"
    foreach ($computer in $ComputerName) {
        if ($global:unreachable -contains $computer) {
            Write-Error -Message "[$computer] Connecting to remote server $computer failed with the following error message : WinRM cannot complete the operation." -TargetObject $computer -Category OpenError
            continue
        }
        $env:COMPUTERNAME = $computer
        & $FilePath | ForEach-Object { Add-Member -InputObject $_ -NotePropertyName PSComputerName -NotePropertyValue $computer -PassThru }
    }
}

function Get-ADDomainController {
    param([string]$Filter)
    if ($Filter -ne '*') { throw "Get-ADDomainController -Filter $Filter" }
    foreach ($name in ($Computers -split ',')) { [pscustomobject]@{ HostName = $name } }
}

$arguments = @{ ScriptPath = $Preflight; OutputFolder = $OutputFolder; ThrottleLimit = 2 }
if (-not $FromAd) { $arguments.ComputerName = @($Computers -split ',') }
& $Recipe @arguments
$code = $LASTEXITCODE
Write-Host "INVOCATIONS: $($global:invocations -join ' | ')"
exit $code
