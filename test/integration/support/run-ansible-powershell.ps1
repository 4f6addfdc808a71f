# Runs the PowerShell of one ansible.windows.win_powershell task the way the module does: the task's script with its
# parameters, and an $Ansible object whose Changed, Failed and Result become the task's result (printed as JSON on the
# last line). The two Windows-only services the sensor steps use are stood in, as in run-sensor-script.ps1; with
# -RegistryFile, so is the registry the registry playbook's tasks read (Test-Path and Get-ItemProperty of Registry::
# paths) and reg.exe export, from a JSON store { "HIVE\\KEY": { "Name": { "type": "binary|string|dword", "data": … } } }.
param(
    [Parameter(Mandatory)][string]$TaskScript,
    [Parameter(Mandatory)][string]$ParametersFile,
    [string]$ImageFolder = '',
    [string]$Log = '',
    [string]$RegistryFile = ''
)
$ErrorActionPreference = 'Stop'
if ($RegistryFile -ne '') {
    $registry = Get-Content -LiteralPath $RegistryFile -Raw | ConvertFrom-Json -AsHashtable
    function Get-RegistryKey([string]$Path) { if ($Path.StartsWith('Registry::')) { $Path.Substring(10) } else { $null } }
    function Test-Path {
        param([string]$LiteralPath)
        $key = Get-RegistryKey $LiteralPath
        if ($null -eq $key) { return Microsoft.PowerShell.Management\Test-Path -LiteralPath $LiteralPath }
        $registry.ContainsKey($key)
    }
    function Get-ItemProperty {
        param([string]$LiteralPath, [string]$Name, $ErrorAction)
        $values = $registry[(Get-RegistryKey $LiteralPath)]
        if ($null -eq $values -or -not $values.ContainsKey($Name)) { return $null }
        $value = $values[$Name]
        # As the registry provider returns them: REG_BINARY as byte[], REG_DWORD as a (signed) Int32, REG_SZ as text.
        $data = switch ($value.type) {
            'binary' { [byte[]]$value.data }
            'dword' { [BitConverter]::ToInt32([BitConverter]::GetBytes([uint32]$value.data), 0) }
            default { [string]$value.data }
        }
        [pscustomobject]@{ $Name = $data }
    }
    function reg.exe {
        $verb, $key, $file, $rest = $args
        if ($verb -ne 'export' -or -not $registry.ContainsKey($key)) { $global:LASTEXITCODE = 1; return 'FEHLER: Der angegebene Registrierungsschluessel wurde nicht gefunden.' }
        # reg export asks before it overwrites a file, which an unattended run cannot answer: /y or a failure.
        if ((Test-Path -LiteralPath $file) -and @($rest) -notcontains '/y') { $global:LASTEXITCODE = 1; return 'FEHLER: Datei ueberschreiben (Ja/Nein)?' }
        Set-Content -LiteralPath $file -Value ('[' + $key + ']')
        $global:LASTEXITCODE = 0
    }
}
function Restart-Service { param([string]$Name) Add-Content -LiteralPath $Log -Value "restart $Name" }
function Get-CimInstance {
    param([string]$ClassName, [string]$Filter)
    Add-Content -LiteralPath $Log -Value "cim $ClassName $Filter"
    [pscustomobject]@{ PathName = '"' + (Join-Path $ImageFolder 'Microsoft.Tri.Sensor.exe') + '" -service' }
}
$Ansible = [pscustomobject]@{ Changed = $true; Failed = $false; Result = $null; CheckMode = $false }
$parameters = @{}
# Scalars as the text Ansible passes; lists of mappings (the registry values) as arrays of hashtables.
(Get-Content -LiteralPath $ParametersFile -Raw | ConvertFrom-Json -AsHashtable).GetEnumerator() | ForEach-Object {
    $parameters[$_.Key] = if ($_.Value -is [System.Collections.IList]) { , @($_.Value) } else { [string]$_.Value }
}
$failed = $null
try { & ([scriptblock]::Create([System.IO.File]::ReadAllText($TaskScript))) @parameters | Out-Null } catch { $failed = $_.Exception.Message }
'ANSIBLE-RESULT ' + (ConvertTo-Json -Compress -Depth 4 -InputObject @{ changed = $Ansible.Changed; failed = ($Ansible.Failed -or $null -ne $failed); result = $Ansible.Result; error = $failed })
