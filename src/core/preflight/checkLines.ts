// The script's checks, with the stable ids of SPEC section 8: each one pass | warn | fail | skip and a detail that
// says what to do. A check that cannot run here (no registry, no sensor configuration, not Windows) is skip + why.
import { psBlock } from './psBlock';

/** The checks part of the script. */
export const CHECK_LINES: readonly string[] = psBlock(String.raw`
# ---- Checks ------------------------------------------------------------------------------------------------------
function New-Check([string] $Id, [string] $Status, [string] $Detail) {
    return [ordered]@{ id = $Id; status = $Status; detail = $Detail }
}

# Why neither the registry nor the sensor configuration could be read (each reason once).
function Get-NothingReadReason {
    return (@($Registry.Reason, $Sensor.Reason) | Where-Object { $_ } | Select-Object -Unique) -join '; '
}

function Format-Flags($Flags) {
    return ('0x{0:x}' -f ([int]$Flags -band 0xF))
}

# Method wininet: each target account's value against the manifest's (flags, proxy, bypass, PAC URL; names without case).
function Test-WinInetConfig {
    if ($null -eq $Registry.Hive) { return (New-Check 'proxy-config' 'skip' $Registry.Reason) }
    if ($null -eq $ExpectedWinInet) { return (New-Check 'proxy-config' 'skip' 'the manifest''s proxy cannot be encoded as a WinINET value: run atp-proxy validate on it') }
    $problems = New-Object System.Collections.Generic.List[string]
    $seen = New-Object System.Collections.Generic.List[string]
    foreach ($sid in $ExpectedWinInet.Sids) {
        foreach ($name in $ExpectedWinInet.Values) {
            $where = $sid + ' ' + $name
            $value = Get-ConnectionValue ('HKEY_USERS\' + $sid + '\' + $ConnectionsKey) $name $false
            if ($value.State -eq 'missing') { $problems.Add($where + ' is not set'); continue }
            if ($value.State -eq 'malformed') { $problems.Add($where + ' cannot be decoded (' + $value.Reason + ')'); continue }
            $v = $value.Value
            $diffs = @()
            if (([int]$v.Flags -band 0xF) -ne $ExpectedWinInet.Flags) { $diffs += ('flags ' + (Format-Flags $v.Flags) + ' (manifest ' + (Format-Flags $ExpectedWinInet.Flags) + ')') }
            if ($v.ProxyServer -ne $ExpectedWinInet.ProxyServer) { $diffs += ('proxy "' + $v.ProxyServer + '" (manifest "' + $ExpectedWinInet.ProxyServer + '")') }
            if ($v.Bypass -ne $ExpectedWinInet.Bypass) { $diffs += ('bypass "' + $v.Bypass + '" (manifest "' + $ExpectedWinInet.Bypass + '")') }
            if ($v.AutoConfigUrl -ne $ExpectedWinInet.AutoConfigUrl) { $diffs += ('auto-config URL "' + $v.AutoConfigUrl + '" (manifest "' + $ExpectedWinInet.AutoConfigUrl + '")') }
            if ($diffs.Count -gt 0) { $problems.Add($where + ' holds ' + ($diffs -join ', ')) } else { $seen.Add($where) }
        }
    }
    if ($problems.Count -gt 0) {
        return (New-Check 'proxy-config' 'fail' ('WinINET of the sensor accounts differs from the manifest (' + $Registry.Source + '): ' + ($problems -join '; ') + '. Deploy it with the script of atp-proxy encode --format ps1 (or apply).'))
    }
    return (New-Check 'proxy-config' 'pass' ('WinINET of ' + ($seen -join ', ') + ' holds the manifest''s proxy (' + $Registry.Source + ').'))
}

# Method sensor: SensorProxyConfiguration.Url (by host and port) and UserName against the manifest.
function Test-SensorConfig {
    if (-not $Sensor.Read) { return (New-Check 'proxy-config' 'skip' $Sensor.Reason) }
    $want = ''
    if ($ProxyMode -eq 'static') { $want = $ManifestHttpsProxy }
    $got = ConvertTo-HostPort $Sensor.ProxyUrl 80
    $shown = $Sensor.ProxyUrl
    if ($shown -eq '') { $shown = '(none)' }
    if ($want -eq '') {
        if ($got -eq '') { return (New-Check 'proxy-config' 'pass' ('SensorConfiguration.json holds no proxy, as mode ' + $ProxyMode + ' asks (' + $Sensor.Path + ').')) }
        return (New-Check 'proxy-config' 'fail' ('SensorConfiguration.json holds the proxy ' + $shown + ' but the manifest (mode ' + $ProxyMode + ') asks for none: clear it (Deployer.exe ClearProxyConfiguration, the script of atp-proxy encode --format ps1).'))
    }
    if ($got -ne $want) {
        return (New-Check 'proxy-config' 'fail' ('SensorConfiguration.json''s SensorProxyConfiguration.Url is ' + $shown + ', the manifest asks for http://' + $want + ': set it with the script of atp-proxy encode --format ps1 (Deployer.exe ProxyUrl=).'))
    }
    if ($Sensor.UserName -ne $ProxyUser) {
        return (New-Check 'proxy-config' 'fail' ('SensorConfiguration.json names the proxy account "' + $Sensor.UserName + '", the manifest "' + $ProxyUser + '": set it with Deployer.exe ProxyUserName= (or Set-MDISensorProxyConfiguration -ProxyCredential).'))
    }
    return (New-Check 'proxy-config' 'pass' ('SensorConfiguration.json holds the manifest''s proxy ' + $Sensor.ProxyUrl + ' (' + $Sensor.Path + ').'))
}

# Method policy: TelemetryProxyServer; method winhttp: WinHttpSettings' proxy and bypass.
function Test-MachineConfig {
    if ($null -eq $Registry.Hive) { return (New-Check 'proxy-config' 'skip' $Registry.Reason) }
    if ($ProxyMethod -eq 'policy') {
        $got = Get-RegText $DataCollectionKey 'TelemetryProxyServer'
        if ($null -eq $got) { $got = '' }
        $wrong = @()
        if ($got.Trim() -ne $ExpectedTelemetryProxyServer) { $wrong += ('TelemetryProxyServer is "' + $got.Trim() + '", the manifest asks for "' + $ExpectedTelemetryProxyServer + '"') }
        if ($ExpectedTelemetryProxyServer -ne '') {
            $auth = Get-RegDword $DataCollectionKey 'DisableEnterpriseAuthProxy'
            if ($null -eq $auth -or $auth -ne 1) { $wrong += ('DisableEnterpriseAuthProxy is ' + $(if ($null -eq $auth) { 'not set' } else { $auth }) + ', the policy sets it to 1') }
            $prefer = Get-RegDword $AtpPolicyKey 'PreferStaticProxyForHttpRequest'
            if ($ExpectedPreferStaticProxy -and ($null -eq $prefer -or $prefer -ne 1)) { $wrong += 'PreferStaticProxyForHttpRequest is not 1, which a machine with no other way out (no proxy.winhttp) needs' }
        }
        if ($wrong.Count -eq 0) { return (New-Check 'proxy-config' 'pass' ('TelemetryProxyServer is "' + $got.Trim() + '", as the manifest asks (' + $Registry.Source + ').')) }
        return (New-Check 'proxy-config' 'fail' (($wrong -join '; ') + ' (' + $Registry.Source + '): deploy the policy of atp-proxy encode (reg, ps1 or gpp).'))
    }
    $winhttp = Get-WinHttpInForce
    if ($winhttp.State -eq 'malformed') { return (New-Check 'proxy-config' 'fail' ('WinHttpSettings cannot be decoded (' + $winhttp.Reason + '): set it again with netsh winhttp set proxy.')) }
    $proxy = ''
    $bypass = ''
    if ($winhttp.State -eq 'decoded' -and ($winhttp.Value.Flags -band 2)) { $proxy = $winhttp.Value.ProxyServer; $bypass = $winhttp.Value.Bypass }
    if ($proxy -ieq $ExpectedWinHttpProxy -and $bypass -ieq $ExpectedWinHttpBypass) {
        return (New-Check 'proxy-config' 'pass' ('WinHttpSettings holds the manifest''s proxy "' + $proxy + '" (' + $Registry.Source + ').'))
    }
    return (New-Check 'proxy-config' 'fail' ('WinHttpSettings holds proxy "' + $proxy + '" bypass "' + $bypass + '", the manifest asks for "' + $ExpectedWinHttpProxy + '" bypass "' + $ExpectedWinHttpBypass + '": run netsh winhttp set proxy as atp-proxy encode --format ps1 writes it.'))
}

function Test-ProxyConfig {
    switch ($ProxyMethod) {
        'wininet' { return (Test-WinInetConfig) }
        'sensor' { return (Test-SensorConfig) }
        'policy' { return (Test-MachineConfig) }
        'winhttp' { return (Test-MachineConfig) }
    }
    # No method: mode direct, transparent or wpad; nothing should hold a proxy for the sensor.
    if ($null -eq $Registry.Hive -and -not $Sensor.Read) { return (New-Check 'proxy-config' 'skip' (Get-NothingReadReason)) }
    $held = Get-HeldProxies
    if ($held.Count -gt 0) {
        $list = @($held | ForEach-Object { $_.Place + ' holds ' + $_.Text }) -join '; '
        return (New-Check 'proxy-config' 'warn' ('The manifest''s mode ' + $ProxyMode + ' needs no proxy configuration, but ' + $list + ': the sensor would use it. Clear it, or give the manifest that proxy and method.'))
    }
    return (New-Check 'proxy-config' 'pass' ('Mode ' + $ProxyMode + ': no method holds a proxy for the sensor, as the manifest asks.'))
}

function Test-MixedMethods {
    if ($null -eq $Registry.Hive -and -not $Sensor.Read) { return (New-Check 'mixed-methods' 'skip' (Get-NothingReadReason)) }
    $held = Get-HeldProxies
    $distinct = @($held | ForEach-Object { $_.Proxy } | Sort-Object -Unique)
    if ($held.Count -gt 1 -and $distinct.Count -gt 1) {
        $list = @($held | ForEach-Object { $_.Place + ' (method ' + $_.Method + ') holds ' + $_.Text }) -join ', '
        return (New-Check 'mixed-methods' 'warn' ('Two methods hold a proxy and disagree: ' + $list + '. Microsoft documents that a proxy must be changed with the method first used, not which one wins: keep the manifest''s method (' + $ProxyMethod + ') and clear the other.'))
    }
    if ($held.Count -gt 1) { return (New-Check 'mixed-methods' 'pass' ('More than one method holds the same proxy ' + $distinct[0] + '.')) }
    return (New-Check 'mixed-methods' 'pass' ('At most one method holds a proxy (' + $held.Count + ').'))
}

function Test-PerUserPolicy {
    if ($null -eq $Registry.Hive) { return (New-Check 'proxy-per-user-policy' 'skip' $Registry.Reason) }
    $perUser = Get-RegDword $PerUserPolicyKey 'ProxySettingsPerUser'
    if ($null -ne $perUser -and $perUser -eq 0) {
        if ($ProxyMethod -eq 'wininet') {
            return (New-Check 'proxy-per-user-policy' 'fail' ('ProxySettingsPerUser = 0 is set under HKLM\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\Internet Settings: WinINET reads HKLM''s Connections key instead of the accounts'', so the values written for LocalService and LocalSystem have no effect. Remove the policy (or set it to 1), or deploy with another method.'))
        }
        return (New-Check 'proxy-per-user-policy' 'pass' ('ProxySettingsPerUser = 0 is set, but method ' + $ProxyMethod + ' does not use the accounts'' WinINET values.'))
    }
    return (New-Check 'proxy-per-user-policy' 'pass' 'ProxySettingsPerUser is not 0: WinINET reads each account''s own settings.')
}

function Test-SensorApiAddress {
    if ($SensorVersion -eq 'v3') { return (New-Check 'sensor-api-address' 'skip' 'sensor v3 does not read SensorConfiguration.json') }
    if (-not $Sensor.Read) { return (New-Check 'sensor-api-address' 'skip' $Sensor.Reason) }
    $want = $SensorApiHost + ':443'
    if ($Sensor.ApiAddress -eq '') {
        return (New-Check 'sensor-api-address' 'fail' ('SensorConfiguration.json has no WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint.Address; the manifest''s instance is at ' + $want + ': reinstall the sensor with the access key of that workspace.'))
    }
    $got = ConvertTo-HostPort $Sensor.ApiAddress 443
    if ($got -eq $want) { return (New-Check 'sensor-api-address' 'pass' ('The sensor reports to ' + $want + ', the manifest''s instance.')) }
    return (New-Check 'sensor-api-address' 'fail' ('The sensor reports to ' + $Sensor.ApiAddress + ', but the manifest''s instance "' + $Instance + '" is at ' + $want + ': this sensor belongs to another workspace, or the manifest names the wrong instance.'))
}

function Test-RootCertificate {
    if (-not (Test-IsWindows)) { return (New-Check 'root-certificate' 'skip' 'not Windows: the LocalMachine\Root store is checked on the domain controller') }
    $store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', 'LocalMachine')
    try {
        $store.Open('ReadOnly')
        $found = @($store.Certificates | Where-Object { $_.Thumbprint -ieq $CloudRoot.Sha1 })
    } finally {
        $store.Close()
    }
    if ($found.Count -gt 0) { return (New-Check 'root-certificate' 'pass' ($CloudRoot.Name + ' (' + $CloudRoot.Sha1 + ') is in LocalMachine\Root.')) }
    return (New-Check 'root-certificate' 'fail' ($CloudRoot.Name + ' (SHA-1 ' + $CloudRoot.Sha1 + ') is not in LocalMachine\Root: the service chain cannot be trusted. Install it from DigiCert (or let Windows Update''s root program add it).'))
}

function Test-DotNetTls {
    if ($null -eq $Registry.Hive) { return (New-Check 'dotnet-tls' 'skip' $Registry.Reason) }
    $wrong = New-Object System.Collections.Generic.List[string]
    foreach ($key in $DotNetKeys) {
        foreach ($name in @('SystemDefaultTlsVersions', 'SchUseStrongCrypto')) {
            $value = Get-RegDword $key $name
            if ($null -eq $value) { $wrong.Add($key + '\' + $name + ' is not set') } elseif ($value -ne 1) { $wrong.Add($key + '\' + $name + ' = ' + $value) }
        }
    }
    if ($wrong.Count -eq 0) { return (New-Check 'dotnet-tls' 'pass' ('SystemDefaultTlsVersions and SchUseStrongCrypto are 1 in both .NET Framework keys (' + $Registry.Source + ').')) }
    return (New-Check 'dotnet-tls' 'fail' (($wrong -join '; ') + ' (' + $Registry.Source + '): set both to 1 (REG_DWORD) in both keys so that .NET Framework uses TLS 1.2 with strong cryptography, which the sensor needs.'))
}

function Test-Localhost444 {
    $listeners = @([System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpListeners() | Where-Object { $_.Port -eq 444 })
    if ($listeners.Count -eq 0) { return (New-Check 'localhost-444' 'pass' 'Nothing listens on TCP 444: the sensor and its updater can use it.') }
    if (-not (Test-IsWindows)) { return (New-Check 'localhost-444' 'warn' 'Something listens on TCP 444 and this system cannot say which program: the sensor and its updater need localhost 444.') }
    $names = @()
    try {
        $names = @(Get-NetTCPConnection -LocalPort 444 -State Listen -ErrorAction Stop | ForEach-Object { (Get-Process -Id $_.OwningProcess -ErrorAction SilentlyContinue).ProcessName } | Where-Object { $_ } | Sort-Object -Unique)
    } catch {
        return (New-Check 'localhost-444' 'warn' ('Something listens on TCP 444 and its program cannot be read (' + $_.Exception.Message + '): the sensor and its updater need localhost 444.'))
    }
    $others = @($names | Where-Object { $_ -notlike 'Microsoft.Tri.Sensor*' })
    if ($others.Count -eq 0) { return (New-Check 'localhost-444' 'pass' ('TCP 444 is held by the sensor itself (' + ($names -join ', ') + ').')) }
    return (New-Check 'localhost-444' 'fail' ('TCP 444 is taken by ' + ($others -join ', ') + ': the sensor and its updater talk over localhost 444; move that program to another port.'))
}
`);
