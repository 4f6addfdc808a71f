# Writes a SensorConfiguration.json the way the DefenderForIdentity module's Set-MDISensorProxyConfiguration does:
# the sensor's file read with ConvertFrom-Json, SensorProxyConfiguration replaced by the module's object shape,
# ConvertTo-Json, re-indented as the module does, Set-Content. The encrypted bytes are given (no certificate
# here): the module's RSA step is not what this test is about.
param(
  [Parameter(Mandatory)] [string] $Source,
  [Parameter(Mandatory)] [string] $Target,
  [Parameter(Mandatory)] [string] $Encoding,
  [string] $ProxyUrl,
  [string] $UserName,
  [string] $EncryptedBytes
)
$ErrorActionPreference = 'Stop'

# The module re-indents ConvertTo-Json's output (Windows PowerShell 5.1 pads to 4 and writes '":  "'): two spaces
# per open bracket, one space after the colon. Reproduced here in its effect, not copied.
function ConvertTo-TwoSpaceJson([string] $Json) {
  $depth = 0
  $lines = foreach ($raw in ($Json -split "`r?`n")) {
    $text = $raw.Trim() -replace '":\s+', '": '
    if ($text -match '^[\}\]]') { $depth-- }
    ('  ' * [Math]::Max($depth, 0)) + $text
    if ($text -match '[\{\[]$') { $depth++ }
  }
  $lines -join "`n"
}

$sensorConfiguration = Get-Content -Path $Source -Raw | ConvertFrom-Json
if ([string]::IsNullOrEmpty($ProxyUrl)) {
  $sensorConfiguration.SensorProxyConfiguration = $null
} elseif ($UserName) {
  $thumbprint = $sensorConfiguration.SecretManagerConfigurationCertificateThumbprint
  $sensorConfiguration.SensorProxyConfiguration = [PSCustomObject]@{
    '$type'                   = 'SensorProxyConfiguration'
    Url                       = $ProxyUrl
    UserName                  = $UserName
    EncryptedUserPasswordData = [PSCustomObject]@{
      '$type'               = 'EncryptedData'
      EncryptedBytes        = $EncryptedBytes
      SecretVersion         = $null
      CertificateThumbprint = $thumbprint
    }
  }
} else {
  $sensorConfiguration.SensorProxyConfiguration = [PSCustomObject]@{
    '$type' = 'SensorProxyConfiguration'
    Url     = $ProxyUrl
  }
}
ConvertTo-TwoSpaceJson ($sensorConfiguration | ConvertTo-Json) | Set-Content -Path $Target -Encoding $Encoding
