// The Manifests view's rows for one manifest, as plain data computed from core (parse, validate,
// catalog) and the last connectivity results: no `vscode` here, so the tree is unit-tested.
import { covers, isCloud, isRegion, requiredEndpoints, streamlinedHosts } from '../../core/catalog/catalog';
import type { ProbeResult } from '../../core/connectivity/result';
import type { Guidance, Located, ProxyMethod } from '../../core/manifest/model';
import { parseManifest, settingsOf } from '../../core/manifest/parse';
import type { Finding } from '../../core/rules/finding';
import { validateManifest } from '../../core/rules/validate';
import { byPosition } from '../../core/rules/findingCap';
import type { ManifestFile } from '../host';

/** What a row is, for menus (`viewItem`) and commands. */
type NodeKind = 'manifest' | 'instance' | 'endpoints' | 'endpoint' | 'proxy' | 'registry' | 'firewall' | 'findings' | 'finding' | 'field';

/** A row: what the tree shows and where it points in the manifest text (offsets; ranges only at the edge). */
export interface NodeInfo {
  /** Unique within the manifest, stable across edits (the tree keeps expansion by it). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id (`pass`, `error`...) and an optional theme color id. */
  icon?: string;
  iconColor?: string;
  /** `viewItem` for menus. */
  contextValue: string;
  offset?: number;
  length?: number;
  /** Endpoint rows: the allow entry, a host name or `host/path*` (what "Test This Endpoint" tests). */
  host?: string;
  children?: NodeInfo[];
}

/** A row with its manifest: the shape tree elements have, so commands get the manifest as their target. */
export interface ManifestNode extends ManifestFile {
  readonly node: NodeInfo;
}

/** An endpoint test that is running (shown with a spinner) or finished. */
export type EndpointState = ProbeResult | 'running';

/** Context values (package.json `view/item/context` filters on them). */
export const CONTEXT = {
  manifest: 'atpProxy.manifest',
  endpoint: 'atpProxy.endpoint',
  endpoints: 'atpProxy.endpoints',
  finding: 'atpProxy.finding',
  section: 'atpProxy.section',
  field: 'atpProxy.field',
} as const;

const GUIDANCE_NAMES: Record<Guidance, string> = {
  current: "current Microsoft guidance (Defender for Identity's documentation)",
  '2018': 'the 2018 Azure ATP article',
};

/** How the sensor learns the proxy, as the Proxy row names it (SPEC section 7). */
const METHOD_NAMES: Record<ProxyMethod, string> = {
  sensor: "sensor: the sensor's own configuration (SensorConfiguration.json)",
  wininet: 'wininet: WinINET of LocalSystem and LocalService (legacy)',
  policy: 'policy: Defender for Endpoint TelemetryProxyServer',
  winhttp: 'winhttp: WinHttpSettings (netsh winhttp)',
};

const VERDICT_ICONS: Record<ProbeResult['status'], string> = {
  ok: 'pass',
  dns: 'question',
  refused: 'debug-disconnect',
  timeout: 'watch',
  'proxy-denied': 'circle-slash',
  'proxy-auth': 'key',
  tls: 'lock',
  intercepted: 'eye',
  http: 'globe',
};

/** The icon and color of an endpoint's last verdict. */
export function verdictIcon(state: EndpointState | undefined): { icon: string; iconColor?: string } {
  if (state === undefined) return { icon: 'circle-large-outline' };
  if (state === 'running') return { icon: 'loading~spin' };
  return { icon: VERDICT_ICONS[state.status], iconColor: state.status === 'ok' ? 'testing.iconPassed' : 'testing.iconFailed' };
}

function span(located: Located<unknown> | undefined): { offset?: number; length?: number } {
  if (!located) return {};
  const node = located.property ?? located.node;
  return { offset: node.offset, length: node.length };
}

/** A field row of a section: its label, the value as shown, and the range a click reveals. */
function field(id: string, label: string, description: string, located: Located<unknown> | undefined): NodeInfo {
  return { id, kind: 'field', label, description, contextValue: CONTEXT.field, ...span(located) };
}

