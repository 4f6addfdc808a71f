// Where a machine's values differ from what a manifest asks for, field by field.
import type { ManifestSettings } from '../manifest/model';
import { FLAG_DIRECT, FLAG_PROXY } from '../wininet/connectionSettings';
import { deploymentOf, needsNoRegistry } from '../wininet/deployment';
import { encodeManifestSettings } from '../wininet/fromManifest';
import { winHttpSettingsOf } from '../winhttp/winHttpFromManifest';
import { comparePolicyValues, v3Warnings } from './comparePolicy';
import { compareSensorConfiguration, mixedMethods } from './compareSensor';
import type { MachineLocation, MachineSnapshot, MachineValue } from './snapshot';

/** The fields compared; counters, versions and trailers are Windows' business. */
interface ComparedFields {
  flags: number;
  proxyServer: string;
  bypass: string;
  autoConfigUrl: string;
}

/** What the manifest expects of one value, or why it expects nothing of it. */
type Expectation = { kind: 'expected'; fields: ComparedFields } | { kind: 'none'; reason: string };

/** One field that differs. */
interface Difference {
  field: keyof ComparedFields;
  machine: string;
  manifest: string;
}

/** The verdict on one value. */
export type Comparison =
  | { kind: 'same' }
  | { kind: 'differs'; differences: Difference[] }
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'not-compared'; reason: string };

/** What a manifest expects each machine value to hold. */
function expectationOf(settings: ManifestSettings, location: MachineLocation, name: string): Expectation {
  if (location === 'HKLM') {
    // Method winhttp (sensor v3) writes proxy.server and proxy.bypass here, as encode and apply do.
    if (settings.sensor === 'v3' && settings.proxy.method === 'winhttp') {
      const w = winHttpSettingsOf(settings);
      if (!w.ok) return { kind: 'none', reason: w.reason };
      return { kind: 'expected', fields: { flags: w.settings.flags, proxyServer: w.settings.proxyServer, bypass: w.settings.bypass, autoConfigUrl: '' } };
    }
    const winhttp = settings.proxy.winhttp;
    if (!winhttp) return { kind: 'none', reason: 'the manifest has no proxy.winhttp' };
    return {
      kind: 'expected',
      fields: {
        flags: winhttp.server ? FLAG_DIRECT | FLAG_PROXY : FLAG_DIRECT,
        proxyServer: winhttp.server ?? '',
        bypass: winhttp.bypass.join(';'),
        autoConfigUrl: '',
      },
    };
  }
  if (needsNoRegistry(settings)) return { kind: 'none', reason: `mode ${settings.proxy.mode} needs no WinINET configuration` };
  const encoded = encodeManifestSettings(settings);
  if (!encoded.ok) return { kind: 'none', reason: encoded.reason };
  const deployment = deploymentOf(settings);
  const fields = {
    flags: encoded.settings.flags,
    proxyServer: encoded.settings.proxyServer,
    bypass: encoded.settings.bypass,
    autoConfigUrl: encoded.settings.autoConfigUrl,
  };
  if (location === 'HKCU') {
    return deployment.source === 'currentUser' && deployment.values.includes(name as never)
      ? { kind: 'expected', fields }
      : {
          kind: 'none',
          reason: deployment.source === 'currentUser' ? `${name} is not among registry.values` : 'registry.source is manifest: HKCU is not copied',
        };
  }
  if (!deployment.targets.includes(location)) return { kind: 'none', reason: `${location} is not a registry target` };
  if (!deployment.values.includes(name as never)) return { kind: 'none', reason: `${name} is not among registry.values` };
  return { kind: 'expected', fields };
}

function flagsText(flags: number): string {
  return `0x${flags.toString(16)}`;
}

