// How a machine's Defender for Endpoint policy values compare with a manifest (method `policy`: TelemetryProxyServer =
// the manifest's proxy by host and port, DisableEnterpriseAuthProxy = 1, PreferStaticProxyForHttpRequest = 1 when the
// manifest says the machine is otherwise offline), and the v3 machine's warnings.
import { DISABLE_ENTERPRISE_AUTH_PROXY, PREFER_STATIC_PROXY, TELEMETRY_PROXY_SERVER } from '../apply/machineValue';
import { httpsProxy, parseServerString } from '../connectivity/serverString';
import type { ManifestSettings } from '../manifest/model';
import { policySettingsOf } from '../policy/policySettings';
import { hostPortOf } from '../sensorConfig/addresses';
import { FLAG_PROXY } from '../wininet/connectionSettings';
import type { PolicyValue, PolicyValueState } from './policySnapshot';
import type { MachineSnapshot } from './snapshot';

/** One policy value's verdict. */
type PolicyVerdict =
  { kind: 'same' } | { kind: 'differs' } | { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'not-compared'; reason: string };

/** A row: the value, the machine's data as text, what the manifest asks for (undefined: nothing) and the verdict. */
export interface PolicyRow {
  key: string;
  name: PolicyValue['name'];
  machine: string;
  manifest?: string;
  verdict: PolicyVerdict;
}

/** The data of a policy value as a person reads it. */
function policyStateText(state: PolicyValueState): string {
  switch (state.kind) {
    case 'missing':
      return '(not set)';
    case 'text':
      return state.text || '(empty)';
    case 'number':
      return `${state.number} (REG_DWORD)`;
    case 'malformed':
      return `(unreadable: ${state.reason})`;
  }
}

/** What the manifest asks of each value: text or number, "absent", or nothing (with why). */
type PolicyExpectation =
  { kind: 'text'; text: string } | { kind: 'number'; number: number } | { kind: 'absent'; why: string } | { kind: 'none'; reason: string };

function expectations(settings: ManifestSettings | undefined): Record<PolicyValue['name'], PolicyExpectation> {
  const all = (e: PolicyExpectation): Record<PolicyValue['name'], PolicyExpectation> => ({
    [TELEMETRY_PROXY_SERVER]: e,
    [DISABLE_ENTERPRISE_AUTH_PROXY]: e,
    [PREFER_STATIC_PROXY]: e,
  });
  if (!settings) return all({ kind: 'none', reason: 'no manifest' });
  if (settings.sensor !== 'v3') return all({ kind: 'none', reason: 'the manifest describes sensor v2, which does not read these values' });
  const method = settings.proxy.method;
  if (method !== 'policy') {
    // Another v3 method (or none) is in charge: the static proxy policy should name no proxy.
    return {
      [TELEMETRY_PROXY_SERVER]: { kind: 'absent', why: method ? `method ${method}` : `mode ${settings.proxy.mode ?? 'not set'}` },
      [DISABLE_ENTERPRISE_AUTH_PROXY]: { kind: 'none', reason: `method ${method ?? 'not set'} does not use it` },
      [PREFER_STATIC_PROXY]: { kind: 'none', reason: `method ${method ?? 'not set'} does not use it` },
    };
  }
  const policy = policySettingsOf(settings);
  if (!policy.ok) return all({ kind: 'none', reason: policy.reason });
  return {
    [TELEMETRY_PROXY_SERVER]: { kind: 'text', text: policy.settings.proxyServer },
    [DISABLE_ENTERPRISE_AUTH_PROXY]: { kind: 'number', number: 1 },
    [PREFER_STATIC_PROXY]: policy.settings.preferStaticProxy
      ? { kind: 'number', number: 1 }
      : { kind: 'none', reason: 'proxy.winhttp gives the machine a WinHTTP proxy: the manifest does not ask for it' },
  };
}

/** Same proxy by host and port (`host:port`; case and a trailing dot ignored). */
function sameProxy(a: string, b: string): boolean {
  const x = hostPortOf(a, 80);
  const y = hostPortOf(b, 80);
  return x !== undefined && y !== undefined && x.host === y.host && x.port === y.port;
}

