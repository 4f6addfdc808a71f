// Reads a v2 sensor's SensorConfiguration.json (SPEC section 7): the proxy the sensor uses, its account, whether an
// encrypted password is stored (never the bytes), and the sensor API address. Everything else in the file is the
// sensor's business and is not interpreted.
import { MAX_MANIFEST_BYTES } from '../manifest/limits';
import { decodeFile, type FileEncoding } from '../text/fileEncoding';
import { LineIndex } from '../text/lineIndex';
import { parseJson, type JsonNode } from './json';

/** The file name the sensor reads, beside Microsoft.Tri.Sensor.exe. */
export const SENSOR_CONFIGURATION_FILE = 'SensorConfiguration.json';

/** The member that holds the sensor's own proxy configuration. */
export const PROXY_MEMBER = 'SensorProxyConfiguration';

/** The member that holds the sensor API endpoint. */
const API_ENDPOINT_MEMBER = 'WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint';

/** The sensor's own proxy: `SensorProxyConfiguration` with a non-empty `Url`. */
interface SensorProxy {
  url: string;
  userName?: string;
  /** `EncryptedUserPasswordData.EncryptedBytes` is a non-empty string; the bytes themselves are never kept. */
  passwordPresent: boolean;
}

/** What a SensorConfiguration.json says about the proxy and the service. */
export interface SensorConfiguration {
  /** Undefined when `SensorProxyConfiguration` is absent or null, or its `Url` empty: the sensor uses no proxy of its own. */
  proxy?: SensorProxy;
  /** A proxy account (and password) without a URL: the sensor ignores it, an administrator should know. */
  orphanUserName?: string;
  /** `WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint.Address`, as written. */
  apiAddress?: string;
  /** Its `Port` member, when present. */
  apiPort?: number;
}

/** Where and why a file is not a readable SensorConfiguration.json. */
export interface SensorConfigurationError {
  reason: string;
  /** Byte offset into the file (a BOM included). */
  byte: number;
  /** 1-based line and column (characters). */
  line: number;
  column: number;
}

export type SensorConfigurationRead = { ok: true; value: SensorConfiguration } | { ok: false; error: SensorConfigurationError };

/** `NAME:LINE:COLUMN (byte N): reason` — the form every caller prints. */
export function describeSensorConfigurationError(name: string, error: SensorConfigurationError): string {
  return `${name}:${error.line}:${error.column} (byte ${error.byte}): ${error.reason}`;
}

class TypeProblem extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const TYPE_NAMES: Record<JsonNode['type'], string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function member(node: Extract<JsonNode, { type: 'object' }>, name: string): JsonNode | undefined {
  const value = node.members.get(name.toLowerCase());
  return value?.type === 'null' ? undefined : value;
}

// Messages name the member and the type found, never the value: the value may be the encrypted password.
function expect<T extends JsonNode['type']>(node: JsonNode, type: T, path: string, what: string): Extract<JsonNode, { type: T }> {
  if (node.type !== type) throw new TypeProblem(node.offset, `${path} is ${TYPE_NAMES[node.type]}, expected ${what}`);
  return node as Extract<JsonNode, { type: T }>;
}

function optionalString(parent: Extract<JsonNode, { type: 'object' }>, name: string, path: string): string | undefined {
  const node = member(parent, name);
  if (!node) return undefined;
  const text = expect(node, 'string', `${path}.${name}`, 'a string or null').value;
  return text === '' ? undefined : text;
}

/** A proxy URL with any password written into it (`http://user:secret@proxy`) replaced: it is never kept either. */
function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, '$1:(password hidden)@');
}

