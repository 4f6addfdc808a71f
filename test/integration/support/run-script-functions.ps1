# Runs functions of a generated script for real, without running the script: the function definitions and the
# top-level `$Want* = ...` data assignments are taken from the parsed script, then -Call is invoked.
param([string]$Script, [string]$Call)
$ErrorActionPreference = 'Stop'
$tokens = $null
$errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($Script, [ref]$tokens, [ref]$errors)
if ($errors.Count -gt 0) { throw "parse errors: $($errors | ForEach-Object { $_.Message })" }
$functions = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)
$wants = $ast.EndBlock.Statements | Where-Object { $_ -is [System.Management.Automation.Language.AssignmentStatementAst] -and $_.Left.Extent.Text -like '$Want*' }
$source = (@($functions) + @($wants) | ForEach-Object { $_.Extent.Text }) -join "`n"
. ([scriptblock]::Create($source))
try {
    & ([scriptblock]::Create($Call)) | Out-Null
    'OK'
} catch {
    "REFUSED: $($_.Exception.Message)"
}
