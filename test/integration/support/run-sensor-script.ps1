# Runs a generated method-sensor .ps1 the way a domain controller would, with the two Windows-only services it
# uses stood in: Get-CimInstance answers the AATPSensor service's image path (in -SensorFolder's lab folder) and
# Restart-Service records the restart in -Log. Functions defined here are what the script's calls resolve to.
param(
    [Parameter(Mandatory)][string]$Script,
    [Parameter(Mandatory)][string]$ImageFolder,
    [Parameter(Mandatory)][string]$BackupDir,
    [Parameter(Mandatory)][string]$Log,
    [string]$User = '',
    [string]$Password = '',
    [switch]$LabParameters
)
$ErrorActionPreference = 'Stop'
function Restart-Service { param([string]$Name) Add-Content -LiteralPath $Log -Value "restart $Name" }
function Get-CimInstance {
    param([string]$ClassName, [string]$Filter)
    Add-Content -LiteralPath $Log -Value "cim $ClassName $Filter"
    [pscustomobject]@{ PathName = '"' + (Join-Path $ImageFolder 'Microsoft.Tri.Sensor.exe') + '" -service' }
}
$arguments = @{ BackupDir = $BackupDir }
if ($User -ne '') {
    $arguments.ProxyCredential = New-Object System.Management.Automation.PSCredential($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
}
if ($LabParameters) {
    $arguments.SensorFolder = $ImageFolder
    $arguments.DeployerPath = Join-Path $ImageFolder 'Microsoft.Tri.Sensor.Deployment.Deployer.exe'
    $arguments.SkipServiceRestart = $true
}
& $Script @arguments
