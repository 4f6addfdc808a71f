// The Machine view's rows as plain data: each location, its values decoded, and how each compares
// with the manifest.
import type { ManifestSettings } from '../../core/manifest/model';
import { compareValue, locationTitle, type Comparison } from '../../core/machine/compare';
import { comparePolicyValues, v3Warnings, type PolicyRow } from '../../core/machine/comparePolicy';
import { compareSensorConfiguration, mixedMethods, type SensorField } from '../../core/machine/compareSensor';
import type { MachineLocation, MachineSnapshot, MachineValue } from '../../core/machine/snapshot';

/** A row of the Machine view. */
export interface MachineNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  iconColor?: string;
  /**
   * `viewItem` for menus: atpProxy.machineLocation, atpProxy.machineValue, atpProxy.machineField, atpProxy.machinePolicy,
   * atpProxy.machineSource, atpProxy.machineSensor, atpProxy.machineWarning.
   */
  contextValue: string;
  children?: MachineNode[];
}

const COMPARISON_ICONS: Record<Comparison['kind'], { icon: string; iconColor?: string }> = {
  same: { icon: 'pass', iconColor: 'testing.iconPassed' },
  differs: { icon: 'diff', iconColor: 'problemsWarningIcon.foreground' },
  missing: { icon: 'circle-slash', iconColor: 'problemsErrorIcon.foreground' },
  unreadable: { icon: 'error', iconColor: 'problemsErrorIcon.foreground' },
  'not-compared': { icon: 'circle-large-outline' },
};

function comparisonText(c: Comparison, manifestName: string | undefined): string {
  switch (c.kind) {
    case 'same':
      return `matches ${manifestName}`;
    case 'differs':
      return `differs from ${manifestName}: ${c.differences.map((d) => `${d.field} ${d.machine} (manifest ${d.manifest})`).join('; ')}`;
    case 'missing':
      return `not set, but ${manifestName} needs it`;
    case 'unreadable':
      return `cannot be decoded: ${c.reason}`;
    case 'not-compared':
      return manifestName ? `not compared: ${c.reason}` : 'no manifest to compare with';
  }
}

function valueNode(value: MachineValue, settings: ManifestSettings | undefined, manifestName: string | undefined): MachineNode {
  const comparison: Comparison = settings ? compareValue(value, settings) : { kind: 'not-compared', reason: 'no manifest' };
  const s = value.state;
  const id = `${value.location}/${value.name}`;
  const fields: MachineNode[] = [];
  let summary: string;
  if (s.kind === 'decoded') {
    const v = s.value.settings;
    const pac = s.value.kind === 'wininet' ? s.value.settings.autoConfigUrl : '';
    const differs = (field: string): string | undefined =>
      comparison.kind === 'differs' ? comparison.differences.find((d) => d.field === field)?.manifest : undefined;
    const field = (name: string, label: string, text: string): MachineNode => {
      const manifest = differs(name);
      return {
        id: `${id}/${name}`,
        label,
        description: text || '(none)',
        contextValue: 'atpProxy.machineField',
        ...(manifest !== undefined
          ? { icon: 'diff', iconColor: 'problemsWarningIcon.foreground', tooltip: `Machine: ${text || '(none)'}\nManifest: ${manifest}` }
          : {}),
      };
    };
    fields.push(field('flags', 'Flags', `0x${v.flags.toString(16)}`), field('proxyServer', 'Proxy server', v.proxyServer), field('bypass', 'Bypass', v.bypass));
    if (s.value.kind === 'wininet') fields.push(field('autoConfigUrl', 'Auto-config URL', pac));
    fields.push(
      { id: `${id}/counter`, label: 'Change counter', description: String(v.counter), contextValue: 'atpProxy.machineField' },
      { id: `${id}/version`, label: 'Version', description: `0x${v.version.toString(16)}`, contextValue: 'atpProxy.machineField' },
    );
    summary = v.proxyServer ? `proxy ${v.proxyServer}` : pac ? `PAC ${pac}` : v.flags & 8 ? 'auto-detect' : 'direct';
  } else {
    summary = s.kind === 'missing' ? 'not set' : 'unreadable';
  }
  return {
    id,
    label: value.name,
    description: summary,
    contextValue: 'atpProxy.machineValue',
    tooltip: `${value.key}\\${value.name}\n${comparisonText(comparison, manifestName)}`,
    ...COMPARISON_ICONS[comparison.kind],
    children: fields.length ? fields : undefined,
  };
}

