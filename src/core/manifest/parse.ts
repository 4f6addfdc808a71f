import type { Node, ParseError, ParseErrorCode as LibraryParseErrorCode } from 'jsonc-parser';
import { ParseErrorCode, printParseErrorCode } from './jsoncScanner';
import { JsonTree, Kind, treeIndex } from './tree';
import { parseJsonTree } from './treeParser';
import {
  CONNECTION_VALUES,
  FirewallSection,
  GUIDANCES,
  Guidance,
  PROXY_METHODS,
  ProxyMethod,
  SENSOR_VERSIONS,
  SensorVersion,
  Located,
  Manifest,
  ManifestSettings,
  PROXY_MODES,
  ProxyMode,
  ProxySection,
  REGISTRY_SOURCES,
  RegistrySection,
  SERVICE_ACCOUNTS,
  SSL_INSPECTION,
  ServiceAccount,
  ConnectionValue,
  RegistrySource,
  SslInspection,
} from './model';

/** A syntax error with its place in the text. */
interface SyntaxError {
  message: string;
  offset: number;
  length: number;
}

/** Result of parsing: the recovered model and the syntax errors. */
export interface ParsedManifest {
  manifest: Manifest;
  syntaxErrors: SyntaxError[];
}

const SYNTAX_HINTS: Partial<Record<LibraryParseErrorCode, string>> = {
  [ParseErrorCode.CommaExpected]: 'add a comma between the members',
  [ParseErrorCode.ColonExpected]: 'put a colon between the key and its value',
  [ParseErrorCode.PropertyNameExpected]: 'property names are double-quoted strings',
  [ParseErrorCode.ValueExpected]: 'write a value (string, number, true/false, object or array)',
  [ParseErrorCode.CloseBraceExpected]: 'close the object with }',
  [ParseErrorCode.CloseBracketExpected]: 'close the array with ]',
  [ParseErrorCode.EndOfFileExpected]: 'a manifest holds exactly one object: remove what follows it',
  [ParseErrorCode.UnexpectedEndOfString]: 'close the string with a double quote',
  [ParseErrorCode.UnexpectedEndOfComment]: 'close the comment with */',
  [ParseErrorCode.InvalidSymbol]: 'remove the character or quote the text',
  [ParseErrorCode.InvalidEscapeCharacter]: 'use a valid escape such as \\\\ or \\"',
  [ParseErrorCode.InvalidUnicode]: 'write \\u followed by four hex digits',
  [ParseErrorCode.InvalidNumberFormat]: 'write the number in JSON syntax',
  [ParseErrorCode.InvalidCharacter]: 'escape control characters inside strings',
};

function describe(error: ParseError): string {
  const name = printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const hint = SYNTAX_HINTS[error.error];
  return `Invalid JSONC: ${name}${hint ? `; ${hint}` : ''}.`;
}

/** A located value; arrays and objects are materialized only when read (a large `sensors` array is rarely needed whole). */
function located(tree: JsonTree, index: number): Located<unknown> {
  const node = tree.node(index);
  const property = tree.node(tree.parents[index]);
  const kind = tree.kinds[index];
  if (kind !== Kind.Array && kind !== Kind.Object) return { value: tree.value(index), node, property };
  let cache: { value: unknown } | undefined;
  return {
    node,
    property,
    get value() {
      cache ??= { value: tree.toValue(index) };
      return cache.value;
    },
  };
}

/**
 * Finds a member of an object node; with duplicate keys the last one with a value wins, as in JSON.parse. Undefined
 * when `node` is not an object of a parsed manifest (every node of the model is one).
 */
export function member(node: Node | undefined, key: string): Located<unknown> | undefined {
  const inTree = node && treeIndex(node);
  const value = inTree ? inTree.tree.member(inTree.index, key) : -1;
  return inTree && value >= 0 ? located(inTree.tree, value) : undefined;
}

function asObject(located: Located<unknown> | undefined): Node | undefined {
  return located?.node.type === 'object' ? located.node : undefined;
}

function proxySection(located: Located<unknown> | undefined): ProxySection | undefined {
  if (!located) return undefined;
  const node = asObject(located);
  return {
    located,
    mode: member(node, 'mode'),
    method: member(node, 'method'),
    server: member(node, 'server'),
    user: member(node, 'user'),
    bypass: member(node, 'bypass'),
    pacUrl: member(node, 'pacUrl'),
    winhttp: member(node, 'winhttp'),
  };
}

function registrySection(located: Located<unknown> | undefined): RegistrySection | undefined {
  if (!located) return undefined;
  const node = asObject(located);
  return {
    located,
    source: member(node, 'source'),
    targets: member(node, 'targets'),
    values: member(node, 'values'),
    backup: member(node, 'backup'),
  };
}

