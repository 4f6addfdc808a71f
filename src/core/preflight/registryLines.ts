// The script's registry reading: live through `reg.exe export KEY FILE /y` (language independent, the same on every
// Windows), or from -RegistryExport files; both go through one .reg parser. Then the WinINET and WinHTTP decoders.
import { psBlock } from './psBlock';

/** The registry part of the script: keys read, the .reg parser, value lookup and the SPEC section 5 decoders. */
export const REGISTRY_LINES: readonly string[] = psBlock(String.raw`
# ---- Registry: one .reg parser for this machine's reg.exe exports and for -RegistryExport files ------------------
$ConnectionsKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections'
$PerUserPolicyKey = 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\Internet Settings'
$DataCollectionKey = 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\DataCollection'
$AtpPolicyKey = 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows Advanced Threat Protection'
$DotNetKeys = @('HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319', 'HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319')
$SensorServiceKey = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\AATPSensor'
$RegistryKeys = @(
    ('HKEY_USERS\S-1-5-18\' + $ConnectionsKey),
    ('HKEY_USERS\S-1-5-19\' + $ConnectionsKey),
    ('HKEY_LOCAL_MACHINE\' + $ConnectionsKey),
    $PerUserPolicyKey, $DataCollectionKey, $AtpPolicyKey, $DotNetKeys[0], $DotNetKeys[1], $SensorServiceKey
)

function Test-IsWindows {
    return [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

# Root spelled out, upper case, no trailing backslash; HKEY_USERS\.DEFAULT is the same hive as S-1-5-18.
function ConvertTo-CanonicalKey([string] $Key) {
    $k = $Key.Trim().TrimEnd('\').ToUpperInvariant()
    $first = $k.Split('\')[0]
    $roots = @{ 'HKU' = 'HKEY_USERS'; 'HKLM' = 'HKEY_LOCAL_MACHINE'; 'HKCU' = 'HKEY_CURRENT_USER' }
    if ($roots.ContainsKey($first)) { $k = $roots[$first] + $k.Substring($first.Length) }
    if ($k -eq 'HKEY_USERS\.DEFAULT' -or $k.StartsWith('HKEY_USERS\.DEFAULT\')) { $k = 'HKEY_USERS\S-1-5-18' + $k.Substring(19) }
    return $k
}

function ConvertFrom-HexList([string] $Text) {
    $clean = $Text -replace '[\s\\]', ''
    if ($clean -eq '') { return ,([byte[]]@()) }
    $parts = $clean.TrimEnd(',').Split(',')
    $bytes = New-Object byte[] $parts.Length
    for ($i = 0; $i -lt $parts.Length; $i++) {
        if ($parts[$i] -notmatch '^[0-9a-fA-F]{1,2}$') { throw ('byte {0} is not a hex byte' -f ($i + 1)) }
        $bytes[$i] = [Convert]::ToByte($parts[$i], 16)
    }
    return ,$bytes
}

# One value's data as a .reg file writes it: "text", dword:, hex:, hex(N):.
function ConvertFrom-RegData([string] $Data) {
    $value = @{ Type = ''; Bytes = $null; Text = $null; Number = $null; Problem = $null }
    try {
        if ($Data -match '^"((?:[^"\\]|\\.)*)"$') {
            $value.Type = 'REG_SZ'
            $value.Text = $Matches[1] -replace '\\(.)', '$1'
        } elseif ($Data -match '^dword:([0-9a-fA-F]{1,8})$') {
            $value.Type = 'REG_DWORD'
            $value.Number = [Convert]::ToUInt32($Matches[1], 16)
        } elseif ($Data -match '^hex:(.*)$') {
            $value.Type = 'REG_BINARY'
            $value.Bytes = ConvertFrom-HexList $Matches[1]
        } elseif ($Data -match '^hex\(([0-9a-fA-F]{1,8})\):(.*)$') {
            $type = [Convert]::ToInt32($Matches[1], 16)
            $bytes = ConvertFrom-HexList $Matches[2]
            $value.Bytes = $bytes
            $value.Type = 'type ' + $type
            if ($type -eq 1 -or $type -eq 2 -or $type -eq 7) {
                $value.Type = @{ 1 = 'REG_SZ'; 2 = 'REG_EXPAND_SZ'; 7 = 'REG_MULTI_SZ' }[$type]
                $value.Text = [System.Text.Encoding]::Unicode.GetString($bytes).TrimEnd([char]0)
            } elseif ($type -eq 4 -and $bytes.Length -eq 4) {
                $value.Type = 'REG_DWORD'
                $value.Number = [BitConverter]::ToUInt32($bytes, 0)
            }
        } elseif ($Data -eq '-') {
            $value.Type = 'deleted'
        } else {
            $value.Problem = 'the data is not written as a .reg file writes it'
        }
    } catch {
        $value.Problem = $_.Exception.Message
    }
    return $value
}

# Reads .reg text into $Into: canonical key -> (upper-case value name -> value). Folded hex lines are joined.
function Read-RegistryText([string] $Text, [hashtable] $Into) {
    $logical = New-Object System.Collections.Generic.List[string]
    $pending = ''
    foreach ($raw in ($Text -split '\r?\n')) {
        # regedit allows a comment line inside a folded value: it does not end the fold.
        if ($pending -ne '' -and $raw.Trim().StartsWith(';')) { continue }
        $line = $pending + $raw.Trim()
        $pending = ''
        if ($line.EndsWith('\') -and -not $line.StartsWith('[')) { $pending = $line.Substring(0, $line.Length - 1); continue }
        $logical.Add($line)
    }
    if ($pending -ne '') { $logical.Add($pending) }
    $key = $null
    foreach ($line in $logical) {
        if ($line -eq '' -or $line.StartsWith(';')) { continue }
        if ($line -match '^\[(-?)(.+)\]$') {
            $key = $null
            if ($Matches[1] -eq '-') { continue }
            $key = ConvertTo-CanonicalKey $Matches[2]
            if (-not $Into.ContainsKey($key)) { $Into[$key] = @{} }
            continue
        }
        if ($null -eq $key) { continue }
        if ($line -match '^(?:@|"((?:[^"\\]|\\.)*)")=(.*)$') {
            $name = ''
            if ($Matches[0].StartsWith('"')) { $name = $Matches[1] -replace '\\(.)', '$1' }
            $Into[$key][$name.ToUpperInvariant()] = ConvertFrom-RegData $Matches[2]
        }
    }
}

# A .reg file as reg.exe and regedit write it: UTF-16 LE with a byte order mark, or UTF-8 (with or without one).
function Read-RegistryFile([string] $Path, [hashtable] $Into) {
    $bytes = [System.IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -ge 2 -and $bytes[0] -eq 0xFF -and $bytes[1] -eq 0xFE) {
        $text = [System.Text.Encoding]::Unicode.GetString($bytes, 2, $bytes.Length - 2)
    } elseif ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF) {
        $text = [System.Text.Encoding]::UTF8.GetString($bytes, 3, $bytes.Length - 3)
    } else {
        $text = [System.Text.Encoding]::UTF8.GetString($bytes)
    }
    Read-RegistryText $text $Into
}

# The registry as this script sees it: Hive (key -> values) and where it came from, or why there is none.
function Get-Registry {
    $hive = @{}
    if ($RegistryExport) {
        foreach ($file in $RegistryExport) { Read-RegistryFile (Resolve-UserPath $file) $hive }
        return @{ Hive = $hive; Source = ('the export ' + ($RegistryExport -join ', ')); Reason = '' }
    }
    if (-not (Test-IsWindows)) {
        return @{ Hive = $null; Source = ''; Reason = 'no registry here: this machine is not Windows and no -RegistryExport FILE.reg was given' }
    }
    $temp = [System.IO.Path]::GetTempFileName()
    try {
        foreach ($key in $RegistryKeys) {
            # A key that does not exist makes reg.exe fail: then it holds no values.
            $saved = $ErrorActionPreference
            $ErrorActionPreference = 'SilentlyContinue'
            try { $null = & reg.exe export $key $temp /y 2>&1 } finally { $ErrorActionPreference = $saved }
            if ($LASTEXITCODE -eq 0) { Read-RegistryFile $temp $hive }
        }
    } finally {
        Remove-Item -LiteralPath $temp -Force -ErrorAction SilentlyContinue
    }
    return @{ Hive = $hive; Source = 'this machine (reg.exe export)'; Reason = '' }
}

# A value read (a hashtable with Type, Bytes, Text, Number, Problem), or $null when the key or value is absent.
function Get-RegValue([string] $Key, [string] $Name) {
    if ($null -eq $Registry.Hive) { return $null }
    $k = ConvertTo-CanonicalKey $Key
    if (-not $Registry.Hive.ContainsKey($k)) { return $null }
    $values = $Registry.Hive[$k]
    $n = $Name.ToUpperInvariant()
    if (-not $values.ContainsKey($n)) { return $null }
    if ($values[$n].Type -eq 'deleted') { return $null }
    return $values[$n]
}

function Get-RegDword([string] $Key, [string] $Name) {
    $value = Get-RegValue $Key $Name
    if ($null -eq $value -or $value.Type -ne 'REG_DWORD') { return $null }
    return $value.Number
}

function Get-RegText([string] $Key, [string] $Name) {
    $value = Get-RegValue $Key $Name
    if ($null -eq $value -or $null -eq $value.Text) { return $null }
    return [string]$value.Text
}

function Read-SettingsString([byte[]] $Bytes, [ref] $Offset, [string] $What) {
    $at = [int]$Offset.Value
    if ($at + 4 -gt $Bytes.Length) { throw ('the value ends at byte {0}, before the length of {1}' -f $at, $What) }
    $length = [BitConverter]::ToUInt32($Bytes, $at)
    if ($at + 4 + $length -gt $Bytes.Length) { throw ('{0} at byte {1} claims {2} bytes, more than the value holds' -f $What, $at, $length) }
    $Offset.Value = $at + 4 + [int]$length
    return [System.Text.Encoding]::ASCII.GetString($Bytes, $at + 4, [int]$length)
}

# DefaultConnectionSettings / SavedLegacySettings (version 0x46 or 0x3C) or WinHttpSettings (0x28 or 0x18): DWORD
# version, counter and flags, then DWORD-length ASCII strings: proxy, bypass and (WinINET only) the PAC URL.
function ConvertFrom-ConnectionSettings([byte[]] $Bytes, [bool] $WinHttp) {
    if ($null -eq $Bytes -or $Bytes.Length -lt 12) { throw 'the value is shorter than 12 bytes (version, counter, flags)' }
    $version = [BitConverter]::ToUInt32($Bytes, 0)
    $known = @(0x46, 0x3C)
    if ($WinHttp) { $known = @(0x28, 0x18) }
    if ($known -notcontains $version) { throw ('version 0x{0:x} is not one of 0x{1:x} or 0x{2:x}' -f $version, $known[0], $known[1]) }
    $offset = 12
    $proxy = Read-SettingsString $Bytes ([ref]$offset) 'the proxy server'
    $bypass = Read-SettingsString $Bytes ([ref]$offset) 'the bypass list'
    $pac = ''
    if (-not $WinHttp) { $pac = Read-SettingsString $Bytes ([ref]$offset) 'the auto-config URL' }
    return @{ Version = $version; Flags = [BitConverter]::ToUInt32($Bytes, 8); ProxyServer = $proxy; Bypass = $bypass; AutoConfigUrl = $pac }
}

# A connection-settings value of the registry: State missing | decoded | malformed, the decoded Value or the Reason.
function Get-ConnectionValue([string] $Key, [string] $Name, [bool] $WinHttp) {
    $value = Get-RegValue $Key $Name
    if ($null -eq $value) { return @{ State = 'missing'; Value = $null; Reason = '' } }
    if ($null -ne $value.Problem) { return @{ State = 'malformed'; Value = $null; Reason = $value.Problem } }
    if ($value.Type -ne 'REG_BINARY') { return @{ State = 'malformed'; Value = $null; Reason = ('it is ' + $value.Type + ', not REG_BINARY') } }
    try {
        return @{ State = 'decoded'; Value = (ConvertFrom-ConnectionSettings $value.Bytes $WinHttp); Reason = '' }
    } catch {
        return @{ State = 'malformed'; Value = $null; Reason = $_.Exception.Message }
    }
}
`);