const FIELD_ICONS: Record<SensorField['verdict']['kind'], { icon: string; iconColor?: string }> = {
  same: COMPARISON_ICONS.same,
  differs: COMPARISON_ICONS.differs,
  'not-compared': COMPARISON_ICONS['not-compared'],
};

function sensorFieldNode(row: SensorField, manifestName: string | undefined): MachineNode {
  const v = row.verdict;
  const verdictText =
    v.kind === 'same'
      ? `matches ${manifestName}`
      : v.kind === 'differs'
        ? `differs from ${manifestName}`
        : manifestName
          ? `not compared: ${v.reason}`
          : 'no manifest to compare with';
  // The API address says in the row itself whether it is the manifest's instance: the one fact a reviewer looks for.
  const note =
    row.field !== 'apiAddress' || v.kind === 'not-compared'
      ? ''
      : v.kind === 'same'
        ? ' · the manifest’s instance'
        : ` · not the manifest’s instance (${row.manifest})`;
  return {
    id: `sensor/${row.field}`,
    label: row.label,
    description: `${row.field === 'password' && row.machine === 'yes' ? 'yes (encrypted, not shown)' : row.machine}${note}`,
    contextValue: 'atpProxy.machineField',
    tooltip: `Machine: ${row.machine}${row.manifest !== undefined ? `\nManifest: ${row.manifest}` : ''}\n${verdictText}`,
    ...FIELD_ICONS[v.kind],
  };
}

/** The sensor's SensorConfiguration.json (method `sensor`): proxy URL, user, password present, API address. */
function sensorNode(snapshot: MachineSnapshot, settings: ManifestSettings | undefined, manifestName: string | undefined): MachineNode | undefined {
  const sensor = snapshot.sensor;
  if (!sensor) return undefined;
  const label = 'Sensor configuration (SensorConfiguration.json)';
  if (sensor.kind !== 'read') {
    return {
      id: 'sensor',
      label,
      description: sensor.kind === 'absent' ? 'not found' : 'unreadable',
      tooltip: sensor.reason,
      contextValue: 'atpProxy.machineSensor',
      ...(sensor.kind === 'absent' ? COMPARISON_ICONS['not-compared'] : COMPARISON_ICONS.unreadable),
    };
  }
  const rows = compareSensorConfiguration(sensor.value, settings);
  const differs = rows.some((r) => r.verdict.kind === 'differs');
  const same = rows.some((r) => r.verdict.kind === 'same');
  const proxy = sensor.value.proxy ? `proxy ${sensor.value.proxy.url}` : 'no proxy of its own';
  return {
    id: 'sensor',
    label,
    description: `${proxy}${differs ? ' · differs from the manifest' : same ? ' · matches the manifest' : ''}`,
    tooltip: sensor.source,
    contextValue: 'atpProxy.machineSensor',
    icon: 'gear',
    ...(differs ? { iconColor: 'problemsWarningIcon.foreground' } : {}),
    children: rows.map((row) => sensorFieldNode(row, manifestName)),
  };
}

function policyRowNode(row: PolicyRow, manifestName: string | undefined): MachineNode {
  const v = row.verdict;
  const comparison: Comparison =
    v.kind === 'differs' ? { kind: 'differs', differences: [{ field: 'proxyServer', machine: row.machine, manifest: row.manifest ?? '' }] } : v;
  const verdictText =
    v.kind === 'differs'
      ? `differs from ${manifestName}: the manifest asks for ${row.manifest}`
      : v.kind === 'missing'
        ? `not set, but ${manifestName} asks for ${row.manifest}`
        : comparisonText(comparison, manifestName);
  return {
    id: `policy/${row.name}`,
    label: row.name,
    description: row.machine,
    contextValue: 'atpProxy.machineValue',
    tooltip: `${row.key}\\${row.name}\nMachine: ${row.machine}${row.manifest !== undefined ? `\nManifest: ${row.manifest}` : ''}\n${verdictText}`,
    ...COMPARISON_ICONS[v.kind],
  };
}

/**
 * The Defender for Endpoint static proxy policy (method `policy`): shown for a v3 manifest, or wherever a value is set
 * (a v2 manifest then compares nothing).
 */