/** Compares one value with what the manifest expects. */
export function compareValue(value: MachineValue, settings: ManifestSettings): Comparison {
  const expected = expectationOf(settings, value.location, value.name);
  if (expected.kind === 'none') return { kind: 'not-compared', reason: expected.reason };
  if (value.state.kind === 'missing') return { kind: 'missing' };
  if (value.state.kind === 'malformed') return { kind: 'unreadable', reason: value.state.reason };
  const got = value.state.value;
  const machine: ComparedFields = {
    flags: got.settings.flags,
    proxyServer: got.settings.proxyServer,
    bypass: got.settings.bypass,
    autoConfigUrl: got.kind === 'wininet' ? got.settings.autoConfigUrl : '',
  };
  const differences: Difference[] = [];
  for (const field of ['flags', 'proxyServer', 'bypass', 'autoConfigUrl'] as const) {
    const a = machine[field];
    const b = expected.fields[field];
    // WinINET ignores the case of names and the order of flags beyond these four.
    const same = field === 'flags' ? ((a as number) & 0xf) === b : String(a).toLowerCase() === String(b).toLowerCase();
    if (!same)
      differences.push({
        field,
        machine: field === 'flags' ? flagsText(a as number) : String(a) || '(none)',
        manifest: field === 'flags' ? flagsText(b as number) : String(b) || '(none)',
      });
  }
  return differences.length ? { kind: 'differs', differences } : { kind: 'same' };
}

const LOCATION_TITLES: Record<MachineLocation, string> = {
  HKCU: 'Current user (HKCU)',
  LocalSystem: 'LocalSystem (S-1-5-18, sensor updater)',
  LocalService: 'LocalService (S-1-5-19, sensor service)',
  HKLM: 'Machine WinHTTP (HKLM, netsh winhttp)',
};

/** The title of a location. */
export function locationTitle(location: MachineLocation): string {
  return LOCATION_TITLES[location];
}

function fieldLines(fields: ComparedFields | undefined, absent: string): string[] {
  if (!fields) return [`  ${absent}`];
  return [
    `  flags            ${flagsText(fields.flags)}`,
    `  proxy server     ${fields.proxyServer || '(none)'}`,
    `  bypass           ${fields.bypass || '(none)'}`,
    `  auto-config URL  ${fields.autoConfigUrl || '(none)'}`,
  ];
}

/**
 * The two sides of "Compare Machine with Manifest": the same layout for the machine's decoded values
 * and the manifest's expectations, so the diff editor lines them up.
 */
export function comparisonTexts(snapshot: MachineSnapshot, settings: ManifestSettings, manifestName: string): { machine: string; manifest: string } {
  const machine = [`# ${snapshot.source}`, ''];
  const manifest = [`# what ${manifestName} asks for`, ''];
  for (const value of snapshot.values) {
    const title = `[${locationTitle(value.location)}] ${value.name}`;
    machine.push(title);
    manifest.push(title);
    const s = value.state;
    // Loops, not push(...lines): core has no call-argument spreads at all (finding-cap.test.ts checks), so none can
    // quietly become one over an unbounded array.
    const machineLines =
      s.kind === 'decoded'
        ? fieldLines(
            {
              flags: s.value.settings.flags,
              proxyServer: s.value.settings.proxyServer,
              bypass: s.value.settings.bypass,
              autoConfigUrl: s.value.kind === 'wininet' ? s.value.settings.autoConfigUrl : '',
            },
            '',
          )
        : [s.kind === 'missing' ? '  (no value)' : `  (unreadable: ${s.reason})`];
    for (const line of machineLines) machine.push(line);
    const expected = expectationOf(settings, value.location, value.name);
    for (const line of expected.kind === 'expected' ? fieldLines(expected.fields, '') : [`  (not set by the manifest: ${expected.reason})`])
      manifest.push(line);
    machine.push('');
    manifest.push('');
  }
  // Only a SensorConfiguration.json imported: no registry, so no policy to show.
  if (snapshot.values.length === 0) {
    sensorTexts(snapshot, settings, machine, manifest);
    return { machine: `${machine.join('\n')}\n`, manifest: `${manifest.join('\n')}\n` };
  }
  policyTexts(snapshot, settings, machine, manifest);
  machine.push(`ProxySettingsPerUser policy: ${snapshot.perUserPolicy === undefined ? '(not set)' : snapshot.perUserPolicy}`);
  manifest.push(
    `ProxySettingsPerUser policy: ${snapshot.perUserPolicy === 0 ? '(not set) — 0 makes WinINET ignore the service accounts’ values' : snapshot.perUserPolicy === undefined ? '(not set)' : snapshot.perUserPolicy}`,
  );
  sensorTexts(snapshot, settings, machine, manifest);
  return { machine: `${machine.join('\n')}\n`, manifest: `${manifest.join('\n')}\n` };
}

