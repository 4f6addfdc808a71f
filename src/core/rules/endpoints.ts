import type { Node } from 'jsonc-parser';
import {
  Endpoint,
  REGIONS,
  atpDomainOf,
  cloudDomain,
  consoleEndpoint,
  hasLegacyRegions,
  instanceEndpoints,
  regionOfEndpoint,
  regionalEndpoints,
  requiredEndpoints,
} from '../catalog/catalog';
import { AllowPattern, parsePattern, patternCovers, patternText } from '../catalog/allowPattern';
import { allowEntryProblem } from './allowEntry';
import { closest } from './closest';
import { RuleContext, keyNode } from './context';
import { Code, FixData, JsonPath } from './finding';

const ALLOW_PATH = ['firewall', 'allow'];

const MISSING: Record<Endpoint['kind'], Code> = {
  regional: 'ATP110',
  sensorApi: 'ATP111',
  console: 'ATP112',
  revocation: 'ATP116',
  streamlined: 'ATP117',
};

/** The endpoints this manifest needs under its guidance and sensor, as far as its cloud, region and instance are known. */
export function neededEndpoints(ctx: RuleContext): Endpoint[] {
  return requiredEndpoints({ guidance: ctx.guidance, sensor: ctx.sensor, cloud: ctx.cloud, region: ctx.region, instance: ctx.instance });
}

/**
 * The allow list indexed for coverage lookups, so that a check costs O(labels of the name), not O(entries): with 2,000
 * entries the pairwise scan was quadratic.
 */
interface AllowIndex {
  /** The pattern of each entry, in list order. */
  patterns: AllowPattern[];
  /** The normalized spelling of each entry. */
  keys: string[];
  /** Host → indexes of the entries that name it without a path (bare hosts cover every path of it). */
  hosts: Map<string, number[]>;
  /** Host → the URL-pattern entries of that host. */
  paths: Map<string, HostPaths>;
  /** The domain part of each wildcard (".contoso.com" for "*.contoso.com") → indexes. */
  wildcards: Map<string, number[]>;
  /** The same pairs in an array, tried one by one while they are few (no iterator per lookup). */
  wildcardList: [string, number[]][];
}

/**
 * The URL patterns of one host, keyed so that finding the ones that cover a path costs one lookup per distinct prefix
 * length, not one per entry: 20,000 patterns of one host were quadratic (36 s).
 */
interface HostPaths {
  /** Exact path → indexes. */
  exact: Map<string, number[]>;
  /** Prefix (without the `*`) → indexes. */
  prefixes: Map<string, number[]>;
  /** The distinct lengths of those prefixes, ascending. */
  lengths: number[];
}

function pathsOf(index: AllowIndex, host: string): HostPaths {
  let paths = index.paths.get(host);
  if (!paths) {
    paths = { exact: new Map(), prefixes: new Map(), lengths: [] };
    index.paths.set(host, paths);
  }
  return paths;
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function indexAllow(entries: string[]): AllowIndex {
  const index: AllowIndex = { patterns: [], keys: [], hosts: new Map(), paths: new Map(), wildcards: new Map(), wildcardList: [] };
  entries.forEach((entry, i) => {
    const pattern = parsePattern(entry);
    index.patterns.push(pattern);
    index.keys.push(patternText(pattern));
    if (pattern.wildcard) push(index.wildcards, pattern.host, i);
    else if (!pattern.path) push(index.hosts, pattern.host, i);
    else {
      const paths = pathsOf(index, pattern.host);
      if (!pattern.path.prefix) push(paths.exact, pattern.path.value, i);
      else {
        if (!paths.prefixes.has(pattern.path.value)) paths.lengths.push(pattern.path.value.length);
        push(paths.prefixes, pattern.path.value, i);
      }
    }
  });
  for (const paths of index.paths.values()) paths.lengths = [...new Set(paths.lengths)].sort((a, b) => a - b);
  index.wildcardList = [...index.wildcards];
  return index;
}

/** The first index in `list` (ascending) below `best` (-1: none yet) whose entry covers `wanted` and is not spelt `except`; else `best`. */
function scanList(index: AllowIndex, list: number[] | undefined, wanted: AllowPattern, except: string | undefined, best: number): number {
  if (!list) return best;
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    if (best >= 0 && i > best) return best;
    if (index.keys[i] !== except && patternCovers(index.patterns[i], wanted)) return i;
  }
  return best;
}

/** Wildcards are few in an allow list: past this many, suffixes are looked up instead of each wildcard tried. */
const FEW_WILDCARDS = 16;

/**
 * The first index whose entry covers `wanted` (the pattern of a host, wildcard or URL) and is not spelt `except` (the
 * entry's own spelling, when an entry looks for another that covers it), or -1.
 */