function policyNode(snapshot: MachineSnapshot, settings: ManifestSettings | undefined, manifestName: string | undefined): MachineNode | undefined {
  if (!snapshot.policy) return undefined;
  const rows = comparePolicyValues(snapshot.policy, settings);
  if (settings?.sensor !== 'v3' && rows.every((r) => r.machine === '(not set)')) return undefined;
  const children = rows.map((row) => policyRowNode(row, manifestName));
  const bad = rows.find((r) => r.verdict.kind === 'missing' || r.verdict.kind === 'unreadable');
  const differs = rows.some((r) => r.verdict.kind === 'differs');
  const telemetry = rows[0].machine;
  return {
    id: 'defenderPolicy',
    label: 'Defender for Endpoint policy (HKLM)',
    contextValue: 'atpProxy.machineLocation',
    icon: 'shield',
    description: `${telemetry === '(not set)' ? 'no static proxy' : `static proxy ${telemetry}`}${
      bad ? ' · needs attention' : differs ? ' · differs from the manifest' : rows.some((r) => r.verdict.kind === 'same') ? ' · matches the manifest' : ''
    }`,
    tooltip:
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection (TelemetryProxyServer, DisableEnterpriseAuthProxy) and …\\Windows Advanced Threat Protection (PreferStaticProxyForHttpRequest): the Defender for Endpoint static proxy, which sensor v3 uses.',
    ...(bad || differs ? { iconColor: 'problemsWarningIcon.foreground' } : {}),
    children,
  };
}

/**
 * Every row: the source, a mixed-methods warning, the policy, each location with its values compared with the manifest
 * (when one is given), and the sensor's configuration. Registry rows are left out when only a SensorConfiguration.json
 * was imported.
 */
export function machineNodes(snapshot: MachineSnapshot, settings: ManifestSettings | undefined, manifestName: string | undefined): MachineNode[] {
  const nodes: MachineNode[] = [
    {
      id: 'source',
      label: `Source: ${snapshot.source}`,
      description: manifestName ? `compared with ${manifestName}` : 'open a manifest to compare',
      icon: 'database',
      contextValue: 'atpProxy.machineSource',
    },
  ];
  const mixed = mixedMethods(snapshot);
  if (mixed)
    nodes.push({
      id: 'mixed',
      label: 'Mixed proxy methods',
      description: `SensorConfiguration.json ${mixed.sensorProxy} ≠ LocalService WinINET ${mixed.wininetProxy}`,
      tooltip: mixed.message,
      icon: 'warning',
      iconColor: 'problemsWarningIcon.foreground',
      contextValue: 'atpProxy.machineWarning',
    });
  for (const warning of v3Warnings(snapshot, settings))
    nodes.push({
      id: warning.id,
      label: warning.label,
      description: warning.description,
      tooltip: warning.message,
      icon: 'warning',
      iconColor: 'problemsWarningIcon.foreground',
      contextValue: 'atpProxy.machineWarning',
    });
  const sensor = sensorNode(snapshot, settings, manifestName);
  if (snapshot.values.length === 0) return sensor ? [...nodes, sensor] : nodes;
  const policy = snapshot.perUserPolicy;
  nodes.push({
    id: 'policy',
    label: 'ProxySettingsPerUser policy',
    contextValue: 'atpProxy.machinePolicy',
    description:
      policy === undefined ? 'not set (per-user settings apply)' : policy === 0 ? '0: per-machine proxy, the accounts’ values are ignored' : String(policy),
    ...(policy === 0 ? { icon: 'error', iconColor: 'problemsErrorIcon.foreground' } : { icon: 'pass', iconColor: 'testing.iconPassed' }),
    tooltip:
      policy === 0
        ? "HKLM\\Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ProxySettingsPerUser = 0: WinINET reads HKLM's Connections key for every account, so writing LocalSystem's and LocalService's values has no effect. Configure the proxy in HKLM or remove the policy."
        : "WinINET reads each account's own Connections key.",
  });
  const locations: MachineLocation[] = ['HKCU', 'LocalSystem', 'LocalService', 'HKLM'];
  for (const location of locations) {
    // The policy sits beside the machine's WinHTTP: the two places Defender for Endpoint takes a proxy from.
    const policy = location === 'HKLM' ? policyNode(snapshot, settings, manifestName) : undefined;
    if (policy) nodes.push(policy);
    const values = snapshot.values.filter((v) => v.location === location).map((v) => valueNode(v, settings, manifestName));
    const worst = values.find((v) => v.icon === 'circle-slash' || v.icon === 'error') ?? values.find((v) => v.icon === 'diff');
    nodes.push({
      id: location,
      label: locationTitle(location),
      contextValue: 'atpProxy.machineLocation',
      icon: 'account',
      description: worst
        ? worst.icon === 'diff'
          ? 'differs from the manifest'
          : 'needs attention'
        : values.some((v) => v.icon === 'pass')
          ? 'matches the manifest'
          : undefined,
      children: values,
    });
  }
  if (sensor) nodes.push(sensor);
  return nodes;
}
