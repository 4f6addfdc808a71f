// What is in force on the machine for each method (SPEC section 7), read once: the sensor's own proxy, WinINET of
// LocalService (or HKLM's under ProxySettingsPerUser = 0), TelemetryProxyServer, WinHttpSettings.
import { psBlock } from './psBlock';

/** The in-force part of the script: address helpers and the proxies each method holds. */
export const IN_FORCE_LINES: readonly string[] = psBlock(String.raw`
# ---- What is in force ----------------------------------------------------------------------------------------------
# 'host:port' (lower case) of 'http://host:port/', 'host:port', '[v6]:port' or 'host'; '' for empty text.
function ConvertTo-HostPort([string] $Text, [int] $DefaultPort) {
    $t = $Text.Trim()
    if ($t -eq '') { return '' }
    if ($t -match '^([a-zA-Z][a-zA-Z0-9+.-]*)://') {
        if ($Matches[1] -ieq 'https') { $DefaultPort = 443 } elseif ($Matches[1] -ieq 'http') { $DefaultPort = 80 }
        $t = $t.Substring($Matches[0].Length)
    }
    $t = ($t -split '[/?#]')[0]
    $t = $t.Substring($t.LastIndexOf('@') + 1)
    $name = $t
    $port = $DefaultPort
    if ($t -match '^\[([^\]]+)\](?::(\d{1,5}))?$') {
        $name = '[' + $Matches[1] + ']'
        if ($Matches[2]) { $port = [int]$Matches[2] }
    } elseif ($t -match '^([^:]+):(\d{1,5})$') {
        $name = $Matches[1]
        $port = [int]$Matches[2]
    }
    return ($name.ToLowerInvariant().TrimEnd('.') + ':' + $port)
}

# The proxy a WinINET server list gives a scheme: 'proxy:8080' for all, or the 'https=' / 'http=' entry.
function Get-ServerFor([string] $Server, [string] $Scheme) {
    $any = ''
    foreach ($entry in $Server.Split(';')) {
        $e = $entry.Trim()
        if ($e -eq '') { continue }
        if ($e -match '^([a-zA-Z]+)=(.+)$') {
            if ($Matches[1] -ieq $Scheme) { return (ConvertTo-HostPort $Matches[2] 80) }
        } elseif ($any -eq '') {
            $any = ConvertTo-HostPort $e 80
        }
    }
    return $any
}

# WinINET as the sensor's account sees it: LocalService's value, or HKLM's when ProxySettingsPerUser = 0.
function Get-WinInetInForce {
    $perUser = Get-RegDword $PerUserPolicyKey 'ProxySettingsPerUser'
    if ($null -ne $perUser -and $perUser -eq 0) {
        $value = Get-ConnectionValue ('HKEY_LOCAL_MACHINE\' + $ConnectionsKey) 'DefaultConnectionSettings' $false
        $value.Place = 'HKLM DefaultConnectionSettings (ProxySettingsPerUser = 0)'
        return $value
    }
    $value = Get-ConnectionValue ('HKEY_USERS\S-1-5-19\' + $ConnectionsKey) 'DefaultConnectionSettings' $false
    $value.Place = 'LocalService (S-1-5-19) DefaultConnectionSettings'
    return $value
}

function Get-WinHttpInForce {
    return (Get-ConnectionValue ('HKEY_LOCAL_MACHINE\' + $ConnectionsKey) 'WinHttpSettings' $true)
}

# The methods of the manifest's sensor generation that hold a proxy here: Method, Place, Proxy (host:port), Text.
# v2 reads its own configuration or WinINET; v3 the Defender for Endpoint policy or WinHTTP (SPEC section 7).
function Get-HeldProxies {
    $held = New-Object System.Collections.Generic.List[object]
    if ($SensorVersion -eq 'v3') {
        if ($null -ne $Registry.Hive) {
            $telemetry = Get-RegText $DataCollectionKey 'TelemetryProxyServer'
            if ($null -ne $telemetry -and $telemetry.Trim() -ne '') {
                $held.Add(@{ Method = 'policy'; Place = 'TelemetryProxyServer'; Proxy = (ConvertTo-HostPort $telemetry 80); Text = $telemetry.Trim() })
            }
            $winhttp = Get-WinHttpInForce
            if ($winhttp.State -eq 'decoded' -and ($winhttp.Value.Flags -band 2) -and $winhttp.Value.ProxyServer -ne '') {
                $held.Add(@{ Method = 'winhttp'; Place = 'WinHttpSettings'; Proxy = (Get-ServerFor $winhttp.Value.ProxyServer 'https'); Text = $winhttp.Value.ProxyServer })
            }
        }
    } else {
        if ($Sensor.Read -and $Sensor.ProxyUrl -ne '') {
            $held.Add(@{ Method = 'sensor'; Place = 'SensorConfiguration.json'; Proxy = (ConvertTo-HostPort $Sensor.ProxyUrl 80); Text = $Sensor.ProxyUrl })
        }
        if ($null -ne $Registry.Hive) {
            $wininet = Get-WinInetInForce
            if ($wininet.State -eq 'decoded' -and ($wininet.Value.Flags -band 2) -and $wininet.Value.ProxyServer -ne '') {
                $held.Add(@{ Method = 'wininet'; Place = $wininet.Place; Proxy = (Get-ServerFor $wininet.Value.ProxyServer 'https'); Text = $wininet.Value.ProxyServer })
            }
        }
    }
    return ,$held.ToArray()
}
`);
