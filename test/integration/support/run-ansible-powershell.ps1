# Runs the PowerShell of one ansible.windows.win_powershell task the way the module does: the task's script with its
# parameters, and an $Ansible object whose Changed, Failed and Result become the task's result (printed as JSON on the
# last line). The two Windows-only services the sensor steps use are stood in, as in run-sensor-script.ps1.
param(
    [Parameter(Mandatory)][string]$TaskScript,
    [Parameter(Mandatory)][string]$ParametersFile,
    [Parameter(Mandatory)][string]$ImageFolder,
    [Parameter(Mandatory)][string]$Log
)
$ErrorActionPreference = 'Stop'
function Restart-Service { param([string]$Name) Add-Content -LiteralPath $Log -Value "restart $Name" }
function Get-CimInstance {
    param([string]$ClassName, [string]$Filter)
    Add-Content -LiteralPath $Log -Value "cim $ClassName $Filter"
    [pscustomobject]@{ PathName = '"' + (Join-Path $ImageFolder 'Microsoft.Tri.Sensor.exe') + '" -service' }
}
$Ansible = [pscustomobject]@{ Changed = $true; Failed = $false; Result = $null; CheckMode = $false }
$parameters = @{}
(Get-Content -LiteralPath $ParametersFile -Raw | ConvertFrom-Json).PSObject.Properties | ForEach-Object { $parameters[$_.Name] = [string]$_.Value }
$failed = $null
try { & ([scriptblock]::Create([System.IO.File]::ReadAllText($TaskScript))) @parameters | Out-Null } catch { $failed = $_.Exception.Message }
'ANSIBLE-RESULT ' + (ConvertTo-Json -Compress -Depth 4 -InputObject @{ changed = $Ansible.Changed; failed = ($Ansible.Failed -or $null -ne $failed); result = $Ansible.Result; error = $failed })
