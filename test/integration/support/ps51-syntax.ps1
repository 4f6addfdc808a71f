# Parses each script (-Files a.ps1|b.ps1) with PowerShell's own parser and lists parse errors and constructs Windows PowerShell 5.1 lacks
# (ternary, && / ||, ?? and ??=), as JSON: [{ "errors": [...], "sevenOnly": [...] }].
param([string]$Files)
$ErrorActionPreference = 'Stop'
$out = foreach ($file in ($Files -split '\|')) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    $seven = @($ast.FindAll({ param($n) $n.GetType().Name -in @('TernaryExpressionAst', 'PipelineChainAst') }, $true) | ForEach-Object { $_.Extent.Text })
    $seven += @($tokens | Where-Object { $_.Kind -in @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket') } | ForEach-Object { $_.Text })
    [pscustomobject]@{ errors = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" }); sevenOnly = $seven }
}
ConvertTo-Json -InputObject @($out) -Depth 4
