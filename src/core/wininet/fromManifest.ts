import { ManifestSettings } from '../manifest/model';
import { parseManifest, settingsOf } from '../manifest/parse';
import { ConnectionSettings, FLAG_AUTO_CONFIG, FLAG_AUTO_DETECT, FLAG_DIRECT, FLAG_PROXY, newConnectionSettings } from './connectionSettings';

/** Settings encoded from a manifest, with notes worth telling the user; or why the manifest cannot be encoded. */
export type EncodedManifest = { ok: true; settings: ConnectionSettings; manifest: ManifestSettings; notes: string[] } | { ok: false; reason: string };

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

// WinINET stores these strings as single-byte ASCII; anything else would be garbled on the way in.
function asciiProblem(what: string, value: string): string | undefined {
  const bad = [...value].find((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e);
  return bad === undefined
    ? undefined
    : `${what} contains "${bad}" (U+${bad.charCodeAt(0).toString(16).padStart(4, '0')}): WinINET stores ASCII only; write international names in punycode (xn--...)`;
}

/** The WinINET value a manifest's proxy asks for (flags per mode), or why it cannot be encoded. */
export function encodeManifestSettings(manifest: ManifestSettings): EncodedManifest {
  const proxy = manifest.proxy;
  const bypassEntries = proxy.bypass.map((b) => b.trim()).filter((b) => b !== '');
  for (const entry of bypassEntries) {
    const problem = asciiProblem(`proxy.bypass entry "${entry}"`, entry);
    if (problem) return { ok: false, reason: problem };
    if (entry.includes(';')) return { ok: false, reason: `proxy.bypass entry "${entry}" contains ";": write one name per array entry` };
  }
  const bypass = bypassEntries.join(';');
  const notes: string[] = [];
  switch (proxy.mode) {
    case undefined:
      return {
        ok: false,
        reason: 'proxy.mode is missing or not one of static, pac, wpad, transparent, direct: set it to say how the sensors reach the Internet',
      };
    case 'static': {
      const server = proxy.server?.trim();
      if (!server) return { ok: false, reason: 'proxy.mode is static but proxy.server is missing: set it to host:port' };
      const problem = asciiProblem('proxy.server', server);
      if (problem) return { ok: false, reason: problem };
      if (server.includes('@'))
        return {
          ok: false,
          reason: 'proxy.server contains credentials (user:pass@): WinINET cannot use them and they would be stored in clear text; remove them',
        };
      return { ok: true, manifest, notes, settings: newConnectionSettings({ flags: FLAG_DIRECT | FLAG_PROXY, proxyServer: server, bypass }) };
    }
    case 'pac': {
      const url = proxy.pacUrl?.trim();
      if (!url) return { ok: false, reason: 'proxy.mode is pac but proxy.pacUrl is missing: set it to the URL of the PAC file' };
      const problem = asciiProblem('proxy.pacUrl', url);
      if (problem) return { ok: false, reason: problem };
      if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) return { ok: false, reason: 'proxy.pacUrl contains credentials (user:pass@): remove them' };
      return { ok: true, manifest, notes, settings: newConnectionSettings({ flags: FLAG_DIRECT | FLAG_AUTO_CONFIG, autoConfigUrl: url, bypass }) };
    }
    case 'wpad':
      notes.push('mode wpad: WinINET needs no configuration for the service accounts; this value only turns on automatic detection');
      return { ok: true, manifest, notes, settings: newConnectionSettings({ flags: FLAG_DIRECT | FLAG_AUTO_DETECT }) };
    case 'transparent':
      notes.push('mode transparent: WinINET needs no configuration for the service accounts; this value means a direct connection');
      return { ok: true, manifest, notes, settings: newConnectionSettings({ flags: FLAG_DIRECT }) };
    case 'direct':
      return { ok: true, manifest, notes, settings: newConnectionSettings({ flags: FLAG_DIRECT }) };
  }
}

/** Parses manifest text and encodes its proxy; a manifest with syntax errors is refused with the first one. */
export function encodeManifestText(text: string): EncodedManifest {
  const { manifest, syntaxErrors } = parseManifest(text);
  if (syntaxErrors.length > 0) {
    const first = syntaxErrors[0];
    return {
      ok: false,
      reason: `line ${lineOf(text, first.offset)}: ${first.message} Fix the syntax before encoding (atp-proxy validate shows every problem).`,
    };
  }
  if (!manifest.root || manifest.root.type !== 'object') return { ok: false, reason: 'the manifest is not a JSON object' };
  if (!manifest.proxy) return { ok: false, reason: 'the manifest has no proxy section: add one with a mode' };
  const mode = manifest.proxy.mode?.value;
  if (mode !== undefined && settingsOf(manifest).proxy.mode === undefined) {
    return { ok: false, reason: `proxy.mode ${JSON.stringify(mode)} is not one of static, pac, wpad, transparent, direct` };
  }
  return encodeManifestSettings(settingsOf(manifest));
}
