import type { Node } from 'jsonc-parser';
import {
  Endpoint, REGIONS, atpDomainOf, cloudDomain, covers, hasLegacyRegions, instanceEndpoints, regionOfEndpoint,
  regionalEndpoints, revocationEndpoints,
} from '../catalog/catalog';
import { closest } from './closest';
import { RuleContext } from './context';
import { Code, Severity } from './finding';

const ALLOW_PATH = ['firewall', 'allow'];

const MISSING: Record<Endpoint['kind'], { code: Code; severity: Severity }> = {
  regional: { code: 'ATP110', severity: 'error' },
  sensorApi: { code: 'ATP111', severity: 'error' },
  console: { code: 'ATP112', severity: 'info' },
  revocation: { code: 'ATP116', severity: 'warning' },
};

function isWildcard(entry: string): boolean {
  return entry.trim().startsWith('*.');
}

function normalize(entry: string): string {
  return entry.trim().toLowerCase().replace(/\.$/, '');
}

/** The endpoints this manifest needs, as far as its cloud, region and instance are known. */
export function neededEndpoints(ctx: RuleContext): Endpoint[] {
  const result: Endpoint[] = [];
  if (ctx.cloud && ctx.instance) result.push(...instanceEndpoints(ctx.cloud, ctx.instance));
  if (ctx.cloud && ctx.region && hasLegacyRegions(ctx.cloud)) result.push(...regionalEndpoints(ctx.region));
  result.push(...revocationEndpoints());
  return result;
}

/** ATP110, ATP111, ATP112, ATP116: one finding per needed endpoint that no allow entry covers. */
function checkMissing(ctx: RuleContext, allow: string[], anchor: Node): void {
  for (const endpoint of neededEndpoints(ctx)) {
    if (allow.some((entry) => covers(entry, endpoint.host))) continue;
    const { code, severity } = MISSING[endpoint.kind];
    ctx.report(code, severity, anchor, `Add "${endpoint.host}" to firewall.allow: ${endpoint.purpose}`,
      { kind: 'append', path: ALLOW_PATH, values: [endpoint.host], title: `Add "${endpoint.host}" to the allow list` });
  }
}

/** Known names under the ATP domains for this manifest: its instance records and every legacy regional endpoint. */
function knownNames(ctx: RuleContext): string[] {
  const names = ctx.cloud && ctx.instance ? instanceEndpoints(ctx.cloud, ctx.instance).map((e) => e.host) : [];
  return [...names, ...REGIONS.flatMap((region) => regionalEndpoints(region).map((e) => e.host))];
}

/** ATP113 (another region's endpoint), ATP114 (unknown ATP name), ATP115 (duplicate or already covered). */
function checkEntries(ctx: RuleContext): void {
  const entries = ctx.allow ?? [];
  const known = knownNames(ctx);
  const legacy = ctx.cloud !== undefined && hasLegacyRegions(ctx.cloud);
  entries.forEach((entry, index) => {
    const name = normalize(entry.value);
    const path = [...ALLOW_PATH, index];
    const remove = { kind: 'remove' as const, path, title: `Remove "${entry.value}" from the allow list` };
    if (!isWildcard(name)) {
      const region = regionOfEndpoint(name);
      if (region && legacy && ctx.region && region !== ctx.region) {
        ctx.report('ATP113', 'warning', entry.node, `"${entry.value}" is a sensor endpoint of the ${region} service location, not ${ctx.region}: remove it to keep the opening minimal.`, remove);
      } else if (!region && ctx.cloud && ctx.instance && atpDomainOf(name) && !known.includes(name)) {
        const suggestion = closest(name, known, { always: true });
        ctx.report('ATP114', 'warning', entry.node,
          `"${entry.value}" is not a known ATP endpoint for instance "${ctx.instance}" in the ${ctx.cloud} cloud (${cloudDomain(ctx.cloud)})${suggestion ? `: did you mean "${suggestion}"?` : '.'}`,
          suggestion ? { kind: 'set', path, value: suggestion, title: `Replace with "${suggestion}"` } : undefined);
      }
    }
    const earlier = entries.slice(0, index).find((other) => normalize(other.value) === name);
    const wildcard = earlier ? undefined : entries.find((other) => normalize(other.value) !== name && isWildcard(other.value) && covers(other.value, name));
    if (earlier) {
      ctx.report('ATP115', 'warning', entry.node, `"${entry.value}" is already in the allow list: remove the duplicate.`, remove);
    } else if (wildcard) {
      ctx.report('ATP115', 'warning', entry.node, `"${entry.value}" is already covered by "${wildcard.value}": remove it.`, remove);
    }
  });
}

/** The endpoint rules: what `firewall.allow` must hold and must not hold. */
export function checkEndpoints(ctx: RuleContext): void {
  const firewall = ctx.manifest.firewall;
  if (!ctx.allow || !firewall) return;
  checkMissing(ctx, ctx.allow.map((e) => e.value), firewall.allow?.node ?? firewall.located.node);
  checkEntries(ctx);
}
