// Method `winhttp` (sensor v3): the machine's WinHTTP proxy, what `netsh winhttp set proxy` writes.
import type { ManifestSettings } from '../manifest/model';
import { MachineValue, WINHTTP_KEY, WINHTTP_SETTINGS } from '../apply/machineValue';
import { singleProxyProblem } from '../policy/policySettings';
import { FLAG_DIRECT, FLAG_PROXY } from '../wininet/connectionSettings';
import { REG_BINARY } from '../wininet/regFile';
import { WinHttpSettings, encodeWinHttpSettings } from '../wininet/winHttpSettings';

/** The version Windows' netsh writes today (Wine's own writer uses 0x18). */
const WINHTTP_VERSION_NETSH = 0x28;

/** The WinHttpSettings a manifest asks for, with notes; or why it cannot be written. */
export type WinHttpFromManifest = { ok: true; settings: WinHttpSettings; notes: string[] } | { ok: false; reason: string };

/**
 * WinHttpSettings for a manifest with method `winhttp`: version 0x28, counter 0, flags 3 (direct + proxy, as netsh
 * writes a named proxy), the proxy and the `;`-joined bypass list (`<local>` kept), no extra bytes.
 */
export function winHttpSettingsOf(manifest: ManifestSettings): WinHttpFromManifest {
  if (manifest.proxy.method !== 'winhttp') return { ok: false, reason: `proxy.method is ${manifest.proxy.method ?? 'not set'}, not winhttp` };
  if (manifest.proxy.mode !== 'static')
    return { ok: false, reason: `method winhttp is a static proxy: set proxy.mode to static (it is ${manifest.proxy.mode ?? 'not set'})` };
  const problem = singleProxyProblem(manifest.proxy.server, 'winhttp');
  if (problem) return { ok: false, reason: problem };
  const entries = manifest.proxy.bypass.map((b) => b.trim()).filter((b) => b !== '');
  for (const entry of entries) {
    if (/[^\x21-\x7e]/.test(entry))
      return { ok: false, reason: `proxy.bypass entry "${entry}" must be printable ASCII without blanks (punycode for international names)` };
    if (entry.includes(';') || entry.includes('"'))
      return { ok: false, reason: `proxy.bypass entry "${entry}" contains ";" or a quote: write one name per array entry` };
  }
  const notes: string[] = [];
  const winhttp = manifest.proxy.winhttp;
  if (winhttp?.server && winhttp.server.trim() !== (manifest.proxy.server as string).trim())
    notes.push(`proxy.winhttp.server (${winhttp.server}) differs from proxy.server; method winhttp writes proxy.server`);
  return {
    ok: true,
    notes,
    settings: {
      version: WINHTTP_VERSION_NETSH,
      counter: 0,
      flags: FLAG_DIRECT | FLAG_PROXY,
      proxyServer: (manifest.proxy.server as string).trim(),
      bypass: entries.join(';'),
      extra: new Uint8Array(),
    },
  };
}

/** The one registry value method `winhttp` writes. */
export function winHttpValue(settings: WinHttpSettings): MachineValue {
  return { key: WINHTTP_KEY, name: WINHTTP_SETTINGS, type: REG_BINARY, data: encodeWinHttpSettings(settings) };
}
