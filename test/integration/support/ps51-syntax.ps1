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
$sevenTokens = @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket')
$out = foreach ($file in ($Files -split '\|')) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    # One walk over the tree (a script block per node is what costs here), then each kind of node judged.
    $nodes = $ast.FindAll({
            param($n)
            $n -is [System.Management.Automation.Language.CommandAst] -or $n -is [System.Management.Automation.Language.VariableExpressionAst] -or
            $n.GetType().Name -eq 'TernaryExpressionAst' -or $n.GetType().Name -eq 'PipelineChainAst'
        }, $true)
    $seven = @()
    foreach ($node in $nodes) {
        if ($node -is [System.Management.Automation.Language.VariableExpressionAst]) {
            if ($sevenVariables -contains $node.VariablePath.UserPath) { $seven += $node.Extent.Text }
        } elseif ($node -is [System.Management.Automation.Language.CommandAst]) {
            $name = $node.GetCommandName()
            if ($null -eq $name -or -not $sevenParameters.ContainsKey($name)) { continue }
            foreach ($element in $node.CommandElements) {
                if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $sevenParameters[$name] -contains $element.ParameterName) {
                    $seven += "$name -$($element.ParameterName)"
                }
            }
        } else {
            $seven += $node.Extent.Text
        }
    }
    foreach ($token in $tokens) {
        if ($sevenTokens -contains [string]$token.Kind) { $seven += $token.Text }
    }
    [pscustomobject]@{ errors = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" }); sevenOnly = $seven }
}
ConvertTo-Json -InputObject @($out) -Depth 4
