import { CONNECTION_VALUES, GUIDANCES, PROXY_METHODS, PROXY_MODES, REGISTRY_SOURCES, SENSOR_VERSIONS, SSL_INSPECTION } from './model';

/** The shape of a manifest value: what ATP101 (types, enums, required members) and ATP102 (unknown keys) check. */
export type Shape =
  /** `aliases`: names people give a property that edit distance cannot reach ("location" for region); ATP102 proposes the property. */
  | { type: 'object'; properties: Record<string, Shape>; required?: string[]; aliases?: Record<string, string>; description: string }
  | { type: 'array'; items: Shape; description: string }
  /** `fallback`: the value the rules follow while this one is invalid; its fix prefers it, so fixing never switches silently. */
  | { type: 'string'; enum?: readonly string[]; fallback?: string; description: string }
  | { type: 'integer'; description: string }
  | { type: 'boolean'; description: string }
  | { type: 'version'; description: string }
  /** Checked by a dedicated rule (ATP160/ATP161), not by the shape. */
  | { type: 'custom'; description: string; values?: readonly string[] };

const hostList = (description: string): Shape => ({ type: 'array', items: { type: 'string', description: 'A host name.' }, description });

/** The manifest, version 1. Descriptions feed hover and completion. */
export const MANIFEST_SHAPE: Shape = {
  type: 'object',
  description: 'ATP sensor proxy-deployment manifest.',
  required: ['version', 'instance', 'proxy', 'firewall'],
  // The portal calls the region the instance's "geolocation" / "service location", and the instance a "workspace".
  aliases: { location: 'region', servicelocation: 'region', geolocation: 'region', workspace: 'instance', workspacename: 'instance' },
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema this file follows.' },
    version: { type: 'version', description: 'Manifest format version. Always 1.' },
    guidance: {
      type: 'string',
      enum: GUIDANCES,
      fallback: 'current',
      description:
        "The guidance the rules follow: current (default: today's Defender for Identity documentation) or 2018 (the original Azure ATP article: regional endpoints, WinINET, mutual SSL inspection allowed).",
    },
    sensor: {
      type: 'string',
      enum: SENSOR_VERSIONS,
      description:
        'The sensor generation: v2 (default, the installed sensor: reaches <instance>sensorapi) or v3 (activated through Defender for Endpoint: reaches its streamlined domain).',
    },
    instance: {
      type: 'custom',
      description: 'The Defender for Identity instance (workspace) name, a DNS label: `<instance>sensorapi.atp.azure.com` is where v2 sensors report.',
    },
    cloud: {
      type: 'custom',
      values: ['commercial', 'gcc', 'gcc-high', 'dod'],
      description: 'The cloud of the instance: commercial (atp.azure.com), gcc (gcc.atp.azure.com), gcc-high or dod (atp.azure.us). Default commercial.',
    },
    region: {
      type: 'custom',
      values: ['us', 'europe', 'asia'],
      description:
        'The service location of the instance (us, europe, asia): used by the 2018 guidance only, where it selects the legacy regional sensor endpoints (required there for the commercial cloud).',
    },
    proxy: {
      type: 'object',
      description: 'How the domain controllers reach the Internet.',
      properties: {
        mode: {
          type: 'string',
          enum: PROXY_MODES,
          description:
            'static: one proxy server (`server`), given to the sensor by `method`; pac: a PAC file (`pacUrl`) that chooses the proxy (v2, method `wininet` only); wpad: the proxy Windows finds by auto-detection, nothing to configure; transparent: a proxy in the network path the sensor does not know about, nothing to configure; direct: no proxy.',
        },
        method: {
          type: 'custom',
          values: PROXY_METHODS,
          description:
            "How the sensor learns the proxy (static/pac): v2 `sensor` (the sensor's own configuration, recommended) or `wininet` (legacy: WinINET of LocalService/LocalSystem); v3 `policy` (Defender for Endpoint's TelemetryProxyServer) or `winhttp`.",
        },
        server: { type: 'string', description: 'The proxy in WinINET syntax: `host:port`, or per protocol `http=host:port;https=host:port`. No credentials.' },
        user: {
          type: 'string',
          description:
            'Method `sensor` only: the account the sensor signs in to the proxy with (DOMAIN\\user). Never a password: the deployment script asks for it at run time.',
        },
        bypass: hostList('Names that skip the proxy (WinINET syntax: `*` wildcards, `<local>` for names without a dot). Never list ATP endpoints here.'),
        pacUrl: { type: 'string', description: 'URL of the proxy auto-config (PAC) file, for mode pac.' },
        winhttp: {
          type: 'object',
          description: 'What `netsh winhttp` holds (WinHttpSettings): the proxy of method `winhttp`; with method `wininet` not enough on its own.',
          properties: {
            server: { type: 'string', description: 'The WinHTTP proxy, `host:port`.' },
            bypass: hostList('The WinHTTP bypass list.'),
          },
        },
      },
    },
    registry: {
      type: 'object',
      description: 'Method `wininet` only: how WinINET is configured for the sensor service accounts (LocalService runs the sensor, LocalSystem the updater).',
      properties: {
        source: {
          type: 'string',
          enum: REGISTRY_SOURCES,
          description:
            "currentUser (default, the 2018 procedure): copy HKCU's value, only when it carries the manifest's proxy (apply and the .ps1 refuse otherwise); manifest: write the value encoded from `proxy`.",
        },
        targets: {
          type: 'array',
          items: { type: 'string', description: 'LocalSystem or LocalService.' },
          description: 'The accounts to configure: LocalSystem (S-1-5-18, updater) and LocalService (S-1-5-19, sensor). No other account may be changed.',
        },
        values: {
          type: 'array',
          items: { type: 'string', enum: CONNECTION_VALUES, description: 'A WinINET connection value.' },
          description: 'The values to write. Default DefaultConnectionSettings.',
        },
        backup: { type: 'boolean', description: 'Export the keys before changing them. Keep it true.' },
      },
    },
    firewall: {
      type: 'object',
      description: 'What the proxy or firewall must let through.',
      properties: {
        port: { type: 'integer', description: 'The port the sensor uses: 443.' },
        allow: hostList(
          'What the proxy/firewall lets through: host names (443), `*.domain` wildcards (every name under the domain) and URL patterns `host/path*` (revocation lists, HTTP on 80); a bare host covers every path.',
        ),
        sslInspection: {
          type: 'string',
          enum: SSL_INSPECTION,
          description:
            'SSL inspection of sensor traffic: none (the only value current guidance allows), mutual (2018 guidance only), oneWay (breaks the sensor).',
        },
      },
    },
    sensors: {
      type: 'array',
      description: 'The domain controllers running a sensor.',
      items: {
        type: 'object',
        description: 'A domain controller running a sensor.',
        properties: {
          name: { type: 'string', description: 'The sensor (domain controller) name, unique.' },
          host: { type: 'string', description: 'The domain controller host name.' },
        },
      },
    },
  },
};

/** The shape at a JSON path (array indexes step into items), if the path is known. */
export function shapeAt(path: (string | number)[]): Shape | undefined {
  let shape: Shape | undefined = MANIFEST_SHAPE;
  for (const segment of path) {
    if (!shape) return undefined;
    if (typeof segment === 'number') shape = shape.type === 'array' ? shape.items : undefined;
    else shape = shape.type === 'object' ? shape.properties[segment] : undefined;
  }
  return shape;
}
