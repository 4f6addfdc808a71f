import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { generateDeploymentScript } from '../../src/core/usecases/deploymentScript';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { generatePowerShell } from '../../src/core/wininet/generatePowerShell';
import { BIN, ensureCliBundle } from './support/cli-bundle';
import { decodeAsCp1252, inspectPowerShell, type ScriptInspection } from './support/powershell';

const execFileP = promisify(execFile);

// Issue 18 item 2. Windows PowerShell 5.1 reads a .ps1 without a byte order mark in the ANSI code page (CP1252 on
// Western-European systems). The UTF-8 bytes of ł (C5 82), đ (C4 91) and т (D1 82) then read as Å‚ / Ä‘ / Ñ‚, and
// U+201A / U+2018 are quotes to PowerShell: a single-quoted literal ends early and the rest of a file name runs.
const ATTACKS = [
  'contoso-\u0142; Start-Process calc; #.atpproxy.json',
  'contoso-\u0111; Start-Process calc; #.atpproxy.json',
  'contoso-\u0442; Start-Process calc; #.atpproxy.json',
  'contoso-\u2028Start-Process calc\u2028#.atpproxy.json',
  // Every quote PowerShell knows, a backtick and a subexpression.
  'q\' \u2018 \u2019 \u201a \u201b " \u201c \u201d \u201e ` $(Start-Process calc) x.atpproxy.json',
  "\u0142'; Start-Process calc; '\u2019\u0111.atpproxy.json",
];
const PLAIN = 'contoso.atpproxy.json';

function manifestText(server: string): string {
  return JSON.stringify({
    version: 1,
    instance: 'contoso',
    region: 'europe',
    proxy: { mode: 'static', server, bypass: ['<local>'] },
    registry: { source: 'manifest', targets: ['LocalSystem', 'LocalService'] },
    firewall: { port: 443, allow: [] },
  });
}

function fromCore(name: string): Buffer {
  const encoded = encodeManifestText(manifestText('proxy.contoso.com:8080'));
  if (!encoded.ok) throw new Error(encoded.reason);
  const script = generatePowerShell(
    encoded.settings,
    { targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings'], source: 'manifest', backup: true },
    { manifestName: name, mode: 'static', proxyServer: name, pacUrl: name },
  );
  return Buffer.from(script, 'utf8');
}

/** What "Generate Deployment Script" puts in the editor (forced: the FORCED header is ASCII too), saved as VS Code saves (UTF-8, no BOM). */
function fromExtension(name: string): Buffer {
  const script = generateDeploymentScript(manifestText('proxy.contoso.com:8080'), 'ps1', name, { force: true });
  if (!script.ok) throw new Error(script.reason);
  return Buffer.from(script.content, 'utf8');
}

function assertOnlyOwnCode(found: ScriptInspection, plain: ScriptInspection, name: string, values: Record<string, string>): void {
  assert.deepStrictEqual(found.errors, [], `${JSON.stringify(name)}: parse errors`);
  assert.deepStrictEqual(found.notData, plain.notData, `${JSON.stringify(name)}: the same assignments are code as for a plain name`);
  for (const command of found.commands) assert.ok(!/start-process|calc/i.test(command), `${JSON.stringify(name)} runs ${command}`);
  assert.deepStrictEqual(found.commands, plain.commands, `${JSON.stringify(name)}: the same commands as for a plain name`);
  for (const [variable, value] of Object.entries(values)) assert.strictEqual(found.values[variable], value, `$${variable} round-trips ${JSON.stringify(name)}`);
}

describe('generated PowerShell read as CP1252 by Windows PowerShell 5.1 (parsed by PowerShell 7.6.9)', function () {
  this.timeout(120_000);

  it('is pure ASCII, whatever the manifest name holds', () => {
    for (const name of ATTACKS) {
      for (const bytes of [fromCore(name), fromExtension(name)]) {
        const offending = bytes.findIndex((b) => b > 0x7e || (b < 0x20 && b !== 0x0d && b !== 0x0a));
        assert.strictEqual(offending, -1, `${JSON.stringify(name)}: byte 0x${bytes[offending]?.toString(16)} at ${offending}`);
      }
    }
  });

  it("core and the VS Code command: a hostile file name stays data, no command but the script's own", () => {
    const scripts = [fromCore(PLAIN), fromExtension(PLAIN), ...ATTACKS.flatMap((name) => [fromCore(name), fromExtension(name)])];
    const [plainCore, plainExtension, ...found] = inspectPowerShell(scripts.map(decodeAsCp1252));
    assertOnlyOwnCode(plainCore, plainCore, PLAIN, { Manifest: PLAIN });
    assert.ok(plainCore.commands.includes('Set-RegBinary') && plainCore.commands.includes('reg.exe'), "the inspector sees the script's commands");
    ATTACKS.forEach((name, i) => {
      assertOnlyOwnCode(found[2 * i], plainCore, name, { Manifest: name, ProxyServer: name, PacUrl: name });
      assertOnlyOwnCode(found[2 * i + 1], plainExtension, name, { Manifest: name });
    });
  });

  it('atp-proxy encode --format ps1 (stdout bytes of the real CLI): the same', async () => {
    await ensureCliBundle();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-ps1-cp1252-'));
    try {
      const run = async (name: string): Promise<Buffer> => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, manifestText('proxy.contoso.com:8080'));
        const { stdout } = await execFileP(process.execPath, [BIN, 'encode', '--force', '--format', 'ps1', file], { encoding: 'buffer' });
        return stdout;
      };
      const outputs = [await run(PLAIN)];
      for (const name of ATTACKS) outputs.push(await run(name));
      const [plain, ...found] = inspectPowerShell(outputs.map(decodeAsCp1252));
      assertOnlyOwnCode(plain, plain, PLAIN, { Manifest: PLAIN });
      ATTACKS.forEach((name, i) => assertOnlyOwnCode(found[i], plain, name, { Manifest: name }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