function interpret(root: JsonNode): SensorConfiguration {
  const top = expect(root, 'object', 'the file', `one JSON object (${SENSOR_CONFIGURATION_FILE} is an object with a "$type" member)`);
  // A manifest or any other JSON object must not read as "a sensor without a proxy".
  if (![PROXY_MEMBER, API_ENDPOINT_MEMBER, 'SecretManagerConfigurationCertificateThumbprint'].some((name) => top.members.has(name.toLowerCase())))
    throw new TypeProblem(
      top.offset,
      `this object has no ${PROXY_MEMBER}, ${API_ENDPOINT_MEMBER} or SecretManagerConfigurationCertificateThumbprint member: it is not a sensor's ${SENSOR_CONFIGURATION_FILE}`,
    );
  const result: SensorConfiguration = {};
  const proxyNode = member(top, PROXY_MEMBER);
  if (proxyNode) {
    const proxy = expect(proxyNode, 'object', PROXY_MEMBER, 'an object or null');
    const url = optionalString(proxy, 'Url', PROXY_MEMBER);
    const userName = optionalString(proxy, 'UserName', PROXY_MEMBER);
    let passwordPresent = false;
    const passwordNode = member(proxy, 'EncryptedUserPasswordData');
    if (passwordNode) {
      const password = expect(passwordNode, 'object', `${PROXY_MEMBER}.EncryptedUserPasswordData`, 'an object or null');
      passwordPresent = optionalString(password, 'EncryptedBytes', `${PROXY_MEMBER}.EncryptedUserPasswordData`) !== undefined;
    }
    if (url !== undefined) result.proxy = { url: withoutPassword(url), ...(userName !== undefined ? { userName } : {}), passwordPresent };
    else if (userName !== undefined) result.orphanUserName = userName;
  }
  const endpointNode = member(top, API_ENDPOINT_MEMBER);
  if (endpointNode) {
    const endpoint = expect(endpointNode, 'object', API_ENDPOINT_MEMBER, 'an object or null');
    const address = optionalString(endpoint, 'Address', API_ENDPOINT_MEMBER);
    if (address !== undefined) result.apiAddress = address;
    const portNode = member(endpoint, 'Port');
    if (portNode) {
      const port = expect(portNode, 'number', `${API_ENDPOINT_MEMBER}.Port`, 'a port number').value;
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new TypeProblem(portNode.offset, `${API_ENDPOINT_MEMBER}.Port is not a port number (1 to 65535)`);
      result.apiPort = port;
    }
  }
  return result;
}

/** How many bytes the first `offset` characters of a decoded text took in the file. */
function byteOffset(text: string, offset: number, encoding: FileEncoding, legacy: boolean): number {
  const bom = encoding.bom ? (encoding.charset === 'utf-8' ? 3 : 2) : 0;
  if (legacy) return offset;
  if (encoding.charset !== 'utf-8') return bom + 2 * offset;
  return bom + Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/**
 * Reads a SensorConfiguration.json's bytes: UTF-8 (with or without BOM), UTF-16, or — when the bytes are not valid
 * UTF-8 — Windows-1252, which Windows PowerShell 5.1's Set-Content writes (the DefenderForIdentity module saves
 * the file so). Anything that is not such a file is an error with its place, never an exception.
 */
export function readSensorConfiguration(bytes: Uint8Array): SensorConfigurationRead {
  if (bytes.length > MAX_MANIFEST_BYTES)
    return {
      ok: false,
      error: {
        reason: `the file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_MANIFEST_BYTES / 1048576} MB limit: a ${SENSOR_CONFIGURATION_FILE} is a few KB, check the path`,
        byte: MAX_MANIFEST_BYTES,
        line: 1,
        column: 1,
      },
    };
  const decoded = decodeFile(bytes);
  const legacy = !decoded.lossless && decoded.encoding.charset === 'utf-8' && !decoded.encoding.bom;
  const text = legacy ? new TextDecoder('windows-1252').decode(bytes) : decoded.text;
  const fail = (offset: number, reason: string): SensorConfigurationRead => {
    const position = new LineIndex(text).positionAt(offset);
    return {
      ok: false,
      error: { reason, byte: byteOffset(text, offset, decoded.encoding, legacy), line: position.line + 1, column: position.character + 1 },
    };
  };
  if (text.trim() === '') return fail(0, `the file is empty: a ${SENSOR_CONFIGURATION_FILE} is one JSON object`);
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(parsed.error.offset, `not valid JSON: ${parsed.error.reason}`);
  try {
    return { ok: true, value: interpret(parsed.root) };
  } catch (error) {
    if (error instanceof TypeProblem) return fail(error.offset, error.reason);
    throw error;
  }
}

/** Whether a file's bytes look like a JSON object (after a BOM and white space): how `decode` tells it from hex or a .reg export. */
export function looksLikeJsonObject(bytes: Uint8Array): boolean {
  const text = decodeFile(bytes.subarray(0, 64)).text;
  return /^\s*\{/.test(text);
}
