import { member } from '../manifest/parse';
import { RuleContext } from './context';

/** Whether a string is a valid DNS host name (labels of a–z, 0–9 and "-", 1–63 each, 253 in all). */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

/** ATP170: duplicate sensor names (each later occurrence) and sensor hosts that are not host names. */
export function checkSensors(ctx: RuleContext): void {
  const sensors = ctx.manifest.sensors;
  if (sensors?.node.type !== 'array') return;
  const seen = new Set<string>();
  for (const item of sensors.node.children ?? []) {
    const name = member(item, 'name');
    if (typeof name?.value === 'string') {
      const key = name.value.toLowerCase();
      if (seen.has(key)) {
        ctx.report('ATP170', 'warning', name.node, `Sensor name "${name.value}" is already used: give each domain controller's sensor a unique name.`);
      }
      seen.add(key);
    }
    const host = member(item, 'host');
    if (typeof host?.value === 'string' && !isHostName(host.value)) {
      ctx.report('ATP170', 'warning', host.node, `"${host.value}" is not a valid host name: use the domain controller's DNS name (letters, digits, "-" and dots).`);
    }
  }
}