function firewallSection(located: Located<unknown> | undefined): FirewallSection | undefined {
  if (!located) return undefined;
  const node = asObject(located);
  return {
    located,
    port: member(node, 'port'),
    allow: member(node, 'allow'),
    sslInspection: member(node, 'sslInspection'),
  };
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** A manifest is four levels deep; anything past this is hostile input that would exhaust the parser's recursion. */
const MAX_DEPTH = 64;

/** A JSONC parse for the language features: the root node, or where the text nests past `MAX_DEPTH` (then no root). */
export interface JsoncParse {
  root?: Node;
  /** The tree `root` is a view of; set with `root`. */
  tree?: JsonTree;
  /** Offset of the first bracket past `MAX_DEPTH`; jsonc-parser functions that recurse (`getLocation`) must not see such text. */
  tooDeep?: number;
}

/** Parses JSONC with the manifest's options into jsonc-parser `Node`s (made on first use), stopping at `MAX_DEPTH`. */
export function parseJsoncChecked(text: string, errors: ParseError[] = []): JsoncParse {
  const tree = parseJsonTree(text, errors, PARSE_OPTIONS, MAX_DEPTH);
  if (tree.tooDeep !== undefined) return { tooDeep: tree.tooDeep };
  return tree.root >= 0 ? { root: tree.node(tree.root), tree } : {};
}

/** The root node of JSONC text, or undefined for empty text and for text nested too deep to parse safely. */
export function parseJsonc(text: string, errors: ParseError[] = []): Node | undefined {
  return parseJsoncChecked(text, errors).root;
}

/** Parses manifest text (JSONC: comments and trailing commas allowed) into a model that keeps offsets. */
export function parseManifest(text: string): ParsedManifest {
  const errors: ParseError[] = [];
  // The parser stops at the first bracket past MAX_DEPTH: one error for the whole text and no model, as nothing past
  // that bracket was read.
  const { root, tree, tooDeep } = parseJsoncChecked(text, errors);
  const syntaxErrors = tooDeep === undefined ? errors.map((error) => ({ message: describe(error), offset: error.offset, length: error.length })) : [];
  if (tooDeep !== undefined) {
    syntaxErrors.push({
      message: `Invalid manifest: values nest deeper than ${MAX_DEPTH} levels; a manifest is a few levels deep, remove the extra brackets.`,
      offset: tooDeep,
      length: 1,
    });
  }
  const object = root?.type === 'object' ? root : undefined;
  const manifest: Manifest = {
    text,
    root,
    tree,
    version: member(object, 'version'),
    guidance: member(object, 'guidance'),
    sensor: member(object, 'sensor'),
    instance: member(object, 'instance'),
    cloud: member(object, 'cloud'),
    region: member(object, 'region'),
    proxy: proxySection(member(object, 'proxy')),
    registry: registrySection(member(object, 'registry')),
    firewall: firewallSection(member(object, 'firewall')),
    sensors: member(object, 'sensors'),
  };
  return { manifest, syntaxErrors };
}

function str(located: Located<unknown> | undefined): string | undefined {
  return typeof located?.value === 'string' ? located.value : undefined;
}

function strings(located: Located<unknown> | undefined): string[] {
  return Array.isArray(located?.value) ? located.value.filter((v): v is string => typeof v === 'string') : [];
}

function oneOf<T extends string>(values: readonly T[], located: Located<unknown> | undefined): T | undefined {
  const value = str(located);
  return values.find((v) => v === value);
}

/**
 * The proxy method in effect (SPEC section 2): `proxy.method` when it is a known method; when absent, `wininet` if a
 * `registry` section exists or the guidance is 2018; otherwise none.
 */
export function effectiveMethod(manifest: Manifest, guidance: Guidance): ProxyMethod | undefined {
  const explicit = oneOf<ProxyMethod>(PROXY_METHODS, manifest.proxy?.method);
  if (explicit) return explicit;
  return manifest.registry || guidance === '2018' ? 'wininet' : undefined;
}

/** Plain settings of a manifest with defaults applied (cloud commercial, port 443, backup true...). */
export function settingsOf(manifest: Manifest): ManifestSettings {
  const proxy = manifest.proxy;
  const winhttpNode = asObject(proxy?.winhttp);
  const registry = manifest.registry;
  const firewall = manifest.firewall;
  const port = firewall?.port?.value;
  const targets = registry?.targets
    ? strings(registry.targets).filter((t): t is ServiceAccount => (SERVICE_ACCOUNTS as readonly string[]).includes(t))
    : [...SERVICE_ACCOUNTS];
  const values = registry?.values
    ? strings(registry.values).filter((v): v is ConnectionValue => (CONNECTION_VALUES as readonly string[]).includes(v))
    : ['DefaultConnectionSettings' as const];
  const sensors = Array.isArray(manifest.sensors?.value) ? (manifest.sensors.value as unknown[]) : [];
  const guidance = oneOf<Guidance>(GUIDANCES, manifest.guidance) ?? 'current';
  return {
    guidance,
    sensor: oneOf<SensorVersion>(SENSOR_VERSIONS, manifest.sensor) ?? 'v2',
    instance: str(manifest.instance),
    cloud: str(manifest.cloud) ?? 'commercial',
    region: str(manifest.region),
    proxy: {
      mode: oneOf<ProxyMode>(PROXY_MODES, proxy?.mode),
      method: effectiveMethod(manifest, guidance),
      server: str(proxy?.server),
      user: str(proxy?.user),
      bypass: strings(proxy?.bypass),
      pacUrl: str(proxy?.pacUrl),
      winhttp: winhttpNode ? { server: str(member(winhttpNode, 'server')), bypass: strings(member(winhttpNode, 'bypass')) } : undefined,
    },
    registry:
      registry && asObject(registry.located)
        ? {
            source: oneOf<RegistrySource>(REGISTRY_SOURCES, registry.source) ?? 'currentUser',
            targets,
            values: values.length ? values : ['DefaultConnectionSettings'],
            backup: registry.backup?.value !== false,
          }
        : undefined,
    firewall: {
      port: typeof port === 'number' && Number.isInteger(port) ? port : 443,
      allow: strings(firewall?.allow),
      sslInspection: oneOf<SslInspection>(SSL_INSPECTION, firewall?.sslInspection) ?? 'none',
    },
    sensors: sensors.map((s) => {
      const o = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
      return { name: typeof o.name === 'string' ? o.name : undefined, host: typeof o.host === 'string' ? o.host : undefined };
    }),
  };
}
