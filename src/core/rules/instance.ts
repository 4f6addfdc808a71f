import { CLOUDS, REGIONS } from '../catalog/catalog';
import type { Located } from '../manifest/model';
import { closest } from './closest';
import { RuleContext } from './context';
import { MAX_INSTANCE_LENGTH, isValidInstance } from '../manifest/instanceName';

function checkKnown(ctx: RuleContext, located: Located<unknown> | undefined, name: 'region' | 'cloud', known: readonly string[]): void {
  if (!located || known.includes(located.value as string)) return;
  const suggestion = typeof located.value === 'string' ? closest(located.value, known, { always: true }) : undefined;
  ctx.report(
    'ATP161',
    located.node,
    `Unknown ${name} ${JSON.stringify(located.value)}: use one of ${known.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
    suggestion ? { kind: 'set', path: [name], value: suggestion, title: `Change to "${suggestion}"` } : undefined,
  );
}

/** ATP160 (instance is a DNS label) and ATP161 (known region and cloud); these replace ATP101 for those members. */
export function checkInstance(ctx: RuleContext): void {
  const instance = ctx.manifest.instance;
  if (instance && !isValidInstance(instance.value)) {
    ctx.report(
      'ATP160',
      instance.node,
      `"instance" must be the ATP instance name as a DNS label: lowercase a–z, 0–9 and "-", not starting or ending with "-", at most ${MAX_INSTANCE_LENGTH} characters (63 with the "sensorapi" suffix); got ${JSON.stringify(instance.value)}.`,
    );
  }
  checkKnown(ctx, ctx.manifest.cloud, 'cloud', CLOUDS);
  checkKnown(ctx, ctx.manifest.region, 'region', REGIONS);
}
