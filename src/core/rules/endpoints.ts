import type { Node } from 'jsonc-parser';
import {
  Endpoint,
  REGIONS,
  atpDomainOf,
  cloudDomain,
  hasLegacyRegions,
  instanceEndpoints,
  regionOfEndpoint,
  regionalEndpoints,
  requiredEndpoints,
} from '../catalog/catalog';
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
};

function isWildcard(entry: string): boolean {
  return entry.trim().startsWith('*.');
}

function normalize(entry: string): string {
  const name = entry.trim().toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** The endpoints this manifest needs, as far as its cloud, region and instance are known. */
export function neededEndpoints(ctx: RuleContext): Endpoint[] {
  return requiredEndpoints(ctx.cloud, ctx.region, ctx.instance);
}

/**
 * The allow list indexed for `covers` lookups, so that a check costs O(labels of the name), not O(entries): with 2,000
 * entries the pairwise scan was quadratic. Patterns are normalized exactly as `covers` normalizes them.
 */
interface AllowIndex {
  /** Normalized pattern of each entry, in list order. */
  patterns: string[];
  /** Non-wildcard pattern → first index with it. */
  exact: Map<string, number>;
  /** The domain part of each wildcard pattern (".contoso.com" for "*.contoso.com") → indexes in list order. */
  wildcards: Map<string, number[]>;
}

function indexAllow(entries: string[]): AllowIndex {
  const index: AllowIndex = { patterns: [], exact: new Map(), wildcards: new Map() };
  entries.forEach((entry, i) => {
    const pattern = normalize(entry);
    index.patterns.push(pattern);
    if (pattern.startsWith('*.')) {
      const domain = pattern.slice(1);
      const list = index.wildcards.get(domain);
      if (list) list.push(i);
      else index.wildcards.set(domain, [i]);
    } else if (!index.exact.has(pattern)) {
      index.exact.set(pattern, i);
    }
  });
  return index;
}

/** The first index whose entry covers `host` (as `covers(entry, host)`) and passes `accept`, or -1. */
function firstCovering(index: AllowIndex, host: string, accept: (i: number) => boolean): number {
  const name = normalize(host);
  let best = -1;
  const exact = index.exact.get(name);
  if (exact !== undefined && accept(exact)) best = exact;
  if (index.wildcards.size === 0) return best;
  // "*.d" covers every name that ends with ".d": look up each suffix that starts at a dot.
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
    const list = index.wildcards.get(name.slice(dot));
    if (!list) continue;
    for (const i of list) {
      if (best >= 0 && i > best) break;
      if (accept(i)) {
        best = i;
        break;
      }
    }
  }
  return best;
}

/** ATP110, ATP111, ATP112, ATP116: one finding per needed endpoint that no allow entry covers. */
function checkMissing(ctx: RuleContext, index: AllowIndex, anchor: Node): void {
  for (const endpoint of neededEndpoints(ctx)) {
    if (firstCovering(index, endpoint.host, () => true) >= 0) continue;
    ctx.report(MISSING[endpoint.kind], anchor, `Add "${endpoint.host}" to firewall.allow: ${endpoint.purpose}`, {
      kind: 'append',
      path: ALLOW_PATH,
      values: [endpoint.host],
      title: `Add "${endpoint.host}" to the allow list`,
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
  /** A name under an ATP domain that is no endpoint of this instance (ATP114). */
  unknownAtp: boolean;
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
  // What an entry's text says about it, worked out once per distinct text: a list of 200,000 copies of one typo
  // costs one syntax check, one catalog lookup and one closest-name search, not 200,000 of each.
  const facts = new Map<string, EntryFacts>();
  const factsOf = (value: string): EntryFacts => {
    let f = facts.get(value);
    if (!f) {
      const name = normalize(value);
      const problem = allowEntryProblem(value);
      const region = problem || isWildcard(name) ? undefined : regionOfEndpoint(name);
      const unknownAtp =
        !problem &&
        !isWildcard(name) &&
        !region &&
        ctx.cloud !== undefined &&
        ctx.instance !== undefined &&
        atpDomainOf(name) !== undefined &&
        !knownSet.has(name);
      f = { name, problem, region, unknownAtp };
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
    const { name, problem, region, unknownAtp } = factsOf(entry.value);
    // Messages and fixes are functions: past the per-code cap they are never built.
    const path = (): JsonPath => [...ALLOW_PATH, i];
    const remove = (): FixData => ({ kind: 'remove', path: path(), title: `Remove "${entry.value}" from the allow list` });
    if (problem) {
      // Nothing else is said about an entry that is not a name: it is not a typo of an endpoint or a duplicate.
      ctx.report(
        'ATP119',
        entry.node,
        () => `${shown(entry.value)} is not a host name, "*.domain" wildcard or "host/path*" pattern (${problem}): correct it or remove it.`,
        () => ({ kind: 'remove', path: path(), title: `Remove ${shown(entry.value)} from the allow list` }),
      );
      return;
    }
    if (region && legacy && ctx.region && region !== ctx.region) {
      ctx.report(
        'ATP113',
        entry.node,
        () => `"${entry.value}" is a sensor endpoint of the ${region} service location, not ${ctx.region}: remove it to keep the opening minimal.`,
        remove,
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
          return suggestion ? { kind: 'set', path: path(), value: suggestion, title: `Replace with "${suggestion}"` } : undefined;
        },
      );
    }
    const earlier = seen.has(name);
    seen.add(name);
    // The first wildcard entry (anywhere in the list) other than the entry's own name that covers it.
    const wildcard = earlier ? -1 : firstCovering(index, name, (w) => index.patterns[w] !== name && isWildcard(entries[w].value));
    if (earlier) {
      ctx.report('ATP115', entry.node, () => `"${entry.value}" is already in the allow list: remove the duplicate.`, remove);
    } else if (wildcard >= 0) {
      ctx.report('ATP115', entry.node, () => `"${entry.value}" is already covered by "${entries[wildcard].value}": remove it.`, remove);
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
