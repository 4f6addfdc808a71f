// The script's route decision: the proxy the sensor would use, read from what is in force for the manifest's method
// (else the manifest's own proxy, said so in every result), or -Proxy. PAC and WPAD are evaluated by WinHTTP itself
// (WinHttpGetProxyForUrl, as Windows services do) on Windows; elsewhere the endpoint is tested directly and says why.
import { psBlock } from './psBlock';

/** The route part of the script. */
export const ROUTE_LINES: readonly string[] = psBlock(String.raw`
# ---- Route: the proxy the sensor would use -----------------------------------------------------------------------
# Kind static (Https, Http: host:port or ''; Bypass), pac (PacUrl: '' for WPAD discovery) or direct; Note for details.
function New-Route([string] $Kind, [string] $Https, [string] $Http, [string[]] $Bypass, [string] $PacUrl, [string] $Note) {
    return @{ Kind = $Kind; Https = $Https; Http = $Http; Bypass = @($Bypass | Where-Object { $_ }); PacUrl = $PacUrl; Note = $Note }
}

function Get-ManifestRoute([string] $Why) {
    $note = ''
    if ($Why -ne '') { $note = 'The proxy in force could not be read (' + $Why + '): tested through the manifest''s route.' }
    switch ($ProxyMode) {
        'static' { return (New-Route 'static' $ManifestHttpsProxy $ManifestHttpProxy $ProxyBypass '' $note) }
        'pac' { return (New-Route 'pac' '' '' @() $PacUrl $note) }
        'wpad' { return (New-Route 'pac' '' '' @() '' $note) }
        'transparent' { return (New-Route 'direct' '' '' @() '' ('Mode transparent: the sensor connects directly and the network redirects the traffic. ' + $note).Trim()) }
    }
    return (New-Route 'direct' '' '' @() '' $note)
}

function Get-SensorRoute {
    if ($Proxy) {
        $p = ConvertTo-HostPort $Proxy 80
        return (New-Route 'static' $p $p @() '' '')
    }
    switch ($ProxyMethod) {
        'sensor' {
            if (-not $Sensor.Read) { return (Get-ManifestRoute $Sensor.Reason) }
            $p = ConvertTo-HostPort $Sensor.ProxyUrl 80
            if ($p -eq '') { return (New-Route 'direct' '' '' @() '' 'SensorConfiguration.json holds no proxy: the sensor connects directly.') }
            return (New-Route 'static' $p $p @() '' '')
        }
        'wininet' {
            if ($null -eq $Registry.Hive) { return (Get-ManifestRoute $Registry.Reason) }
            $w = Get-WinInetInForce
            if ($w.State -ne 'decoded') { return (New-Route 'direct' '' '' @() '' ($w.Place + ' is ' + $w.State + ': WinINET connects directly.')) }
            $v = $w.Value
            if (($v.Flags -band 2) -and $v.ProxyServer -ne '') { return (New-Route 'static' (Get-ServerFor $v.ProxyServer 'https') (Get-ServerFor $v.ProxyServer 'http') $v.Bypass.Split(';') '' '') }
            if (($v.Flags -band 4) -and $v.AutoConfigUrl -ne '') { return (New-Route 'pac' '' '' @() $v.AutoConfigUrl '') }
            if ($v.Flags -band 8) { return (New-Route 'pac' '' '' @() '' '') }
            return (New-Route 'direct' '' '' @() '' ($w.Place + ' names no proxy: WinINET connects directly.'))
        }
        'policy' {
            if ($null -eq $Registry.Hive) { return (Get-ManifestRoute $Registry.Reason) }
            $t = Get-RegText $DataCollectionKey 'TelemetryProxyServer'
            if ($null -eq $t -or $t.Trim() -eq '') { return (New-Route 'direct' '' '' @() '' 'TelemetryProxyServer is not set: Defender for Endpoint connects directly (or as WinHTTP says).') }
            $p = ConvertTo-HostPort $t 80
            return (New-Route 'static' $p $p @() '' '')
        }
        'winhttp' {
            if ($null -eq $Registry.Hive) { return (Get-ManifestRoute $Registry.Reason) }
            $w = Get-WinHttpInForce
            if ($w.State -ne 'decoded' -or -not ($w.Value.Flags -band 2) -or $w.Value.ProxyServer -eq '') { return (New-Route 'direct' '' '' @() '' ('WinHttpSettings is ' + $w.State + ' or names no proxy: WinHTTP connects directly.')) }
            return (New-Route 'static' (Get-ServerFor $w.Value.ProxyServer 'https') (Get-ServerFor $w.Value.ProxyServer 'http') $w.Value.Bypass.Split(';') '' '')
        }
    }
    return (Get-ManifestRoute '')
}

# The bypass entry that sends a host direct: <local> (a name without dots) or a pattern with * wildcards.
function Get-BypassMatch([string] $HostName, [string[]] $Bypass) {
    foreach ($entry in $Bypass) {
        $e = $entry.Trim()
        if ($e -eq '') { continue }
        if ($e -ieq '<local>') { if (-not $HostName.Contains('.')) { return $e }; continue }
        $pattern = '^' + [regex]::Escape(($e -replace '^[a-zA-Z]+://', '')).Replace('\*', '.*') + '$'
        if ($HostName -match $pattern) { return $e }
    }
    return $null
}

$WinHttpProxySource = @'
using System;
using System.Runtime.InteropServices;
public static class AtpPreflightWinHttp {
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    struct AutoProxyOptions { public int Flags; public int AutoDetectFlags; public string AutoConfigUrl; public IntPtr Reserved1; public int Reserved2; public bool AutoLogon; }
    [StructLayout(LayoutKind.Sequential)]
    struct ProxyInfo { public int AccessType; public IntPtr Proxy; public IntPtr Bypass; }
    [DllImport("winhttp.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    static extern IntPtr WinHttpOpen(string agent, int accessType, string proxy, string bypass, int flags);
    [DllImport("winhttp.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    static extern bool WinHttpGetProxyForUrl(IntPtr session, string url, ref AutoProxyOptions options, out ProxyInfo info);
    [DllImport("winhttp.dll")]
    static extern bool WinHttpCloseHandle(IntPtr handle);
    [DllImport("kernel32.dll")]
    static extern IntPtr GlobalFree(IntPtr memory);
    // The proxy list WinHTTP's PAC evaluation answers for url ("" = DIRECT); pacUrl "" = WPAD discovery (DHCP, DNS).
    public static string GetProxy(string url, string pacUrl) {
        IntPtr session = WinHttpOpen("atp-proxy-preflight", 1, null, null, 0);
        if (session == IntPtr.Zero) throw new System.ComponentModel.Win32Exception(Marshal.GetLastWin32Error());
        try {
            AutoProxyOptions options = new AutoProxyOptions();
            if (String.IsNullOrEmpty(pacUrl)) { options.Flags = 1; options.AutoDetectFlags = 3; } else { options.Flags = 2; options.AutoConfigUrl = pacUrl; }
            options.AutoLogon = true;
            ProxyInfo info;
            if (!WinHttpGetProxyForUrl(session, url, ref options, out info)) throw new System.ComponentModel.Win32Exception(Marshal.GetLastWin32Error());
            string proxy = info.Proxy == IntPtr.Zero ? "" : Marshal.PtrToStringUni(info.Proxy);
            if (info.Proxy != IntPtr.Zero) GlobalFree(info.Proxy);
            if (info.Bypass != IntPtr.Zero) GlobalFree(info.Bypass);
            return proxy;
        } finally { WinHttpCloseHandle(session); }
    }
}
'@

# The hop for one endpoint: Proxy (host:port, '' = direct) and Note (why, for the detail).
function Get-Hop($Endpoint, $Route) {
    $plain = $Endpoint.Url -ne ''
    if ($Route.Kind -eq 'direct') { return @{ Proxy = ''; Note = $Route.Note } }
    if ($Route.Kind -eq 'static') {
        $matched = Get-BypassMatch $Endpoint.Host $Route.Bypass
        if ($null -ne $matched) { return @{ Proxy = ''; Note = ('The bypass entry "' + $matched + '" sends ' + $Endpoint.Host + ' direct, so the sensor would not use the proxy: remove the entry unless direct access is intended. ' + $Route.Note).Trim() } }
        $p = $Route.Https
        if ($plain) { $p = $Route.Http }
        if ($p -eq '') { return @{ Proxy = ''; Note = ('The proxy list has no entry for this scheme, so the connection is direct. ' + $Route.Note).Trim() } }
        return @{ Proxy = $p; Note = $Route.Note }
    }
    $what = 'WPAD discovery'
    if ($Route.PacUrl -ne '') { $what = 'the PAC file ' + $Route.PacUrl }
    if (-not (Test-IsWindows)) {
        return @{ Proxy = ''; Note = ('PAC/WPAD is evaluated by WinHTTP on Windows only: tested directly here instead of through the proxy ' + $what + ' names; give -Proxy host:port to test through it. ' + $Route.Note).Trim() }
    }
    $target = 'https://' + $Endpoint.Host + '/'
    if ($plain) { $target = $Endpoint.Url }
    try {
        if (-not ('AtpPreflightWinHttp' -as [type])) { Add-Type -TypeDefinition $WinHttpProxySource }
        $answer = [AtpPreflightWinHttp]::GetProxy($target, $Route.PacUrl)
    } catch {
        return @{ Proxy = ''; Note = ('WinHTTP could not evaluate ' + $what + ' (' + $_.Exception.Message + '): tested directly. ' + $Route.Note).Trim() }
    }
    $first = (($answer -split '[;\s]+') | Where-Object { $_ -ne '' } | Select-Object -First 1)
    if ($null -eq $first) { return @{ Proxy = ''; Note = ('WinHTTP evaluated ' + $what + ': DIRECT. ' + $Route.Note).Trim() } }
    return @{ Proxy = (ConvertTo-HostPort ($first -replace '^[a-zA-Z]+=', '') 80); Note = ('WinHTTP evaluated ' + $what + ': ' + $answer + '. ' + $Route.Note).Trim() }
}
`);