function text(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "2 errors, 1 warning" (or "no problems"). */
export function findingsSummary(findings: readonly Pick<Finding, 'severity'>[]): string {
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  const parts = [
    count('error') ? plural(count('error'), 'error') : '',
    count('warning') ? plural(count('warning'), 'warning') : '',
    count('info') ? plural(count('info'), 'info') : '',
  ].filter((p) => p);
  return parts.length ? parts.join(', ') : 'no problems';
}

const SEVERITY_ICONS: Record<Finding['severity'], { icon: string; iconColor: string }> = {
  error: { icon: 'error', iconColor: 'problemsErrorIcon.foreground' },
  warning: { icon: 'warning', iconColor: 'problemsWarningIcon.foreground' },
  info: { icon: 'info', iconColor: 'problemsInfoIcon.foreground' },
};

function endpointTooltip(host: string, purpose: string, state: EndpointState | undefined, allowed: boolean, untestable?: string): string {
  const lines = [host, purpose];
  if (!allowed) lines.push('Not in firewall.allow: the firewall would block it.');
  if (untestable) lines.push(untestable);
  else if (state === 'running') lines.push('Testing…');
  else if (state) {
    const tested = state.host !== host && host.startsWith('*.') ? ` of ${state.host}` : '';
    lines.push(
      `Last test${tested}: ${state.status} in ${state.ms} ms via ${state.via} (port ${state.port}${state.url ? `, GET ${state.url}` : ''})${state.issuer ? `, certificate issued by ${state.issuer}` : ''}.`,
    );
    lines.push(state.detail);
  } else lines.push('Not tested yet: run Test Connectivity.');
  return lines.join('\n');
}

/** What a manifest's rows are built from. */
export interface ManifestView {
  file: ManifestFile;
  /** Every row under the manifest's row. */
  nodes: NodeInfo[];
  findings: Finding[];
  /** "7 of 7 ok" once tested. */
  testSummary?: string;
}

/** One line about the last test of these endpoints ("6 of 7 ok, 1 proxy-denied"), or undefined when untested. */
export function testSummaryOf(hosts: readonly string[], results: ReadonlyMap<string, EndpointState>): string | undefined {
  const states = hosts.map((h) => results.get(h)).filter((s): s is EndpointState => s !== undefined);
  if (states.length === 0) return undefined;
  if (states.includes('running')) return `testing ${states.filter((s) => s !== 'running').length}/${hosts.length}`;
  const done = states as ProbeResult[];
  const ok = done.filter((r) => r.status === 'ok').length;
  const failed = new Map<string, number>();
  for (const r of done) if (r.status !== 'ok') failed.set(r.status, (failed.get(r.status) ?? 0) + 1);
  return `${ok} of ${hosts.length} ok${[...failed].map(([s, n]) => `, ${n} ${s}`).join('')}`;
}

/** Builds a manifest's rows from its text and the last results per host. */
export function buildManifestView(file: ManifestFile, source: string, results: ReadonlyMap<string, EndpointState> = new Map()): ManifestView {
  const { manifest, syntaxErrors } = parseManifest(source);
  const findings: Finding[] = [
    ...syntaxErrors.map((e) => ({
      code: 'ATP100' as const,
      severity: 'error' as const,
      guidance: 'both' as const,
      message: e.message,
      offset: e.offset,
      length: e.length,
    })),
    ...validateManifest(manifest),
  ].sort(byPosition);
  const s = settingsOf(manifest);
  const nodes: NodeInfo[] = [];

  const where = [s.cloud, s.region, `sensor ${s.sensor}`, `${s.guidance} guidance`].filter((v) => v).join(' · ');
  nodes.push({
    id: 'instance',
    kind: 'instance',
    label: `Instance: ${s.instance ?? '(not set)'}`,
    description: where,
    tooltip: `ATP instance ${s.instance ?? '(not set)'}, ${s.cloud} cloud${s.region ? `, ${s.region} service location` : ''}, sensor ${s.sensor}, ${GUIDANCE_NAMES[s.guidance]}`,
    icon: 'cloud',
    contextValue: CONTEXT.field,
    ...span(manifest.instance ?? manifest.cloud),
  });

  // Endpoints the instance needs, each pointing at the allow entry that covers it (else at the allow list).
  const endpoints = requiredEndpoints({
    guidance: s.guidance,
    sensor: s.sensor,
    cloud: isCloud(s.cloud) ? s.cloud : undefined,
    region: isRegion(s.region) ? s.region : undefined,
    instance: s.instance?.toLowerCase(),
  });
  const allowNode = manifest.firewall?.allow;
  const allowItems = allowNode?.node.type === 'array' ? (allowNode.node.children ?? []) : [];
  // The streamlined wildcard of a cloud where Microsoft documents no host under it: no test can reach it.
  const untestable = (e: { kind: string }): string | undefined =>
    e.kind === 'streamlined' && isCloud(s.cloud) ? streamlinedHosts(s.cloud).untested : undefined;
  // Results are keyed by the allow entry: www.microsoft.com/pkiops/* and /pki/* are two lists on one host.
  const keys = endpoints.filter((e) => untestable(e) === undefined).map((e) => e.entry);
  const missing = endpoints.filter((e) => !s.firewall.allow.some((a) => covers(a, e.entry)));
  const testSummary = testSummaryOf(keys, results);
  nodes.push({
    id: 'endpoints',
    kind: 'endpoints',
    label: 'Endpoints',
    icon: 'globe',
    contextValue: CONTEXT.endpoints,
    description: [`${endpoints.length} needed`, missing.length ? `${missing.length} not allowed` : '', testSummary ?? ''].filter((p) => p).join(' · '),
    tooltip: `Every endpoint the sensors must reach: the service on port 443, revocation lists over HTTP on port 80.${missing.length ? `\nMissing from firewall.allow: ${missing.map((e) => e.entry).join(', ')}` : ''}`,
    ...span(allowNode),
    children: endpoints.map((e) => {
      const item = allowItems.find((n) => typeof n.value === 'string' && covers(n.value, e.entry));
      const allowed = item !== undefined || s.firewall.allow.some((a) => covers(a, e.entry));
      const state = results.get(e.entry);
      const why = untestable(e);
      const verdict = why
        ? 'not testable'
        : state === undefined
          ? allowed
            ? 'not tested'
            : 'not allowed'
          : state === 'running'
            ? 'testing…'
            : `${state.status} · ${state.ms} ms · port ${state.port}`;
      return {
        id: `endpoint:${e.entry}`,
        kind: 'endpoint' as const,
        label: e.entry,
        description: verdict,
        host: e.entry,
        tooltip: endpointTooltip(e.entry, e.purpose, state, allowed, why),
        contextValue: CONTEXT.endpoint,
        ...verdictIcon(state),
        ...(item ? { offset: item.offset, length: item.length } : span(allowNode)),
      };
    }),
  });

  const proxy = s.proxy;
  const proxyFields: NodeInfo[] = [field('proxy.mode', 'Mode', text(proxy.mode ?? manifest.proxy?.mode?.value), manifest.proxy?.mode)];
  if (proxy.method)
    proxyFields.push(
      field('proxy.method', 'Method', METHOD_NAMES[proxy.method], manifest.proxy?.method ?? manifest.registry?.located ?? manifest.proxy?.located),
    );
  if (manifest.proxy?.user) proxyFields.push(field('proxy.user', 'User', text(manifest.proxy.user.value), manifest.proxy.user));
  if (manifest.proxy?.server) proxyFields.push(field('proxy.server', 'Server', text(manifest.proxy.server.value), manifest.proxy.server));
  if (manifest.proxy?.bypass) proxyFields.push(field('proxy.bypass', 'Bypass', proxy.bypass.join('; ') || '(empty)', manifest.proxy.bypass));
  if (manifest.proxy?.pacUrl) proxyFields.push(field('proxy.pacUrl', 'PAC URL', text(manifest.proxy.pacUrl.value), manifest.proxy.pacUrl));
  if (proxy.winhttp) {
    proxyFields.push(
      field(
        'proxy.winhttp',
        'WinHTTP',
        `${proxy.winhttp.server ?? '(direct)'}${proxy.winhttp.bypass.length ? ` bypass ${proxy.winhttp.bypass.join('; ')}` : ''}`,
        manifest.proxy?.winhttp,
      ),
    );
  }
  nodes.push({
    id: 'proxy',
    kind: 'proxy',
    label: 'Proxy',
    icon: 'arrow-swap',
    contextValue: CONTEXT.section,
    description: [proxy.mode ?? '(no mode)', proxy.server ?? proxy.pacUrl ?? '', proxy.method ? `· method ${proxy.method}` : ''].filter((p) => p).join(' '),
    ...span(manifest.proxy?.located),
    children: proxyFields,
  });

  if (manifest.registry && s.registry) {
    const r = s.registry;
    nodes.push({
      id: 'registry',
      kind: 'registry',
      label: 'Registry',
      icon: 'symbol-key',
      contextValue: CONTEXT.section,
      description: `${r.source === 'currentUser' ? 'copy of HKCU' : 'from the manifest'} → ${r.targets.join(', ') || '(no target)'}`,
      ...span(manifest.registry.located),
      children: [
        ...r.targets.map((t) => ({
          id: `registry.target:${t}`,
          kind: 'field' as const,
          label: t,
          description: t === 'LocalSystem' ? 'S-1-5-18 · sensor updater' : 'S-1-5-19 · sensor service',
          icon: 'account',
          contextValue: CONTEXT.field,
          ...span(manifest.registry?.targets),
        })),
        field('registry.values', 'Values', r.values.join(', '), manifest.registry.values ?? manifest.registry.located),
        field('registry.backup', 'Backup', r.backup ? 'yes' : 'no', manifest.registry.backup ?? manifest.registry.located),
      ],
    });
  } else {
    nodes.push({
      id: 'registry',
      kind: 'registry',
      label: 'Registry',
      icon: 'symbol-key',
      description: 'no registry section',
      contextValue: CONTEXT.section,
      ...span(manifest.proxy?.located),
    });
  }

  const fw = s.firewall;
  nodes.push({
    id: 'firewall',
    kind: 'firewall',
    label: 'Firewall',
    icon: 'shield',
    contextValue: CONTEXT.section,
    description: `port ${fw.port} · ${plural(fw.allow.length, 'allow entry').replace('entrys', 'entries')} · SSL inspection ${fw.sslInspection}`,
    ...span(manifest.firewall?.located),
    children: [
      field('firewall.port', 'Port', String(fw.port), manifest.firewall?.port ?? manifest.firewall?.located),
      field('firewall.allow', 'Allow', fw.allow.join(', ') || '(empty)', allowNode ?? manifest.firewall?.located),
      field('firewall.sslInspection', 'SSL inspection', fw.sslInspection, manifest.firewall?.sslInspection ?? manifest.firewall?.located),
    ],
  });

  const worst = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning') ?? findings[0];
  nodes.push({
    id: 'findings',
    kind: 'findings',
    label: 'Findings',
    description: findings.length ? `${findings.length} · ${findingsSummary(findings)}` : 'no problems',
    ...(worst ? SEVERITY_ICONS[worst.severity] : { icon: 'check', iconColor: 'testing.iconPassed' }),
    contextValue: CONTEXT.section,
    children: findings.map((f, i) => ({
      id: `finding:${i}:${f.code}`,
      kind: 'finding' as const,
      label: `${f.code}: ${f.message}`,
      tooltip: `${f.code} (${f.severity})\n${f.message}`,
      contextValue: CONTEXT.finding,
      offset: f.offset,
      length: f.length,
      ...SEVERITY_ICONS[f.severity],
    })),
  });
  return { file, nodes, findings, testSummary };
}
