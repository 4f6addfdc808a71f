import type { Node } from 'jsonc-parser';
import { RuleContext } from './context';

/** One or more labels (1–63 characters of a–z, 0–9 and "-", not starting or ending with "-"), an optional final dot. */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Whether a string is a valid DNS host name (labels of a–z, 0–9 and "-", 1–63 each, 253 in all). */
export function isHostName(value: string): boolean {
  // One regex over the whole name rather than split + a regex per label: it runs once per sensor of a large estate.
  // The length is checked first, so the regex never sees a long string (and each label backtracks 62 places at most).
  const length = value.endsWith('.') ? value.length - 1 : value.length;
  return length > 0 && length <= 253 && HOST_NAME.test(value);
}

/** The value node of a string member of an object node (the last one with that key, as in JSON.parse), if it is a string. */
function stringMember(item: Node, key: string): Node | undefined {
  if (item.type !== 'object' || !item.children) return undefined;
  for (let i = item.children.length - 1; i >= 0; i--) {
    const children = item.children[i].children;
    const valueNode = children?.[1];
    if (children?.[0]?.value === key && valueNode) return typeof valueNode.value === 'string' ? valueNode : undefined;
  }
  return undefined;
}

/** ATP170: duplicate sensor names (each later occurrence) and sensor hosts that are not host names. */
export function checkSensors(ctx: RuleContext): void {
  const sensors = ctx.manifest.sensors;
  if (sensors?.node.type !== 'array') return;
  const seen = new Set<string>();
  for (const item of sensors.node.children ?? []) {
    const name = stringMember(item, 'name');
    if (name) {
      const value: string = name.value;
      const key = value.toLowerCase();
      if (seen.has(key)) {
        ctx.report('ATP170', 'warning', name, `Sensor name "${value}" is already used: give each domain controller's sensor a unique name.`);
      }
      seen.add(key);
    }
    const host = stringMember(item, 'host');
    if (host && !isHostName(host.value)) {
      ctx.report('ATP170', 'warning', host, `"${host.value}" is not a valid host name: use the domain controller's DNS name (letters, digits, "-" and dots).`);
    }
  }
}
