# Stands in for the script of atp-proxy preflight in the fan-out tests: the same contract (one JSON document on
# stdout, or in -OutFile; exit 1 when a check failed), computer from COMPUTERNAME; a name with "fail" fails a check.
param([string]$OutFile)
$ErrorActionPreference = 'Stop'
$computer = $env:COMPUTERNAME
$status = 'pass'
if ($computer -like '*fail*') { $status = 'fail' }
$document = [ordered]@{
    schema = 'atp-proxy-preflight/1'
    computer = $computer
    manifest = 'contoso.atpproxy.json'
    manifestSha256 = ('ab' * 32)
    time = '2026-12-01T04:00:00Z'
    checks = @([ordered]@{ id = 'proxy-config'; status = $status; detail = "stand-in on $computer" })
    results = @([ordered]@{ host = 'contososensorapi.atp.azure.com'; port = 443; status = 'ok'; ms = 12; via = 'proxy.contoso.com:8080'; detail = '' })
}
$json = ConvertTo-Json -InputObject $document -Depth 5
if ($OutFile) { [System.IO.File]::WriteAllText($OutFile, $json) } else { Write-Output $json }
if ($status -eq 'fail') { exit 1 }
exit 0
