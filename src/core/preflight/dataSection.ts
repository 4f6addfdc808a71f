// The script's data section: every manifest string as a printable-ASCII PowerShell literal (psQuote: '' doubled,
// anything else as [char] codes), numbers and booleans computed here. No manifest text is ever spliced into code.
import { psQuote } from '../wininet/generatePowerShell';
import type { PreflightData, PreflightEndpoint } from './preflightData';

function psBool(value: boolean): string {
  return value ? '$true' : '$false';
}

function psStrings(items: readonly string[]): string {
  return `@(${items.map(psQuote).join(', ')})`;
}

function endpointLine(e: PreflightEndpoint): string {
  return (
    `    @{ Host = ${psQuote(e.host)}; Port = ${e.port}; Kind = ${psQuote(e.kind)}; Entry = ${psQuote(e.entry)}; ` +
    `Url = ${psQuote(e.url)}; Ping = ${psBool(e.ping)}; Optional = ${psBool(e.optional)} }`
  );
}

/** Base64 in lines of 76 characters: only A-Z a-z 0-9 + / =, so a here-string cannot be ended by it. */
function base64Lines(base64: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  return lines;
}

/** The data section's lines. */
export function dataSectionLines(data: PreflightData): string[] {
  const wininet = data.wininet;
  return [
    '# ---- Data: computed by atp-proxy from the manifest ------------------------------------------------------------',
    '# The manifest itself (UTF-8, base64): its SHA-256 is $ManifestSha256; decode it with',
    '# [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($ManifestBase64)).',
    "$ManifestBase64 = @'",
    ...base64Lines(data.manifestBase64),
    "'@ -replace '\\s', ''",
    `$ManifestName = ${psQuote(data.manifestName)}`,
    `$ManifestSha256 = ${psQuote(data.manifestSha256)}`,
    `$Guidance = ${psQuote(data.guidance)}`,
    `$SensorVersion = ${psQuote(data.sensor)}`,
    `$Instance = ${psQuote(data.instance)}`,
    `$Cloud = ${psQuote(data.cloud)}`,
    `$ProxyMode = ${psQuote(data.mode)}`,
    '# How the sensor learns the proxy: sensor | wininet | policy | winhttp, or empty (direct, transparent, wpad).',
    `$ProxyMethod = ${psQuote(data.method)}`,
    `$ProxyServer = ${psQuote(data.server)}`,
    '# The proxy the manifest names for HTTPS (CONNECT) and for plain HTTP (revocation lists), host:port.',
    `$ManifestHttpsProxy = ${psQuote(data.httpsProxy)}`,
    `$ManifestHttpProxy = ${psQuote(data.httpProxy)}`,
    `$ProxyBypass = ${psStrings(data.bypass)}`,
    `$PacUrl = ${psQuote(data.pacUrl)}`,
    `$ProxyUser = ${psQuote(data.user)}`,
    '# Method wininet: what DefaultConnectionSettings of the target accounts must hold (flags 1 direct, 2 proxy, 4 PAC, 8 WPAD).',
    wininet
      ? `$ExpectedWinInet = @{ Flags = ${wininet.flags}; ProxyServer = ${psQuote(wininet.proxyServer)}; Bypass = ${psQuote(wininet.bypass)}; ` +
        `AutoConfigUrl = ${psQuote(wininet.autoConfigUrl)}; Sids = ${psStrings(wininet.sids)}; Values = ${psStrings(wininet.values)} }`
      : '$ExpectedWinInet = $null',
    '# Method policy: TelemetryProxyServer (with DisableEnterpriseAuthProxy = 1), and PreferStaticProxyForHttpRequest = 1',
    '# when the manifest gives the machine no other way out (no proxy.winhttp).',
    `$ExpectedTelemetryProxyServer = ${psQuote(data.telemetryProxyServer)}`,
    `$ExpectedPreferStaticProxy = ${psBool(data.preferStaticProxy)}`,
    `$ExpectedWinHttpProxy = ${psQuote(data.winHttpProxy)}`,
    `$ExpectedWinHttpBypass = ${psQuote(data.winHttpBypass)}`,
    '# Every endpoint the manifest needs, as `atp-proxy test` plans them (revocation lists: plain HTTP GET of Url).',
    '$Endpoints = @(',
    ...data.endpoints.map((e, i) => `${endpointLine(e)}${i < data.endpoints.length - 1 ? ',' : ''}`),
    ')',
    `$CloudRoot = @{ Name = ${psQuote(data.root.name)}; Sha1 = ${psQuote(data.root.sha1)} }`,
    `$GenuineIssuers = ${psStrings(data.genuineIssuers)}`,
    `$SensorApiHost = ${psQuote(data.sensorApiHost)}`,
    `$PingPath = ${psQuote(data.pingPath)}`,
    '',
  ];
}
