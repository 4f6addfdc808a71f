import { Node, getLocation } from 'jsonc-parser';
import { REVOCATION_ENTRIES, atpDomainOf, covers, regionOfEndpoint, cloudDomain, type GuidanceScope } from '../catalog/catalog';
import { normalizeEntry } from '../catalog/allowPattern';
import { parseJsonc, parseManifest } from '../manifest/parse';
import { createContext } from '../rules/context';
import { neededEndpoints } from '../rules/endpoints';
import { shapeAt } from '../manifest/shape';
import { markdownCode, markdownText } from '../text/markdown';

/** Hover content (Markdown) and the range it is about (offsets). */
export interface HoverInfo {
  markdown: string;
  offset: number;
  length: number;
}

function nodeAtOffset(root: Node | undefined, offset: number): Node | undefined {
  let node = root;
  while (node?.children) {
    const next: Node | undefined = node.children.find((c) => c.offset <= offset && offset < c.offset + c.length);
    if (!next) break;
    node = next;
  }
  return node;
}

const GUIDANCE_WORDS: Record<GuidanceScope, string> = {
  both: 'current and 2018 guidance',
  current: 'current guidance',
  '2018': '2018 guidance',
};

function describeHost(text: string, host: string): string | undefined {
  const { manifest } = parseManifest(text);
  const ctx = createContext(manifest);
  const name = normalizeEntry(host);
  // The host, the instance and the region are the manifest's text: escaped, so a hover shows no image or link.
  const shown = `**${markdownText(host)}**`;
  const needed = neededEndpoints(ctx);
  const endpoint = needed.find((e) => normalizeEntry(e.entry) === name);
  if (endpoint) {
    const port = endpoint.port === 443 ? 'TCP 443' : `TCP ${endpoint.port}, plain HTTP`;
    return `${shown}: ${endpoint.purpose}\n\nNeeded by this manifest (${ctx.guidance} guidance, ${ctx.sensor} sensor) on ${port}; required by the ${GUIDANCE_WORDS[endpoint.guidance]}. Source: [${endpoint.source.title}](${endpoint.source.url}).`;
  }
  const region = regionOfEndpoint(name);
  if (region) {
    if (ctx.guidance !== '2018')
      return `${shown}: legacy regional sensor endpoint of the **${region}** service location (2018 guidance only): current sensors do not use it.`;
    return `${shown}: legacy regional sensor endpoint of the **${region}** service location (commercial cloud, 2018 guidance).${ctx.region && ctx.region !== region ? ` This manifest's region is ${markdownText(ctx.region)}: not needed here.` : ''}`;
  }
  const covered = needed.filter((e) => covers(name, e.entry)).map((e) => markdownCode(e.entry));
  if (name.startsWith('*.'))
    return `${shown}: wildcard, covers every name under ${markdownCode(name.slice(2))}${covered.length ? `, including ${covered.join(', ')}` : ''}.`;
  if (covered.length) return `${shown}: covers ${covered.join(', ')}, which this manifest needs.`;
  if (REVOCATION_ENTRIES.includes(name)) return `${shown}: certificate revocation / trust list endpoint (plain HTTP on port 80).`;
  const domain = atpDomainOf(name);
  if (domain)
    return `${shown}: under the ATP domain ${markdownCode(domain)} but not an endpoint of ${ctx.instance ? `instance "${markdownText(ctx.instance)}"` : 'this instance'}${ctx.cloud ? ` (${markdownCode(cloudDomain(ctx.cloud))})` : ''}.`;
  return undefined;
}

/** Hover at an offset: what a key means; for an endpoint, which cloud/region/instance it serves and why it is needed. */
export function hover(text: string, offset: number): HoverInfo | undefined {
  const root = parseJsonc(text);
  const node = nodeAtOffset(root, offset);
  // root is undefined for hostile nesting, so getLocation (recursive) never sees such text.
  if (!node) return undefined;
  const location = getLocation(text, offset);
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  if (isKey) {
    const shape = shapeAt(location.path);
    return shape
      ? { markdown: `**${String(location.path[location.path.length - 1])}**: ${shape.description}`, offset: node.offset, length: node.length }
      : undefined;
  }
  const parentKey = location.path[location.path.length - 2];
  if (node.type === 'string' && (parentKey === 'allow' || parentKey === 'bypass')) {
    const markdown = describeHost(text, String(node.value));
    return markdown ? { markdown, offset: node.offset, length: node.length } : undefined;
  }
  const shape = shapeAt(location.path);
  return shape && node.type !== 'object' && node.type !== 'array' ? { markdown: shape.description, offset: node.offset, length: node.length } : undefined;
}