function firstCovering(index: AllowIndex, wanted: AllowPattern, except?: string): number {
  let best = -1;
  if (!wanted.wildcard) {
    best = scanList(index, index.hosts.get(wanted.host), wanted, except, best);
    const paths = wanted.path ? index.paths.get(wanted.host) : undefined;
    if (paths && wanted.path) {
      const path = wanted.path.value;
      if (!wanted.path.prefix) best = scanList(index, paths.exact.get(path), wanted, except, best);
      for (const length of paths.lengths) {
        if (length > path.length) break;
        best = scanList(index, paths.prefixes.get(path.slice(0, length)), wanted, except, best);
      }
    }
  }
  if (index.wildcards.size === 0) return best;
  // "*.d" covers every name that ends with ".d" (and the wildcards under it): the wildcards whose domain (".d") ends the
  // name, found by trying each one while they are few, else by looking up each suffix that starts at a dot.
  const name = wanted.host;
  const list = index.wildcardList;
  if (list.length <= FEW_WILDCARDS) {
    for (let w = 0; w < list.length; w++) if (name.endsWith(list[w][0])) best = scanList(index, list[w][1], wanted, except, best);
    return best;
  }
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1))
    best = scanList(index, index.wildcards.get(name.slice(dot)), wanted, except, best);
  return best;
}

/** ATP110, ATP111, ATP112, ATP116, ATP117: one finding per needed endpoint that no allow entry covers. */
function checkMissing(ctx: RuleContext, index: AllowIndex, anchor: Node): void {
  for (const endpoint of neededEndpoints(ctx)) {
    // An unknown sensor generation (ATP101) is not guessed: its service endpoint (v2 ATP111, v3 ATP117) is not asked for.
    if (!ctx.sensorKnown && (endpoint.kind === 'sensorApi' || endpoint.kind === 'streamlined')) continue;
    if (firstCovering(index, parsePattern(endpoint.entry)) >= 0) continue;
    ctx.report(MISSING[endpoint.kind], anchor, `Add "${endpoint.entry}" to firewall.allow: ${endpoint.purpose}`, {
      kind: 'append',
      path: ALLOW_PATH,
      values: [endpoint.entry],
      title: `Add "${endpoint.entry}" to the allow list`,
    });
  }
}

/** Known names under the ATP domains for this manifest: its instance records and every legacy regional endpoint. */
function knownNames(ctx: RuleContext): string[] {
  const names = ctx.cloud && ctx.instance ? instanceEndpoints(ctx.cloud, ctx.instance).map((e) => e.host) : [];
  return [...names, ...REGIONS.flatMap((region) => regionalEndpoints(region).map((e) => e.host))];
}

/** What an allow entry's text says about it (the same for every copy of that text). */
interface EntryFacts {
  name: string;
  /** Why it is not a host name, wildcard or URL pattern (ATP119). */
  problem?: string;
  /** The service location whose legacy regional endpoint it is. */
  region?: string;
  /** The console record of this manifest's instance (`<instance>.atp.azure.com`). */
  console: boolean;
  /** A name under an ATP domain that is no endpoint of this instance (ATP114). */
  unknownAtp: boolean;
}

/** Where allow entry `i` is. */
function allowPath(i: number): JsonPath {
  return [...ALLOW_PATH, i];
}

/** The fix that removes allow entry `i`, as a function (built only when the finding is kept). */
function removeFix(value: string, i: number): () => FixData {
  return () => ({ kind: 'remove', path: allowPath(i), title: `Remove "${value}" from the allow list` });
}

/** How much of an offending entry a message quotes: enough to find it, not a megabyte of it. */
function shown(entry: string): string {
  return JSON.stringify(entry.length > 80 ? `${entry.slice(0, 80)}…` : entry);
}