/** The three policy values compared with a manifest (each `not-compared` without one). */
export function comparePolicyValues(values: readonly PolicyValue[], settings: ManifestSettings | undefined): PolicyRow[] {
  const expected = expectations(settings);
  return values.map((v) => {
    const e = expected[v.name];
    const row: PolicyRow = { key: v.key, name: v.name, machine: policyStateText(v.state), verdict: { kind: 'same' } };
    if (e.kind === 'none') return { ...row, verdict: { kind: 'not-compared', reason: e.reason } };
    row.manifest = e.kind === 'text' ? e.text : e.kind === 'number' ? `${e.number} (REG_DWORD)` : `(not set: ${e.why})`;
    const s = v.state;
    if (s.kind === 'malformed') return { ...row, verdict: { kind: 'unreadable', reason: s.reason } };
    if (e.kind === 'absent') return { ...row, verdict: s.kind === 'missing' ? { kind: 'same' } : { kind: 'differs' } };
    if (s.kind === 'missing') return { ...row, verdict: { kind: 'missing' } };
    const same = e.kind === 'text' ? s.kind === 'text' && sameProxy(s.text, e.text) : s.kind === 'number' && s.number === e.number;
    return { ...row, verdict: same ? { kind: 'same' } : { kind: 'differs' } };
  });
}

/** A warning about a v3 machine: two proxy configurations that can disagree. */
export interface MachineWarning {
  id: 'policy-winhttp' | 'v2-configuration';
  label: string;
  /** One line for the row. */
  description: string;
  /** What it means and what to do. */
  message: string;
}

/**
 * TelemetryProxyServer and WinHttpSettings both name a proxy and disagree (by host and port; WinHTTP's HTTPS entry of a
 * per-protocol list). Defender for Endpoint reads both (policy first for its own channel, WinHTTP for the rest).
 */
function policyWinHttpDisagree(snapshot: MachineSnapshot): MachineWarning | undefined {
  const telemetry = snapshot.policy?.find((v) => v.name === TELEMETRY_PROXY_SERVER)?.state;
  if (telemetry?.kind !== 'text' || telemetry.text.trim() === '') return undefined;
  const winhttp = snapshot.values.find((v) => v.location === 'HKLM' && v.name === 'WinHttpSettings')?.state;
  if (winhttp?.kind !== 'decoded') return undefined;
  const settings = winhttp.value.settings;
  if (!(settings.flags & FLAG_PROXY) || !settings.proxyServer) return undefined;
  const list = parseServerString(settings.proxyServer);
  const proxy = 'problem' in list ? undefined : httpsProxy(list);
  if (proxy && sameProxy(telemetry.text, `${proxy.host}:${proxy.port}`)) return undefined;
  return {
    id: 'policy-winhttp',
    label: 'Policy and WinHTTP disagree',
    description: `TelemetryProxyServer ${telemetry.text} ≠ WinHttpSettings ${settings.proxyServer}`,
    message: `Two methods hold a proxy and disagree: the Defender for Endpoint policy TelemetryProxyServer has ${telemetry.text}, the machine's WinHTTP (netsh winhttp) has ${settings.proxyServer}. Microsoft documents that a proxy must be changed with the method first used, not which one wins: keep the manifest's method and clear the other.`,
  };
}

/** A v2 sensor's SensorConfiguration.json that still names a proxy, on a machine the manifest describes as v3. */
function v2ConfigurationOnV3(snapshot: MachineSnapshot, settings: ManifestSettings | undefined): MachineWarning | undefined {
  if (settings?.sensor !== 'v3' || snapshot.sensor?.kind !== 'read') return undefined;
  const url = snapshot.sensor.value.proxy?.url;
  if (url === undefined) return undefined;
  return {
    id: 'v2-configuration',
    label: 'v2 sensor configuration on a v3 machine',
    description: `SensorConfiguration.json still has proxy ${url}`,
    message: `The manifest describes sensor v3, but a v2 sensor's SensorConfiguration.json here still names the proxy ${url}. Sensor v3 reaches the service through Defender for Endpoint (methods policy and winhttp) and does not read it: remove the v2 sensor, or clear its proxy (Deployer.exe ClearProxyConfiguration), so that two configurations cannot disagree.`,
  };
}

/** The warnings a v3 machine (or any machine with the policy and WinHTTP both set) gets, in display order. */
export function v3Warnings(snapshot: MachineSnapshot, settings: ManifestSettings | undefined): MachineWarning[] {
  return [policyWinHttpDisagree(snapshot), v2ConfigurationOnV3(snapshot, settings)].filter((w): w is MachineWarning => w !== undefined);
}
