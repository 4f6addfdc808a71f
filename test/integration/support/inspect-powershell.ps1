# Parses PowerShell scripts with the real parser and reports, as JSON, what each would do when run:
# parse errors, the names of the commands it calls, and the value of each top-level `$Name = <data>` assignment.
# A right-hand side is evaluated only when every node in it is data (single-quoted strings, [char] codes, +,
# parentheses, @()), so a script that smuggled code into a value reports it as code instead of running it.
param([Parameter(Mandatory)][string]$ListFile)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0
$L = 'System.Management.Automation.Language'
$DataNodes = @('CommandExpressionAst', 'PipelineAst', 'ParenExpressionAst', 'ArrayExpressionAst', 'ArrayLiteralAst',
  'StatementBlockAst', 'StringConstantExpressionAst', 'ConstantExpressionAst', 'ConvertExpressionAst', 'TypeConstraintAst',
  'BinaryExpressionAst')

function Test-Data($Ast) {
  foreach ($node in $Ast.FindAll({ $true }, $true)) {
    $kind = $node.GetType().Name
    if ($DataNodes -notcontains $kind) { return $false }
    if ($kind -eq 'StringConstantExpressionAst' -and $node.StringConstantType -ne 'SingleQuoted') { return $false }
    if ($kind -eq 'BinaryExpressionAst' -and $node.Operator -ne 'Plus') { return $false }
    if ($kind -eq 'ConvertExpressionAst' -and $node.Type.TypeName.Name -ne 'char') { return $false }
    if ($kind -eq 'TypeConstraintAst' -and $node.TypeName.Name -ne 'char') { return $false }
  }
  return $true
}

$results = foreach ($file in @(Get-Content -LiteralPath $ListFile -Raw | ConvertFrom-Json)) {
  $tokens = $null
  $errors = $null
  $text = [System.IO.File]::ReadAllText($file, [System.Text.UTF8Encoding]::new($false))
  $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
  $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object {
    $name = $_.GetCommandName()
    if ($null -eq $name) { $_.CommandElements[0].Extent.Text } else { $name }
  })
  $values = [ordered]@{}
  $code = [System.Collections.Generic.List[string]]::new()
  foreach ($statement in $ast.EndBlock.Statements) {
    if ($statement -isnot [System.Management.Automation.Language.AssignmentStatementAst]) { continue }
    if ($statement.Left -isnot [System.Management.Automation.Language.VariableExpressionAst]) { continue }
    $name = $statement.Left.VariablePath.UserPath
    if (Test-Data $statement.Right) {
      $value = [scriptblock]::Create($statement.Right.Extent.Text).InvokeReturnAsIs()
      $values[$name] = if ($value -is [array]) { , @($value | ForEach-Object { [string]$_ }) } else { [string]$value }
    } else {
      $code.Add($name)
    }
  }
  [ordered]@{
    file = $file
    errors = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber):$($_.Extent.StartColumnNumber) $($_.Message)" })
    commands = $commands
    values = $values
    notData = @($code)
  }
}
ConvertTo-Json -InputObject @($results) -Depth 6 -Compress