/** ATP113 (another region's endpoint), ATP114 (unknown ATP name), ATP115 (duplicate or already covered), ATP119 (syntax). */
function checkEntries(ctx: RuleContext, index: AllowIndex): void {
  const entries = ctx.allow ?? [];
  const known = knownNames(ctx);
  const knownSet = new Set(known);
  const legacy = ctx.cloud !== undefined && hasLegacyRegions(ctx.cloud);
  // The console record: under the 2018 guidance a commercial-cloud endpoint; under the current one `<instance>.<cloud
  // domain>` of any cloud is a record current sensors never reach (ATP118).
  const consoleHost =
    ctx.cloud && ctx.instance
      ? ctx.guidance === '2018'
        ? consoleEndpoint(ctx.cloud, ctx.instance)?.host
        : `${ctx.instance}.${cloudDomain(ctx.cloud)}`
      : undefined;
  const index2018 = ctx.guidance === '2018';
  // What an entry's text says about it, worked out once per distinct text: a list of 200,000 copies of one typo
  // costs one syntax check, one catalog lookup and one closest-name search, not 200,000 of each. Entry `i` has the
  // pattern and spelling the index made of it.
  const facts = new Map<string, EntryFacts>();
  const factsOf = (value: string, i: number): EntryFacts => {
    let f = facts.get(value);
    if (!f) {
      const name = index.keys[i];
      const problem = allowEntryProblem(value);
      const pattern = index.patterns[i];
      const host = pattern.wildcard || pattern.path ? undefined : pattern.host;
      const region = problem || !host ? undefined : regionOfEndpoint(host);
      const console = !problem && host !== undefined && host === consoleHost;
      const unknownAtp =
        !problem &&
        !pattern.wildcard &&
        !region &&
        ctx.cloud !== undefined &&
        ctx.instance !== undefined &&
        atpDomainOf(pattern.host) !== undefined &&
        !knownSet.has(pattern.host);
      f = { name, problem, region, console, unknownAtp };
      facts.set(value, f);
    }
    return f;
  };
  // The closest known name, searched only for findings that are kept (at most MAX_FINDINGS_PER_CODE), once per name.
  const suggestions = new Map<string, string | undefined>();
  const suggest = (name: string): string | undefined => {
    if (!suggestions.has(name)) suggestions.set(name, closest(name, known, { always: true }));
    return suggestions.get(name);
  };
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const { name, problem, region, console, unknownAtp } = factsOf(entry.value, i);
    // Messages and fixes are functions (made only for a finding): past the per-code cap they are never built.
    if (problem) {
      // Nothing else is said about an entry that is not a name: it is not a typo of an endpoint or a duplicate.
      ctx.report(
        'ATP119',
        entry.node,
        () => `${shown(entry.value)} is not a host name, "*.domain" wildcard or "host/path*" pattern (${problem}): correct it or remove it.`,
        () => ({ kind: 'remove', path: allowPath(i), title: `Remove ${shown(entry.value)} from the allow list` }),
      );
      return;
    }
    if (!index2018 && (region || console)) {
      ctx.report(
        'ATP118',
        entry.node,
        () =>
          region
            ? `"${entry.value}" is a legacy regional sensor endpoint (${region} service location): current sensors do not use it. Remove it, or set "guidance": "2018" if this deployment follows the 2018 article.`
            : `"${entry.value}" is the console record of the instance: current sensors do not connect to it. Remove it.`,
        removeFix(entry.value, i),
      );
    } else if (index2018 && region && legacy && ctx.region && region !== ctx.region) {
      ctx.report(
        'ATP113',
        entry.node,
        () => `"${entry.value}" is a sensor endpoint of the ${region} service location, not ${ctx.region}: remove it to keep the opening minimal.`,
        removeFix(entry.value, i),
      );
    } else if (unknownAtp && ctx.cloud) {
      const cloud = ctx.cloud;
      ctx.report(
        'ATP114',
        entry.node,
        () => {
          const suggestion = suggest(name);
          return `"${entry.value}" is not a known ATP endpoint for instance "${ctx.instance}" in the ${cloud} cloud (${cloudDomain(cloud)})${suggestion ? `: did you mean "${suggestion}"?` : '.'}`;
        },
        () => {
          const suggestion = suggest(name);
          return suggestion ? { kind: 'set', path: allowPath(i), value: suggestion, title: `Replace with "${suggestion}"` } : undefined;
        },
      );
    }
    const earlier = seen.has(name);
    seen.add(name);
    // The first entry (anywhere in the list) with another pattern that covers this one: a wildcard, a bare host or a
    // broader path prefix. Two different patterns never cover each other, so one of a pair is kept.
    const broader = earlier ? -1 : firstCovering(index, index.patterns[i], name);
    if (earlier) {
      ctx.report('ATP115', entry.node, () => `"${entry.value}" is already in the allow list: remove the duplicate.`, removeFix(entry.value, i));
    } else if (broader >= 0) {
      ctx.report('ATP115', entry.node, () => `"${entry.value}" is already covered by "${entries[broader].value}": remove it.`, removeFix(entry.value, i));
    }
  });
}

/** The endpoint rules: what `firewall.allow` must hold and must not hold. */
export function checkEndpoints(ctx: RuleContext): void {
  const firewall = ctx.manifest.firewall;
  if (!ctx.allow || !firewall) return;
  const index = indexAllow(ctx.allow.map((e) => e.value));
  // A missing endpoint is a missing item: squiggle the key "allow" (or "firewall" when allow is absent), not the array.
  checkMissing(ctx, index, keyNode(firewall.allow ?? firewall.located));
  checkEntries(ctx, index);
}
