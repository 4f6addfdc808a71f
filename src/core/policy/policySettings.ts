// Method `policy` (sensor v3): the Defender for Endpoint static proxy policy. Source: Microsoft, "Configure your
// devices to connect to the Defender for Endpoint service using a proxy"
// (learn.microsoft.com/en-us/microsoft-365/security/defender-endpoint/configure-proxy-internet), section "Configure the proxy server manually
// using a registry-based static proxy": TelemetryProxyServer (REG_SZ servername:port) and DisableEnterpriseAuthProxy
// (REG_DWORD 1) under HKLM\SOFTWARE\Policies\Microsoft\Windows\DataCollection; on devices otherwise completely
// offline (the operating system cannot reach certificate revocation lists or Windows Update),
// PreferStaticProxyForHttpRequest (REG_DWORD 1) under HKLM\SOFTWARE\Policies\Microsoft\Windows Advanced Threat Protection.
import type { ManifestSettings } from '../manifest/model';
import { parseProxyServer } from '../manifest/proxyServer';
import {
  ATP_POLICY_KEY,
  DATA_COLLECTION_KEY,
  DISABLE_ENTERPRISE_AUTH_PROXY,
  MachineValue,
  PREFER_STATIC_PROXY,
  TELEMETRY_PROXY_SERVER,
} from '../apply/machineValue';
import { REG_DWORD, REG_SZ, regString } from '../wininet/regFile';

/** What method `policy` sets on a machine. */
export interface PolicySettings {
  /** TelemetryProxyServer: `host:port`. */
  proxyServer: string;
  /** Whether PreferStaticProxyForHttpRequest = 1 is written too (the machine is otherwise offline). */
  preferStaticProxy: boolean;
}

/** The settings a manifest asks for, with notes for the user; or why they cannot be written. */
export type PolicyFromManifest = { ok: true; settings: PolicySettings; notes: string[] } | { ok: false; reason: string };

/**
 * Whether the manifest says the machine is otherwise offline: mode static (no direct route out) and no WinHTTP
 * proxy in `proxy.winhttp`, so the operating system itself (revocation lists, Windows Update, both over WinHTTP)
 * has no way out but the Defender for Endpoint static proxy.
 */
function isOtherwiseOffline(manifest: ManifestSettings): boolean {
  return manifest.proxy.mode === 'static' && !manifest.proxy.winhttp?.server?.trim();
}

/** A single `host:port` in printable ASCII without credentials, or why the server is not one. */
export function singleProxyProblem(server: string | undefined, method: string): string | undefined {
  const text = server?.trim();
  if (!text) return `method ${method} needs proxy.server (host:port)`;
  if (/[^\x21-\x7e]/.test(text)) return `proxy.server "${text}" must be printable ASCII: write international names in punycode (xn--...)`;
  const parsed = parseProxyServer(text);
  if (!parsed.ok) return `proxy.server "${text}": ${parsed.reason}`;
  if (parsed.entries.some((e) => e.credentials !== undefined))
    return 'proxy.server contains credentials (user:pass@): Defender for Endpoint cannot answer a proxy login; remove them';
  if (parsed.entries.length !== 1 || parsed.entries[0].protocol !== undefined)
    return `method ${method} takes one proxy for every protocol (host:port), not a per-protocol list`;
  return undefined;
}

/** The policy values a manifest with method `policy` asks for. */
export function policySettingsOf(manifest: ManifestSettings): PolicyFromManifest {
  if (manifest.proxy.method !== 'policy') return { ok: false, reason: `proxy.method is ${manifest.proxy.method ?? 'not set'}, not policy` };
  if (manifest.proxy.mode !== 'static')
    return { ok: false, reason: `method policy is a static proxy: set proxy.mode to static (it is ${manifest.proxy.mode ?? 'not set'})` };
  const problem = singleProxyProblem(manifest.proxy.server, 'policy');
  if (problem) return { ok: false, reason: problem };
  const notes: string[] = [];
  if (manifest.proxy.bypass.some((b) => b.trim() !== ''))
    notes.push('proxy.bypass is not written: the Defender for Endpoint static proxy policy has no bypass list');
  const preferStaticProxy = isOtherwiseOffline(manifest);
  notes.push(
    preferStaticProxy
      ? `${PREFER_STATIC_PROXY} = 1 is written: the manifest names no WinHTTP proxy (proxy.winhttp), so the machine is otherwise offline`
      : `${PREFER_STATIC_PROXY} is not written: proxy.winhttp gives the machine a WinHTTP proxy for revocation lists and Windows Update`,
  );
  return { ok: true, notes, settings: { proxyServer: (manifest.proxy.server as string).trim(), preferStaticProxy } };
}

function dword(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return new Uint8Array(b);
}

/** The registry values of the settings, in the order they are written. */
export function policyValues(settings: PolicySettings): MachineValue[] {
  const values: MachineValue[] = [
    { key: DATA_COLLECTION_KEY, name: TELEMETRY_PROXY_SERVER, type: REG_SZ, data: regString(settings.proxyServer) },
    { key: DATA_COLLECTION_KEY, name: DISABLE_ENTERPRISE_AUTH_PROXY, type: REG_DWORD, data: dword(1) },
  ];
  if (settings.preferStaticProxy) values.push({ key: ATP_POLICY_KEY, name: PREFER_STATIC_PROXY, type: REG_DWORD, data: dword(1) });
  return values;
}
