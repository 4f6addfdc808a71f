import type { Guidance, ProxyMethod, ProxyMode, SensorVersion } from '../manifest/model';
import { PROXY_METHODS } from '../manifest/model';
import { closest } from './closest';
import { RuleContext, keyNode } from './context';
import type { FixData } from './finding';

/** The methods a sensor generation takes in a proxy mode (SPEC section 3, ATP147); the first is the preferred one. */
function validMethods(guidance: Guidance, sensor: SensorVersion, mode: ProxyMode | undefined): ProxyMethod[] {
  if (mode !== 'static' && mode !== 'pac') return [];
  if (guidance === '2018') return ['wininet'];
  if (sensor === 'v3') return mode === 'static' ? ['policy', 'winhttp'] : [];
  return mode === 'static' ? ['sensor', 'wininet'] : ['wininet'];
}

/** The same role in the other generation: the product's own configuration, or the Windows proxy stack. */
const COUNTERPART: Record<ProxyMethod, ProxyMethod> = { sensor: 'policy', policy: 'sensor', wininet: 'winhttp', winhttp: 'wininet' };

function describeValid(valid: ProxyMethod[], sensor: SensorVersion, mode: ProxyMode, guidance: Guidance): string {
  if (valid.length) return `use ${valid.map((m) => `"${m}"`).join(' or ')}`;
  if (mode !== 'static' && mode !== 'pac') return `mode "${mode}" needs no method: remove it`;
  if (guidance === '2018') return 'the 2018 guidance knows only "wininet"';
  return `a ${sensor} sensor takes no method with mode "${mode}": ${sensor === 'v3' ? 'Defender for Endpoint takes a static proxy only' : 'use mode static'}`;
}

const METHOD_PATH = ['proxy', 'method'];

/** The methods ATP144 names: those of the sensor generation, or both generations' when it is unknown. */
function methodChoice(ctx: RuleContext): string {
  const v2 = '"sensor": the sensor\'s own proxy configuration (recommended), or "wininet" with a "registry" section (legacy)';
  const v3 = '"policy": the Defender for Endpoint static proxy policy, or "winhttp"';
  if (!ctx.sensorKnown) return `v2 ${v2}; v3 ${v3}`;
  return ctx.sensor === 'v3' ? v3 : v2;
}

/** Sets `proxy.method` to the first valid method (preferred), the others as alternatives; none when nothing is valid. */
function setMethodFix(valid: ProxyMethod[]): FixData | undefined {
  if (!valid.length) return undefined;
  return {
    kind: 'set',
    path: METHOD_PATH,
    value: valid[0],
    title: `Set proxy.method to "${valid[0]}"`,
    preferred: true,
    alternatives: valid.slice(1).map((value) => ({ value, title: `Set proxy.method to "${value}"` })),
  };
}

/** ATP101 (not a method), ATP144 (no method), ATP146 (legacy WinINET), ATP147 (wrong method), ATP150 (method not needed). */
export function checkMethod(ctx: RuleContext): void {
  const { manifest, mode, guidance, sensor } = ctx;
  const proxy = manifest.proxy;
  if (!proxy || proxy.located.node.type !== 'object') return;
  const located = proxy.method;
  if (!located) {
    if (guidance === '2018') return;
    if ((mode === 'static' || mode === 'pac') && !manifest.registry) {
      // An unknown sensor generation (ATP101) leaves the choice open: name both, fix neither.
      const valid = ctx.sensorKnown ? validMethods(guidance, sensor, mode) : [];
      ctx.report(
        'ATP144',
        keyNode(proxy.located),
        `Mode "${mode}" but nothing tells the sensor about the proxy: set "proxy.method" (${methodChoice(ctx)}).`,
        setMethodFix(valid),
      );
    } else if (manifest.registry && (mode === 'static' || mode === 'pac') && sensor === 'v3' && ctx.sensorKnown) {
      // The section implies "wininet" (SPEC section 2), which no v3 sensor reads: nothing would tell it about the proxy.
      const valid = validMethods(guidance, sensor, mode);
      const how = valid.length ? `set "proxy.method" to ${valid.map((m) => `"${m}"`).join(' or ')}` : describeValid(valid, sensor, mode, guidance);
      ctx.report(
        'ATP147',
        keyNode(manifest.registry.located),
        `The "registry" section makes the method "wininet", which a v3 sensor does not read (Defender for Endpoint takes its static proxy policy or WinHTTP): ${how}; then remove the "registry" section.`,
        setMethodFix(valid),
      );
    } else if (manifest.registry && mode === 'static' && sensor === 'v2' && ctx.sensorKnown) {
      ctx.report(
        'ATP146',
        keyNode(manifest.registry.located),
        'The "registry" section makes the method "wininet", which Microsoft calls the legacy method: keep it where this deployment was configured so (change a proxy with the method first used); new deployments use "proxy.method": "sensor".',
      );
    }
    return;
  }
  const value = located.value;
  if (typeof value !== 'string' || !(PROXY_METHODS as readonly string[]).includes(value)) {
    const suggestion = typeof value === 'string' ? closest(value, PROXY_METHODS) : undefined;
    ctx.report(
      'ATP101',
      located.node,
      `"proxy.method" must be one of ${PROXY_METHODS.map((m) => `"${m}"`).join(', ')}; got ${JSON.stringify(value)}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      suggestion ? { kind: 'set', path: METHOD_PATH, value: suggestion, title: `Change to "${suggestion}"` } : undefined,
    );
    return;
  }
  const method = value as ProxyMethod;
  if (mode === 'transparent' || mode === 'wpad') {
    ctx.report('ATP150', keyNode(located), `With a ${mode === 'wpad' ? 'WPAD' : 'transparent'} proxy nothing needs configuring: remove "proxy.method".`, {
      kind: 'remove',
      path: METHOD_PATH,
      title: 'Remove proxy.method',
    });
    return;
  }
  if (mode === undefined) {
    // A mode that is there but invalid is ATP101 already; the method is judged once the mode is known.
    if (!proxy.mode) {
      ctx.report(
        'ATP101',
        keyNode(proxy.located),
        `"proxy" is missing the member "mode" that method "${method}" needs: set "mode" to "static" (or "pac"), or remove "method".`,
      );
    }
    return;
  }
  // An unknown sensor generation (ATP101) is not guessed: the 2018 guidance alone does not depend on it.
  if (!ctx.sensorKnown && guidance !== '2018') return;
  const valid = validMethods(guidance, sensor, mode);
  if (!valid.includes(method)) {
    const counterpart = COUNTERPART[method];
    const best = valid.includes(counterpart) ? counterpart : valid[0];
    ctx.report(
      'ATP147',
      located.node,
      `Method "${method}" is not valid for ${guidance === '2018' ? 'the 2018 guidance' : `a ${sensor} sensor`} with mode "${mode}": ${describeValid(valid, sensor, mode, guidance)}.`,
      best ? { kind: 'set', path: METHOD_PATH, value: best, title: `Change to "${best}"` } : undefined,
    );
  } else if (method === 'wininet' && guidance === 'current' && mode === 'static') {
    ctx.report(
      'ATP146',
      located.node,
      'Method "wininet" is what Microsoft calls the legacy method: keep it where this deployment was configured so (change a proxy with the method first used); new deployments use "sensor".',
    );
  }
}
