// The one rule for "the sensor holds the manifest's proxy", as PowerShell for the generated scripts (the .ps1's
// read-back, the module lines, the Ansible playbook's look): the same as differencesFrom in readBack.ts decides it
// for `atp-proxy apply` — the URL without trailing "/", URL and user name case-insensitively (-eq on text).

/** PowerShell functions Test-SameUrl and Test-SameUser (a $null is compared as ''). */
export const TEST_SAME_PROXY: readonly string[] = [
  "function Test-SameUrl([string]$A, [string]$B) { return $A.TrimEnd('/') -eq $B.TrimEnd('/') }",
  'function Test-SameUser([string]$A, [string]$B) { return $A -eq $B }',
];
