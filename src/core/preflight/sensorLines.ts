// The script's reading of the sensor's own configuration (SPEC section 7, method sensor): SensorConfiguration.json
// beside Microsoft.Tri.Sensor.exe, found through the AATPSensor service's image path, or -SensorConfiguration FILE.
import { psBlock } from './psBlock';

/** The sensor configuration part of the script. */
export const SENSOR_LINES: readonly string[] = psBlock(String.raw`
# ---- Sensor configuration: SensorProxyConfiguration and the sensor API address ----------------------------------
function Get-JsonMember($Object, [string] $Name) {
    if ($null -eq $Object -or $Object -isnot [System.Management.Automation.PSCustomObject]) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

# The folder of the AATPSensor service's program: ImagePath is "C:\...\Microsoft.Tri.Sensor.exe" (quoted or not).
function Get-SensorFolder {
    $image = Get-RegText $SensorServiceKey 'ImagePath'
    if ($null -eq $image -or $image.Trim() -eq '') { return $null }
    $image = [System.Environment]::ExpandEnvironmentVariables($image.Trim())
    if ($image.StartsWith('"')) { $image = $image.Substring(1, $image.IndexOf('"', 1) - 1) }
    elseif ($image -match '^(.+?\.exe)(\s|$)') { $image = $Matches[1] }
    return [System.IO.Path]::GetDirectoryName($image)
}

# What the sensor's configuration says: Path, ProxyUrl, UserName, ApiAddress; or the Reason it cannot be read.
function Get-SensorConfiguration {
    $path = $null
    if ($SensorConfiguration) {
        $path = Resolve-UserPath $SensorConfiguration
    } else {
        if ($null -eq $Registry.Hive) { return @{ Read = $false; Reason = $Registry.Reason } }
        $folder = Get-SensorFolder
        if ($null -eq $folder) { return @{ Read = $false; Reason = ('the AATPSensor service is not installed (no ImagePath in ' + $Registry.Source + '); give -SensorConfiguration FILE to check a copy') } }
        $path = Join-Path $folder 'SensorConfiguration.json'
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { return @{ Read = $false; Reason = ($path + ' does not exist beside the sensor program') } }
    }
    try {
        $json = [System.IO.File]::ReadAllText($path) | ConvertFrom-Json
    } catch {
        return @{ Read = $false; Reason = ($path + ' is not JSON: ' + $_.Exception.Message) }
    }
    $proxy = Get-JsonMember $json 'SensorProxyConfiguration'
    $url = [string](Get-JsonMember $proxy 'Url')
    $user = [string](Get-JsonMember $proxy 'UserName')
    $endpoint = Get-JsonMember $json 'WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint'
    return @{ Read = $true; Path = $path; ProxyUrl = $url.Trim(); UserName = $user.Trim(); ApiAddress = ([string](Get-JsonMember $endpoint 'Address')).Trim(); Reason = '' }
}
`);
