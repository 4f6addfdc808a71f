// The script's probes, with the verdicts of `atp-proxy test` (SPEC section 6, src/core/connectivity/verdict.ts):
// CONNECT through the proxy, TLS 1.2 with SNI, the issuer judged before trust, GET of the ping; revocation lists with
// a plain HTTP GET (absolute form through a proxy) on port 80. .NET Framework 4.5 APIs only.
import { psBlock } from './psBlock';

/** The network part of the script: connection, HTTP heads, verdicts. */
export const PROBE_LINES: readonly string[] = psBlock(String.raw`
# ---- Probes ------------------------------------------------------------------------------------------------------
$CRLF = [string][char]13 + [char]10
$UserAgent = 'atp-proxy-preflight'

function New-Verdict([string] $Status, [string] $Detail, [string] $Issuer) {
    return @{ Status = $Status; Detail = $Detail; Issuer = $Issuer }
}

function Get-Remaining($Deadline) {
    $ms = [int]($Deadline - [DateTime]::UtcNow).TotalMilliseconds
    if ($ms -lt 1) { return 1 }
    return $ms
}

# The SocketException inside an error (MethodInvocationException > AggregateException > IOException > ...), or $null.
function Get-SocketError($ErrorRecord) {
    $e = $ErrorRecord.Exception
    while ($null -ne $e) {
        if ($e -is [System.Net.Sockets.SocketException]) { return $e }
        $e = $e.InnerException
    }
    return $null
}

function Get-ErrorText($ErrorRecord) {
    $e = $ErrorRecord.Exception
    while ($null -ne $e.InnerException) { $e = $e.InnerException }
    return $e.Message
}

function Test-TimedOut($ErrorRecord) {
    $socket = Get-SocketError $ErrorRecord
    return ($null -ne $socket -and [string]$socket.SocketErrorCode -eq 'TimedOut') -or ((Get-ErrorText $ErrorRecord) -match 'timed out')
}

function Split-HostPort([string] $HostPort) {
    $at = $HostPort.LastIndexOf(':')
    return @{ Host = $HostPort.Substring(0, $at).Trim('[', ']'); Port = [int]$HostPort.Substring($at + 1) }
}

# A TCP connection to a peer (-Resolve applies to any name), or the verdict of its failure.
function Connect-Peer([string] $HostName, [int] $Port, [bool] $IsProxy, [string] $AllowWhat, $Deadline) {
    $peer = $HostName + ':' + $Port
    if ($HostName.Contains(':')) { $peer = '[' + $HostName + ']:' + $Port }
    $who = $peer
    if ($IsProxy) { $who = 'the proxy ' + $peer }
    $address = $HostName
    if ($ResolveMap.ContainsKey($HostName.ToLowerInvariant())) { $address = $ResolveMap[$HostName.ToLowerInvariant()] }
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $task = $client.ConnectAsync($address, $Port)
        if (-not $task.Wait((Get-Remaining $Deadline))) {
            $client.Close()
            return @{ Client = $null; Verdict = (New-Verdict 'timeout' ('Connecting to ' + $who + ' timed out: a firewall drops the packets, or the address is wrong.') '') }
        }
    } catch {
        $client.Close()
        $socket = Get-SocketError $_
        $code = ''
        if ($null -ne $socket) { $code = [string]$socket.SocketErrorCode }
        if (@('HostNotFound', 'NoData', 'TryAgain') -contains $code) {
            if ($IsProxy) { return @{ Client = $null; Verdict = (New-Verdict 'dns' ('The proxy''s name in ' + $peer + ' does not resolve (' + $code + '): check the proxy server in the manifest and the DNS of this machine.') '') } }
            return @{ Client = $null; Verdict = (New-Verdict 'dns' ($HostName + ' does not resolve (' + $code + '): this machine''s DNS cannot find it. Direct connections need public DNS for the ATP names; through a proxy only the proxy resolves them.') '') }
        }
        if ($code -eq 'TimedOut') { return @{ Client = $null; Verdict = (New-Verdict 'timeout' ('Connecting to ' + $who + ' timed out: a firewall drops the packets, or the address is wrong.') '') } }
        $what = 'could not be reached (' + (Get-ErrorText $_) + ')'
        if ($code -eq 'ConnectionRefused') { $what = 'refused the connection' } elseif ($code -eq 'ConnectionReset') { $what = 'reset the connection' } elseif ($code -ne '') { $what = 'is unreachable (' + $code + ')' }
        if ($IsProxy) { return @{ Client = $null; Verdict = (New-Verdict 'refused' ('The proxy ' + $peer + ' ' + $what + ': check the proxy host and port in the manifest, and that the proxy service runs.') '') } }
        return @{ Client = $null; Verdict = (New-Verdict 'refused' ($peer + ' ' + $what + ': a firewall rejects the sensor''s traffic, or nothing listens on this port. Allow TCP ' + $Port + ' to ' + $AllowWhat + '.') '') }
    }
    $client.ReceiveTimeout = Get-Remaining $Deadline
    $client.SendTimeout = Get-Remaining $Deadline
    return @{ Client = $client; Verdict = $null }
}

function Send-Text($Stream, [string] $Text) {
    $bytes = [System.Text.Encoding]::ASCII.GetBytes($Text)
    $Stream.Write($bytes, 0, $bytes.Length)
    $Stream.Flush()
}

# Status line and headers of an HTTP answer, read byte by byte so that nothing after them (TLS) is consumed.
function Read-HttpHead($Stream) {
    $bytes = New-Object System.Collections.Generic.List[byte]
    while ($bytes.Count -lt 65536) {
        $b = $Stream.ReadByte()
        if ($b -lt 0) { break }
        $bytes.Add([byte]$b)
        $n = $bytes.Count
        if ($n -ge 4 -and $b -eq 10 -and $bytes[$n - 2] -eq 13 -and $bytes[$n - 3] -eq 10 -and $bytes[$n - 4] -eq 13) { break }
    }
    $text = [System.Text.Encoding]::ASCII.GetString($bytes.ToArray())
    if ($text -notmatch '^HTTP/(\d(?:\.\d)?) (\d{3}) ?([^\r\n]*)') { return $null }
    $head = @{ Code = [int]$Matches[2]; Line = ('HTTP/' + $Matches[1] + ' ' + $Matches[2] + ' ' + $Matches[3]).Trim(); Headers = @{} }
    foreach ($line in @($text -split '\r\n' | Select-Object -Skip 1)) {
        if ($line -match '^([^:]+):\s*(.*)$') {
            $name = $Matches[1].Trim().ToLowerInvariant()
            if ($head.Headers.ContainsKey($name)) { $head.Headers[$name] = $head.Headers[$name] + ', ' + $Matches[2] } else { $head.Headers[$name] = $Matches[2] }
        }
    }
    return $head
}

# An answer that is the proxy's own (every answer to CONNECT; a 407 or X-Squid-Error answer to a GET).
function Get-ProxyRefusal($Head, [string] $ProxyName, [string] $Request, [string] $Target, [string] $Allow) {
    $line = '"' + $Head.Line + '"'
    $squid = [string]$Head.Headers['x-squid-error']
    if ($Head.Code -eq 407) {
        $schemes = @(([string]$Head.Headers['proxy-authenticate']).Split(',') | ForEach-Object { ($_.Trim() -split '\s+')[0] } | Where-Object { $_ -match '^[a-zA-Z][\w-]*$' })
        $scheme = ''
        if ($schemes.Count -gt 0) { $scheme = ' (it asks for ' + ($schemes -join ', ') + ')' }
        return (New-Verdict 'proxy-auth' ('The proxy ' + $ProxyName + ' answered ' + $line + ' to ' + $Request + ': it requires authentication' + $scheme + '. Only the sensor''s own proxy configuration can answer a proxy login (method sensor with proxy.user: Deployer.exe ProxyUserName=, or Set-MDISensorProxyConfiguration -ProxyCredential); with WinINET, the Defender for Endpoint policy or WinHTTP the sensor cannot: exempt the ATP endpoints from authentication on the proxy (by destination or by the domain controllers'' addresses).') '')
    }
    if ($squid -match '^ERR_DNS_FAIL') { return (New-Verdict 'dns' ('The proxy ' + $ProxyName + ' cannot resolve ' + $Target + ' (' + $line + ', ' + $squid + '): fix the proxy''s DNS so that it resolves the ATP names.') '') }
    if ($squid -match '^ERR_CANNOT_FORWARD 0\b' -or ($Head.Code -eq 502 -and $squid -match '^ERR_READ_ERROR 0\b')) {
        return (New-Verdict 'dns' ('The proxy ' + $ProxyName + ' found no address for ' + $Target + ' (' + $line + ', ' + $squid + '): the proxy cannot resolve the name; fix the proxy''s DNS so that it resolves the ATP names.') '')
    }
    if ($squid -match '^ERR_CONNECT_FAIL' -or $squid -match '^ERR_CANNOT_FORWARD') {
        $status = 'refused'
        $does = 'rejects'
        if ($squid -match '\b110\b') { $status = 'timeout'; $does = 'drops' }
        return (New-Verdict $status ('The proxy ' + $ProxyName + ' could not connect to ' + $Target + ' (' + $line + ', ' + $squid + '): the firewall behind the proxy ' + $does + ' the traffic. Allow the proxy to reach the ATP endpoints on this port.') '')
    }
    if ($Head.Code -eq 504 -or $squid -match '^ERR_READ_TIMEOUT|^ERR_CONNECT_TIMEOUT') {
        $more = ''
        if ($squid -ne '') { $more = ', ' + $squid }
        return (New-Verdict 'timeout' ('The proxy ' + $ProxyName + ' timed out reaching ' + $Target + ' (' + $line + $more + '): the network behind the proxy drops the traffic.') '')
    }
    $mark = ''
    if ($squid -ne '') { $mark = ' (' + $squid + ')' }
    return (New-Verdict 'proxy-denied' ('The proxy ' + $ProxyName + ' refused ' + $Request + ' with ' + $line + $mark + ': ' + $Allow) '')
}

# Whether an issuer CN belongs to the genuine chain: Microsoft numbers its issuing CAs and names the key type.
function Test-GenuineIssuer([string] $Issuer) {
    $normalized = ($Issuer.Trim() -replace '\s+', ' ') -replace '^Microsoft Azure (RSA|ECC) ', 'Microsoft Azure ' -replace ' \d{1,3}$', ''
    foreach ($genuine in $GenuineIssuers) { if ($genuine -ieq $normalized) { return $true } }
    return $false
}

# -CaFile: whether the certificate chains to the lab's root (with the intermediates the server sent).
function Test-ChainToCa($Certificate, $Intermediates) {
    $chain = New-Object System.Security.Cryptography.X509Certificates.X509Chain
    $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
    $chain.ChainPolicy.VerificationFlags = [System.Security.Cryptography.X509Certificates.X509VerificationFlags]::AllowUnknownCertificateAuthority
    [void]$chain.ChainPolicy.ExtraStore.Add($CaCertificate)
    foreach ($c in $Intermediates) { [void]$chain.ChainPolicy.ExtraStore.Add($c) }
    if (-not $chain.Build($Certificate)) { return $false }
    $top = $chain.ChainElements[$chain.ChainElements.Count - 1].Certificate
    return $top.Thumbprint -eq $CaCertificate.Thumbprint
}

# Records what the server showed; trust is judged after the issuer, so an inspected connection is named as such.
$CertificateCallback = [System.Net.Security.RemoteCertificateValidationCallback] {
    param($Sender, $Certificate, $Chain, $Errors)
    $intermediates = @()
    if ($null -ne $Chain) {
        foreach ($element in $Chain.ChainElements) { $intermediates += New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (,$element.Certificate.RawData) }
    }
    $script:SeenCertificate = @{ Certificate = (New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (,$Certificate.GetRawCertData())); Errors = $Errors; Intermediates = $intermediates }
    return $true
}

function Get-CertificateVerdict($Endpoint, [string] $Via) {
    $seen = $script:SeenCertificate
    if ($null -eq $seen) { return (New-Verdict 'tls' ($Endpoint.Host + ' sent no certificate.') '') }
    $nameType = [System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName
    $issuer = $seen.Certificate.GetNameInfo($nameType, $true)
    $subject = $seen.Certificate.GetNameInfo($nameType, $false)
    $errors = [System.Net.Security.SslPolicyErrors]$seen.Errors
    $authorized = $errors -eq [System.Net.Security.SslPolicyErrors]::None
    if (-not $authorized -and $null -ne $CaCertificate -and $errors -eq [System.Net.Security.SslPolicyErrors]::RemoteCertificateChainErrors) {
        $authorized = Test-ChainToCa $seen.Certificate $seen.Intermediates
    }
    $chain = $CloudRoot.Name + ' -> ' + ($GenuineIssuers -join ' / ')
    if (-not (Test-GenuineIssuer $issuer)) {
        $where = 'a device on the network path'
        if ($Via -ne '') { $where = 'the proxy ' + $Via + ' or a device behind it' }
        $trust = 'This machine does not trust it either'
        if ($authorized) { $trust = 'This machine trusts it' }
        $shownIssuer = $issuer
        if ($shownIssuer -eq '') { $shownIssuer = '(no issuer CN)' }
        $shownSubject = ''
        if ($subject -ne '') { $shownSubject = ' (subject "' + $subject + '")' }
        return (New-Verdict 'intercepted' ('The certificate for ' + $Endpoint.Host + ' was issued by "' + $shownIssuer + '"' + $shownSubject + ', not by the genuine chain ' + $chain + ': SSL inspection by ' + $where + '. ' + $trust + ', but the sensor does not accept an inspected connection: exclude the ATP endpoints from SSL inspection (firewall.sslInspection "none").') $issuer)
    }
    if (-not $authorized) {
        $advice = 'this machine does not trust the chain: the domain controllers need the root "' + $CloudRoot.Name + '" in LocalMachine\Root (in a lab, pass the lab''s root with -CaFile).'
        if ($errors -band [System.Net.Security.SslPolicyErrors]::RemoteCertificateNameMismatch) { $advice = 'the certificate does not name ' + $Endpoint.Host + ': the name leads to the wrong server.' }
        return (New-Verdict 'tls' ('The certificate for ' + $Endpoint.Host + ' names the genuine issuer "' + $issuer + '" but is not valid here (' + $errors + '): ' + $advice) $issuer)
    }
    return $null
}

# A service endpoint: CONNECT (through a proxy), TLS 1.2 with SNI, the certificate verdict, then the ping if any.
function Invoke-TlsHop($Endpoint, [string] $Via, $Deadline) {
    $target = $Endpoint.Host + ':' + $Endpoint.Port
    $allow = 'the ATP endpoints (service tag AzureAdvancedThreatProtection)'
    if ($Via -ne '') {
        $p = Split-HostPort $Via
        $opened = Connect-Peer $p.Host $p.Port $true $allow $Deadline
    } else {
        $opened = Connect-Peer $Endpoint.Host $Endpoint.Port $false $allow $Deadline
    }
    if ($null -ne $opened.Verdict) { return $opened.Verdict }
    $client = $opened.Client
    $phase = 'proxy'
    try {
        $stream = $client.GetStream()
        if ($Via -ne '') {
            Send-Text $stream ('CONNECT ' + $target + ' HTTP/1.1' + $CRLF + 'Host: ' + $target + $CRLF + 'User-Agent: ' + $UserAgent + $CRLF + $CRLF)
            $head = Read-HttpHead $stream
            if ($null -eq $head) { return (New-Verdict 'proxy-denied' ('The proxy ' + $Via + ' closed the connection without answering CONNECT ' + $target + ': it rejects the tunnel.') '') }
            if ($head.Code -lt 200 -or $head.Code -ge 300) {
                return (Get-ProxyRefusal $head $Via ('CONNECT ' + $target) $target ('allow the ATP endpoints on the proxy (CONNECT to port ' + $Endpoint.Port + '). A 401/403 through a proxy is what the sensor misreports as a licensing or workspace error.'))
            }
        }
        $phase = 'tls'
        $script:SeenCertificate = $null
        $ssl = New-Object System.Net.Security.SslStream -ArgumentList $stream, $false, $CertificateCallback
        $ssl.ReadTimeout = Get-Remaining $Deadline
        $ssl.WriteTimeout = Get-Remaining $Deadline
        $ssl.AuthenticateAsClient($Endpoint.Host, $null, [System.Security.Authentication.SslProtocols]::Tls12, $false)
        $verdict = Get-CertificateVerdict $Endpoint $Via
        if ($null -ne $verdict) { return $verdict }
        $issuer = $script:SeenCertificate.Certificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $true)
        $trusted = 'TLS with the genuine, trusted chain (issuer "' + $issuer + '")'
        if (-not $Endpoint.Ping) { return (New-Verdict 'ok' ($trusted + '.') $issuer) }
        $phase = 'ping'
        Send-Text $ssl ('GET ' + $PingPath + ' HTTP/1.1' + $CRLF + 'Host: ' + $Endpoint.Host + $CRLF + 'User-Agent: ' + $UserAgent + $CRLF + 'Connection: close' + $CRLF + $CRLF)
        $answer = Read-HttpHead $ssl
        if ($null -eq $answer) { return (New-Verdict 'http' ('GET https://' + $Endpoint.Host + $PingPath + ' got no HTTP answer: the server behind the name is not the ATP sensor API.') $issuer) }
        $status = ([string]$answer.Code + ' ' + ($answer.Line -replace '^HTTP/\S+ \d{3} ?', '')).Trim()
        if ($answer.Code -eq 200 -or $answer.Code -eq 503) {
            $older = ''
            if ($answer.Code -eq 503) { $older = ' (older instances answer 503)' }
            return (New-Verdict 'ok' ($trusted + '; GET ' + $PingPath + ' answered "' + $status + '": the sensor API is reachable' + $older + '.') $issuer)
        }
        return (New-Verdict 'http' ($trusted + '; GET https://' + $Endpoint.Host + $PingPath + ' answered "' + $status + '" instead of 200 (or 503): something other than the ATP sensor API answered (a captive portal, a proxy error page, or a misrouted name).') $issuer)
    } catch {
        $issuer = ''
        if ($null -ne $script:SeenCertificate) { $issuer = $script:SeenCertificate.Certificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $true) }
        $why = Get-ErrorText $_
        if (Test-TimedOut $_) {
            $words = @{ proxy = ('waiting for the proxy to answer CONNECT (proxy ' + $Via + '): the proxy cannot reach the endpoint (its firewall drops the traffic)'); tls = 'during the TLS handshake: the connection opened but nothing answered: a firewall or device in the path holds the traffic'; ping = ('waiting for the answer to GET ' + $PingPath + ': the connection opened but nothing answered: a firewall or device in the path holds the traffic') }
            return (New-Verdict 'timeout' ('No answer within ' + $TimeoutMs + ' ms ' + $words[$phase] + '.') $issuer)
        }
        if ($phase -eq 'proxy') { return (New-Verdict 'proxy-denied' ('The proxy ' + $Via + ' closed the connection without answering CONNECT ' + $target + ' (' + $why + '): it rejects the tunnel.') '') }
        if ($phase -eq 'ping') { return (New-Verdict 'http' ('GET https://' + $Endpoint.Host + $PingPath + ' got no HTTP answer (' + $why + '): the server behind the name is not the ATP sensor API.') $issuer) }
        $path = ''
        if ($Via -ne '') { $path = ' through the proxy ' + $Via }
        return (New-Verdict 'tls' ('The TLS handshake with ' + $Endpoint.Host + $path + ' failed (' + $why + '): a firewall or proxy may be cutting or inspecting TLS (the sensor needs TLS 1.2 with SNI to reach the service).') '')
    } finally {
        $client.Close()
    }
}

# A revocation list: a plain HTTP GET of its published URL (absolute form through a proxy), never CONNECT or TLS.
function Invoke-HttpHop($Endpoint, [string] $Via, $Deadline) {
    $uri = New-Object System.Uri -ArgumentList $Endpoint.Url
    $origin = $uri.Host + ':' + $uri.Port
    $entry = $Endpoint.Entry
    if ($entry -eq '') { $entry = $Endpoint.Host }
    $allow = 'allow plain HTTP GET to ' + $entry + ' on port ' + $uri.Port + ' (certificate revocation: no CONNECT, no TLS, no authentication).'
    $path = ' directly'
    if ($Via -ne '') {
        $path = ' through the proxy ' + $Via
        $p = Split-HostPort $Via
        $opened = Connect-Peer $p.Host $p.Port $true $entry $Deadline
        $requestTarget = $uri.AbsoluteUri
    } else {
        $opened = Connect-Peer $uri.Host $uri.Port $false $entry $Deadline
        $requestTarget = $uri.PathAndQuery
    }
    if ($null -ne $opened.Verdict) { return $opened.Verdict }
    $client = $opened.Client
    try {
        $stream = $client.GetStream()
        Send-Text $stream ('GET ' + $requestTarget + ' HTTP/1.1' + $CRLF + 'Host: ' + $uri.Authority + $CRLF + 'User-Agent: ' + $UserAgent + $CRLF + 'Connection: close' + $CRLF + $CRLF)
        $head = Read-HttpHead $stream
        if ($null -eq $head) { throw 'the connection closed without an HTTP answer' }
    } catch {
        $why = Get-ErrorText $_
        if (Test-TimedOut $_) {
            $advice = 'the connection opened but nothing answered: a firewall or device in the path holds the traffic'
            if ($Via -ne '') { $advice = 'the proxy cannot reach the endpoint (its firewall drops the traffic)' }
            return (New-Verdict 'timeout' ('No answer within ' + $TimeoutMs + ' ms waiting for the answer to the HTTP GET: ' + $advice + '.') '')
        }
        if ($Via -ne '') { return (New-Verdict 'proxy-denied' ('The proxy ' + $Via + ' closed the connection without answering GET ' + $uri.AbsoluteUri + ' (' + $why + '): it rejects the request; ' + $allow) '') }
        return (New-Verdict 'http' ('GET ' + $uri.AbsoluteUri + ' got no HTTP answer from ' + $origin + ' (' + $why + '): the server behind the name is not Microsoft''s.') '')
    } finally {
        $client.Close()
    }
    $line = '"' + $head.Line + '"'
    if ($Via -ne '' -and ($head.Code -eq 407 -or $head.Headers.ContainsKey('x-squid-error'))) { return (Get-ProxyRefusal $head $Via ('GET ' + $uri.AbsoluteUri) $origin $allow) }
    $type = [string]$head.Headers['content-type']
    if ($head.Code -ge 200 -and $head.Code -lt 300 -and $type -match '^\s*(text/html|application/xhtml\+xml)\b') { return (New-Verdict 'http' ('GET ' + $uri.AbsoluteUri + $path + ' answered ' + $line + ' with an HTML page (Content-Type ' + $type + ') instead of the list: a proxy''s block or sign-in page, or a captive portal, answered for Microsoft''s server.') '') }
    if ($head.Code -ge 200 -and $head.Code -lt 400) { return (New-Verdict 'ok' ('GET ' + $uri.AbsoluteUri + $path + ' answered ' + $line + ': the revocation list is reachable over plain HTTP.') '') }
    if ($Via -ne '' -and $head.Code -eq 403) { return (New-Verdict 'proxy-denied' ('GET ' + $uri.AbsoluteUri + $path + ' answered ' + $line + ': Microsoft publishes this list to everyone, so the proxy refuses it: ' + $allow) '') }
    if ($Via -ne '' -and $head.Code -eq 504) { return (New-Verdict 'timeout' ('The proxy ' + $Via + ' timed out reaching ' + $origin + ' (' + $line + '): the network behind the proxy drops the traffic.') '') }
    return (New-Verdict 'http' ('GET ' + $uri.AbsoluteUri + $path + ' answered ' + $line + ' instead of the list: something other than Microsoft''s published server answered (a captive portal, a proxy error page, or a misrouted name).') '')
}

# One endpoint's result, with the members of atp-proxy test --format json (url and no issuer for revocation lists).
function Invoke-EndpointProbe($Endpoint, $Route) {
    $started = [DateTime]::UtcNow
    $deadline = $started.AddMilliseconds($TimeoutMs)
    $hop = Get-Hop $Endpoint $Route
    if ($Endpoint.Url -ne '') { $verdict = Invoke-HttpHop $Endpoint $hop.Proxy $deadline } else { $verdict = Invoke-TlsHop $Endpoint $hop.Proxy $deadline }
    $via = 'DIRECT'
    if ($hop.Proxy -ne '') { $via = $hop.Proxy }
    $result = [ordered]@{ host = $Endpoint.Host; port = $Endpoint.Port }
    if ($Endpoint.Url -ne '') { $result.url = $Endpoint.Url }
    $result.status = $verdict.Status
    $result.ms = [int]([DateTime]::UtcNow - $started).TotalMilliseconds
    $result.via = $via
    if ($Endpoint.Url -eq '') { $result.issuer = [string]$verdict.Issuer }
    $result.detail = (@($verdict.Detail, $hop.Note) | Where-Object { $_ }) -join ' '
    return $result
}
`);
