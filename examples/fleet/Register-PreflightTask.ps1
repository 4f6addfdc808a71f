#Requires -Version 5.1
<#
.SYNOPSIS
    Registers a scheduled task that runs the atp-proxy preflight script as SYSTEM on this machine and writes its
    JSON document to a share, named after the computer, for atp-proxy report.
.DESCRIPTION
    For estates that fan out with Group Policy (a computer startup script, or Preferences > Scheduled Tasks) or
    Intune (a platform script, which runs as SYSTEM) rather than remoting. Run on each domain controller, elevated.
    The preflight script is copied to -InstallFolder (only SYSTEM and Administrators may change it there), so a later
    change on the share is not run as SYSTEM until this script registers the task again. The task runs:
        powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <InstallFolder>\preflight.ps1
            -OutFile <ResultShare>\<COMPUTERNAME>.json
    daily at -At (spread over 30 minutes) and, with -AtStartup, at each start. SYSTEM writes to the share as the
    computer account (DOMAIN\DC01$): give the Domain Controllers group Modify on the share folder. -Unregister
    removes the task and the copy.
.PARAMETER ScriptPath
    The preflight script (atp-proxy preflight --out preflight.ps1 MANIFEST), e.g. on SYSVOL or a share.
.PARAMETER ResultShare
    The folder the documents go to, e.g. \\fs01\preflight$. Then: atp-proxy report \\fs01\preflight$
.EXAMPLE
    .\Register-PreflightTask.ps1 -ScriptPath \\contoso.com\SYSVOL\contoso.com\scripts\preflight.ps1 -ResultShare \\fs01\preflight$ -RunNow
.EXAMPLE
    .\Register-PreflightTask.ps1 -Unregister
#>
[CmdletBinding(DefaultParameterSetName = 'Register')]
param(
    # Intune platform scripts take no parameters: fill in these two defaults in a copy for Intune.
    [Parameter(ParameterSetName = 'Register')] [string] $ScriptPath = '',
    [Parameter(ParameterSetName = 'Register')] [string] $ResultShare = '',
    [Parameter(ParameterSetName = 'Register')] [DateTime] $At = '03:00',
    [Parameter(ParameterSetName = 'Register')] [switch] $AtStartup,
    [Parameter(ParameterSetName = 'Register')] [switch] $RunNow,
    [Parameter(Mandatory = $true, ParameterSetName = 'Unregister')] [switch] $Unregister,
    [string] $InstallFolder = '',
    [string] $TaskName = 'ATP Sensor Proxy preflight'
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$TaskPath = '\AtpSensorProxy\'
if ($InstallFolder -eq '') { $InstallFolder = Join-Path $env:ProgramData 'AtpSensorProxy\Preflight' }
$local = Join-Path $InstallFolder 'preflight.ps1'

if ($Unregister) {
    if (Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -ErrorAction SilentlyContinue) {
        Unregister-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Confirm:$false
        Write-Host "Removed the task $TaskPath$TaskName"
    }
    if (Test-Path -LiteralPath $local) { Remove-Item -LiteralPath $local; Write-Host "Removed $local" }
    exit 0
}

if ($ScriptPath -eq '' -or $ResultShare -eq '') { throw 'Give -ScriptPath (the preflight script) and -ResultShare (the folder for the documents), or fill in their defaults.' }
if (-not (Test-Path -LiteralPath $ScriptPath -PathType Leaf)) { throw "$ScriptPath does not exist: generate it with atp-proxy preflight --out preflight.ps1 MANIFEST." }
if (-not $env:COMPUTERNAME) { throw 'COMPUTERNAME is not set: run this on the Windows machine to be checked.' }
if (-not (Test-Path -LiteralPath $ResultShare -PathType Container)) { throw "$ResultShare is not a reachable folder from this machine." }

# A folder only SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) may change: the task runs its script as SYSTEM.
New-Item -ItemType Directory -Force -Path $InstallFolder | Out-Null
& icacls.exe $InstallFolder /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not restrict $InstallFolder (exit $LASTEXITCODE)." }
Copy-Item -LiteralPath $ScriptPath -Destination $local -Force
$hash = (Get-FileHash -LiteralPath $local -Algorithm SHA256).Hash
Write-Host "Copied $ScriptPath to $local (SHA256 $hash)"

# The computer name is this machine's, fixed now: the task writes the same file each time it runs.
$outFile = Join-Path $ResultShare "$env:COMPUTERNAME.json"
$arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$local`" -OutFile `"$outFile`""
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments
$triggers = @(New-ScheduledTaskTrigger -Daily -At $At -RandomDelay (New-TimeSpan -Minutes 30))
if ($AtStartup) { $triggers += New-ScheduledTaskTrigger -AtStartup }
$principal = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Minutes 30) -MultipleInstances IgnoreNew
Register-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Action $action -Trigger $triggers -Principal $principal -Settings $settings -Force | Out-Null
Write-Host "Registered $TaskPath$TaskName as SYSTEM: powershell.exe $arguments"
if ($RunNow) {
    Start-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath
    Write-Host "Started it once now; the document appears in $outFile within a few minutes."
}
