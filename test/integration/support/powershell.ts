import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const PWSH = path.join(ROOT, '.cache', 'pwsh', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
const INSPECT = path.join(ROOT, 'test', 'integration', 'support', 'inspect-powershell.ps1');

/** What the real PowerShell parser makes of a script. */
export interface ScriptInspection {
  /** Parse errors, as "line:column message". */
  errors: string[];
  /** Name of every command the script calls, in order. */
  commands: string[];
  /** Top-level `$Name = <data>` assignments, evaluated by PowerShell (strings, or arrays of strings). */
  values: Record<string, string | string[]>;
  /** Top-level assignments whose right-hand side is not pure data. */
  notData: string[];
}

/** PowerShell 7.6.9 from `node scripts/setup.mjs`; fails (never skips) when setup has not run. */
export function pwshPath(): string {
  if (!fs.existsSync(PWSH)) {
    throw new Error(`PowerShell is not installed at ${PWSH}: run \`node scripts/setup.mjs\` (it needs dotnet) before these tests.`);
  }
  return PWSH;
}

/**
 * Parses each script text with PowerShell's own parser (one pwsh process for all) and returns what it found.
 * The texts are handed over as UTF-8, so pass what Windows PowerShell would see (e.g. bytes decoded as CP1252).
 */
export function inspectPowerShell(scripts: string[]): ScriptInspection[] {
  const pwsh = pwshPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-pwsh-'));
  try {
    const files = scripts.map((text, i) => {
      const file = path.join(dir, `script-${i}.ps1`);
      fs.writeFileSync(file, text, 'utf8');
      return file;
    });
    const list = path.join(dir, 'list.json');
    fs.writeFileSync(list, JSON.stringify(files));
    const out = execFileSync(pwsh, ['-NoProfile', '-NonInteractive', '-File', INSPECT, '-ListFile', list], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    return (JSON.parse(out) as ScriptInspection[]).map((r) => ({
      errors: r.errors ?? [],
      commands: r.commands ?? [],
      values: r.values ?? {},
      notData: r.notData ?? [],
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// CP1252's 0x80-0x9F (Windows maps the five unassigned bytes to the C1 control of the same number). Node's
// TextDecoder('windows-1252') decodes this range as Latin-1 (U+0080-U+009F), which would hide the attack.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Bytes as Windows PowerShell 5.1 reads a script: UTF-8 after a byte order mark, else CP1252 (Western-European ANSI code page). */
export function decodeAsCp1252(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return Buffer.from(bytes.subarray(3)).toString('utf8');
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
  return text;
}
