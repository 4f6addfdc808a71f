import { Node, getLocation, findNodeAtLocation } from 'jsonc-parser';
import { CLOUDS, REGIONS, atpDomainOf, cloudDomain, covers, type EndpointKind } from '../catalog/catalog';
import { parseJsoncChecked, parseManifest } from '../manifest/parse';
import { createContext } from '../rules/context';
import { neededEndpoints } from '../rules/endpoints';
import { shapeAt, Shape } from '../manifest/shape';

/** A completion proposal: text to insert over a range (offsets), with what it is for. */
export interface Completion {
  label: string;
  kind: 'property' | 'value' | 'endpoint';
  insertText: string;
  /** The text this proposal replaces (the string under the cursor, quotes included), or an empty range at the cursor. */
  offset: number;
  length: number;
  detail?: string;
  documentation?: string;
  /** Sort key: required things first. */
  sortText?: string;
}

const VALUE_DOCS: Record<string, string> = {
  commercial: 'Commercial cloud: atp.azure.com.',
  gcc: 'US Government Community Cloud: gcc.atp.azure.com.',
  'gcc-high': 'US Government GCC High: atp.azure.us.',
  dod: 'US Government Department of Defense: atp.azure.us.',
  current: "Today's Defender for Identity documentation (default).",
  '2018': 'The original 2018 Azure ATP article: regional endpoints, WinINET, mutual SSL inspection allowed.',
  v2: 'Installed sensor (default): reaches <instance>sensorapi.',
  v3: 'Sensor activated through Defender for Endpoint: reaches its streamlined domain.',
  sensor: "v2: the sensor's own proxy configuration (SensorConfiguration.json), recommended.",
  wininet: 'v2: WinINET of LocalService and LocalSystem (legacy method).',
  policy: "v3: Defender for Endpoint's static proxy policy (TelemetryProxyServer).",
  winhttp: 'v3: WinHTTP (netsh winhttp set proxy).',
  us: 'United States service location.',
  europe: 'Europe service location.',
  asia: 'Asia service location.',
  LocalSystem: 'S-1-5-18: runs the sensor updater.',
  LocalService: 'S-1-5-19: runs the sensor service.',
};

function stringUnderCursor(root: Node | undefined, offset: number): Node | undefined {
  let node = root;
  while (node?.children) {
    const next: Node | undefined = node.children.find((c) => c.offset <= offset && offset <= c.offset + c.length);
    if (!next) break;
    node = next;
  }
  return node?.type === 'string' && node.offset < offset && offset <= node.offset + node.length ? node : undefined;
}

function valueSnippet(shape: Shape): string {
  switch (shape.type) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'integer':
      return '443';
    case 'boolean':
      return 'true';
    case 'version':
      return '1';
    default:
      return '""';
  }
}

function valueChoices(shape: Shape, path: (string | number)[], text: string, underCursor?: Node): { value: string; doc?: string; detail?: string }[] {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (shape.type === 'custom') {
    const values = last === 'cloud' ? CLOUDS : last === 'region' ? REGIONS : (shape.values ?? []);
    return values.map((v) => ({ value: v, doc: VALUE_DOCS[v] }));
  }
  if (shape.type === 'string' && shape.enum) return shape.enum.map((v) => ({ value: v, doc: VALUE_DOCS[v] }));
  if (shape.type === 'boolean') return [{ value: 'true' }, { value: 'false' }];
  if (shape.type === 'version') return [{ value: '1' }];
  if (shape.type === 'integer' && last === 'port') return [{ value: '443', doc: 'The sensor uses TCP 443.' }];
  if (typeof last === 'number' && parent === 'targets') return ['LocalSystem', 'LocalService'].map((v) => ({ value: v, doc: VALUE_DOCS[v] }));
  if (typeof last === 'number' && parent === 'bypass') return [{ value: '<local>', doc: 'Names without a dot (intranet) skip the proxy.' }];
  if (typeof last === 'number' && parent === 'allow') {
    const { manifest } = parseManifest(text);
    const ctx = createContext(manifest);
    const choices = neededEndpoints(ctx).map((e) => ({ value: e.entry, doc: `${e.purpose} (${e.source.title})`, detail: ENDPOINT_DETAIL[e.kind](e.region) }));
    if (ctx.cloud) choices.push({ value: `*.${cloudDomain(ctx.cloud)}`, doc: `Every ATP endpoint of the ${ctx.cloud} cloud (wildcard).`, detail: 'wildcard' });
    // Nothing twice: the entries other than the one being edited are left out, and what they do not cover yet comes first.
    const others = (ctx.allow ?? []).filter((item) => item.node.offset !== underCursor?.offset).map((item) => item.value.trim().toLowerCase());
    const missing = (target: string): boolean => !others.some((entry) => covers(entry, target));
    return choices.filter((c) => !others.includes(c.value.toLowerCase())).sort((a, b) => Number(missing(b.value)) - Number(missing(a.value)));
  }
  return [];
}

const ENDPOINT_DETAIL: Record<EndpointKind, (region?: string) => string> = {
  revocation: () => 'certificate revocation, HTTP 80',
  regional: (region) => `regional (${region ?? '?'}), 2018`,
  sensorApi: () => 'instance sensor API',
  console: () => 'instance console, 2018',
  streamlined: () => 'Defender for Endpoint streamlined domain',
};

/** Completion at an offset: keys at each level, enum values, the endpoints the manifest needs, `<local>` in bypass. */
export function complete(text: string, offset: number): Completion[] {
  const { root, tooDeep } = parseJsoncChecked(text);
  if (tooDeep !== undefined) return [];
  const location = getLocation(text, offset);
  const underCursor = stringUnderCursor(root, offset);
  const range = underCursor ? { offset: underCursor.offset, length: underCursor.length } : { offset, length: 0 };
  if (location.isAtPropertyKey) {
    const objectPath = location.path.slice(0, -1);
    const shape = shapeAt(objectPath);
    if (shape?.type !== 'object') return [];
    const objectNode = root ? (objectPath.length ? findNodeAtLocation(root, objectPath) : root) : undefined;
    const present = new Set((objectNode?.children ?? []).map((p) => p.children?.[0]?.value as string));
    // region is required for the commercial cloud, the default.
    const required = new Set([...(shape.required ?? []), ...(objectPath.length === 0 ? ['region'] : [])]);
    return Object.entries(shape.properties)
      .filter(([key]) => !present.has(key) || key === underCursor?.value)
      .map(([key, property]) => ({
        label: key,
        kind: 'property' as const,
        ...range,
        insertText: underCursor ? JSON.stringify(key) : `${JSON.stringify(key)}: ${valueSnippet(property)}`,
        documentation: property.description,
        detail: required.has(key) ? 'required' : undefined,
        sortText: `${required.has(key) ? '0' : '1'}${key}`,
      }));
  }
  const shape = shapeAt(location.path);
  if (!shape) return [];
  return valueChoices(shape, location.path, text, underCursor).map((choice, index) => {
    const isString =
      shape.type === 'string' || shape.type === 'custom' || shape.type === 'array' || typeof location.path[location.path.length - 1] === 'number';
    const literal = isString && !['true', 'false'].includes(choice.value) && !/^\d+$/.test(choice.value) ? JSON.stringify(choice.value) : choice.value;
    return {
      label: choice.value,
      kind: atpDomainOf(choice.value) || choice.detail ? ('endpoint' as const) : ('value' as const),
      ...range,
      insertText: literal,
      documentation: choice.doc,
      detail: choice.detail,
      sortText: String(index).padStart(3, '0'),
    };
  });
}