/** The sensor configuration's lines on both sides (method `sensor`), and the mixed-methods warning. */
function sensorTexts(snapshot: MachineSnapshot, settings: ManifestSettings, machine: string[], manifest: string[]): void {
  const sensor = snapshot.sensor;
  if (!sensor) return;
  const title = '[Sensor configuration] SensorConfiguration.json';
  for (const side of [machine, manifest]) {
    if (side[side.length - 1] !== '') side.push('');
    side.push(title);
  }
  // The rows of an unreadable or absent file still show what the manifest expects, against "(no value)".
  const rows = compareSensorConfiguration(sensor.kind === 'read' ? sensor.value : {}, settings);
  if (sensor.kind !== 'read') machine.push(`  (${sensor.kind === 'absent' ? 'not found' : 'unreadable'}: ${sensor.reason})`);
  for (const row of rows) {
    const label = `  ${row.label}`.padEnd(23);
    if (sensor.kind === 'read') machine.push(`${label}${row.machine}`);
    // A field that matches (by host and port, without case) is written as the machine has it: the diff marks only what differs.
    const expected = row.verdict.kind === 'same' && sensor.kind === 'read' ? row.machine : row.manifest;
    manifest.push(`${label}${expected ?? `(not compared: ${row.verdict.kind === 'not-compared' ? row.verdict.reason : ''})`}`);
  }
  const mixed = mixedMethods(snapshot);
  machine.push('', `Mixed proxy methods: ${mixed ? mixed.message : 'no'}`);
  manifest.push('', 'Mixed proxy methods: no');
}

/** The Defender for Endpoint policy values on both sides (sensor v3, method policy), then the v3 warnings. */
function policyTexts(snapshot: MachineSnapshot, settings: ManifestSettings, machine: string[], manifest: string[]): void {
  const values = snapshot.policy;
  if (!values) return;
  const rows = comparePolicyValues(values, settings);
  if (settings.sensor !== 'v3' && rows.every((r) => r.machine === '(not set)')) return;
  machine.push('[Defender for Endpoint policy (HKLM)]');
  manifest.push('[Defender for Endpoint policy (HKLM)]');
  for (const row of rows) {
    const label = `  ${row.name}`.padEnd(35);
    machine.push(`${label}${row.machine}`);
    // A value that matches is written as the machine has it: the diff marks only what differs.
    const expected = row.verdict.kind === 'same' ? row.machine : row.manifest;
    manifest.push(`${label}${expected ?? `(not compared: ${row.verdict.kind === 'not-compared' ? row.verdict.reason : ''})`}`);
  }
  const warnings = v3Warnings(snapshot, settings);
  for (const id of ['policy-winhttp', 'v2-configuration'] as const) {
    const w = warnings.find((x) => x.id === id);
    const title = id === 'policy-winhttp' ? 'Policy and WinHTTP disagree' : 'v2 sensor configuration on a v3 machine';
    machine.push(`${title}: ${w ? w.message : 'no'}`);
    manifest.push(`${title}: no`);
  }
  machine.push('');
  manifest.push('');
}
