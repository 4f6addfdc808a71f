# Runs examples/fleet/Register-PreflightTask.ps1 with the ScheduledTasks cmdlets and icacls.exe replaced by functions
# that take the real ones' parameters and record what they were given; prints the record as JSON.
param([string]$Recipe, [string]$Preflight, [string]$Share, [string]$InstallFolder)
$ErrorActionPreference = 'Stop'
$global:record = [ordered]@{ icacls = @(); registered = $null; started = $false }

function icacls.exe { $global:record.icacls += ($args -join ' '); $global:LASTEXITCODE = 0 }
function New-ScheduledTaskAction { param([Parameter(Mandatory = $true)][string]$Execute, [string]$Argument, [string]$WorkingDirectory) [pscustomobject]@{ Execute = $Execute; Arguments = $Argument } }
function New-ScheduledTaskTrigger {
    param([switch]$Daily, [DateTime]$At, [TimeSpan]$RandomDelay, [switch]$AtStartup, [int]$DaysInterval)
    if ($Daily) { return [pscustomobject]@{ Kind = 'Daily'; At = $At.ToString('HH:mm'); RandomDelay = $RandomDelay.ToString() } }
    if ($AtStartup) { return [pscustomobject]@{ Kind = 'AtStartup' } }
    throw 'New-ScheduledTaskTrigger: no trigger kind'
}
function New-ScheduledTaskPrincipal {
    param([string]$UserId, [ValidateSet('None', 'Password', 'S4U', 'Interactive', 'Group', 'ServiceAccount', 'InteractiveOrPassword')][string]$LogonType, [ValidateSet('Limited', 'Highest')][string]$RunLevel)
    [pscustomobject]@{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel }
}
function New-ScheduledTaskSettingsSet {
    param([switch]$StartWhenAvailable, [TimeSpan]$ExecutionTimeLimit, [ValidateSet('Parallel', 'Queue', 'IgnoreNew')][string]$MultipleInstances)
    [pscustomobject]@{ StartWhenAvailable = [bool]$StartWhenAvailable; ExecutionTimeLimit = $ExecutionTimeLimit.ToString(); MultipleInstances = $MultipleInstances }
}
function Register-ScheduledTask {
    param([string]$TaskName, [string]$TaskPath, [object[]]$Action, [object[]]$Trigger, [object]$Principal, [object]$Settings, [switch]$Force)
    $global:record.registered = [ordered]@{ TaskName = $TaskName; TaskPath = $TaskPath; Action = $Action; Trigger = $Trigger; Principal = $Principal; Settings = $Settings; Force = [bool]$Force }
    [pscustomobject]@{ TaskName = $TaskName }
}
function Start-ScheduledTask { param([string]$TaskName, [string]$TaskPath) $global:record.started = $true }

& $Recipe -ScriptPath $Preflight -ResultShare $Share -InstallFolder $InstallFolder -AtStartup -RunNow 6>$null | Out-Null
ConvertTo-Json -InputObject $global:record -Depth 6
