# Parses each script (-Files a.ps1|b.ps1) with PowerShell's own parser and lists parse errors and constructs Windows PowerShell 5.1 lacks
# (ternary, && / ||, ?? and ??=, ?. and ?[; ForEach-Object -Parallel, ConvertFrom-Json -AsHashtable, the web cmdlets'
# -SkipCertificateCheck and other 6+/7+ parameters; $IsWindows and its kin, which 5.1 reads as $null), as JSON:
# [{ "errors": [...], "sevenOnly": [...] }].
param([string]$Files)
$ErrorActionPreference = 'Stop'
# Parameters that only PowerShell 6+ has, by command; '*' for any command.
$sevenParameters = @{
    'ForEach-Object' = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob')
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate')
    'ConvertTo-Json' = @('AsArray', 'EscapeHandling')
    'Invoke-WebRequest' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'SslProtocol', 'NoProxy', 'Authentication', 'Token', 'StatusCodeVariable', 'ResponseHeadersVariable', 'Resume', 'MaximumRetryCount', 'RetryIntervalSec', 'HttpVersion')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'SslProtocol', 'NoProxy', 'Authentication', 'Token', 'StatusCodeVariable', 'ResponseHeadersVariable', 'Resume', 'MaximumRetryCount', 'RetryIntervalSec', 'HttpVersion')
    'Get-Content' = @('AsByteStream')
    'Set-Content' = @('AsByteStream')
    'Test-Connection' = @('TcpPort', 'TargetName')
    'Select-String' = @('Raw', 'NoEmphasis')
    'Get-Date' = @('AsUTC', 'UnixTimeSeconds')
}
$sevenVariables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR')
$out = foreach ($file in ($Files -split '\|')) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    $seven = @($ast.FindAll({ param($n) $n.GetType().Name -in @('TernaryExpressionAst', 'PipelineChainAst') }, $true) | ForEach-Object { $_.Extent.Text })
    $seven += @($tokens | Where-Object { $_.Kind -in @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket') } | ForEach-Object { $_.Text })
    foreach ($command in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
        $name = $command.GetCommandName()
        if ($null -eq $name -or -not $sevenParameters.ContainsKey($name)) { continue }
        foreach ($element in $command.CommandElements) {
            if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $sevenParameters[$name] -contains $element.ParameterName) {
                $seven += "$name -$($element.ParameterName)"
            }
        }
    }
    $seven += @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.VariableExpressionAst] -and $sevenVariables -contains $n.VariablePath.UserPath }, $true) | ForEach-Object { $_.Extent.Text })
    [pscustomobject]@{ errors = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" }); sevenOnly = $seven }
}
ConvertTo-Json -InputObject @($out) -Depth 4
