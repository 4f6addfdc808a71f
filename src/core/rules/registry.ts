import { SERVICE_ACCOUNTS } from '../manifest/model';
import { RuleContext, keyNode, stringItems } from './context';

const ROLE: Record<string, string> = {
  LocalService: 'LocalService (S-1-5-19) runs the sensor service',
  LocalSystem: 'LocalSystem (S-1-5-18) runs the sensor updater',
};

/** ATP140–ATP143, ATP145 and ATP150: which accounts get WinINET settings, and whether the section belongs here at all. */
export function checkRegistry(ctx: RuleContext): void {
  const { manifest, mode, method } = ctx;
  const registry = manifest.registry;
  // WinINET is a v2 method: on a v3 sensor ATP147 says so, and the WinINET rules have nothing to add.
  const wininet = method === 'wininet' && (ctx.guidance === '2018' || ctx.sensor === 'v2');
  if (!registry) {
    if (wininet && (mode === 'static' || mode === 'pac') && manifest.root?.type === 'object') {
      ctx.report(
        'ATP143',
        manifest.root,
        `Proxy mode "${mode}" with method "wininet" needs a "registry" section: without it the sensor's service accounts (LocalService, LocalSystem) keep their own WinINET settings and do not use the proxy.`,
        {
          kind: 'set',
          path: ['registry'],
          value: { source: 'currentUser', targets: [...SERVICE_ACCOUNTS], backup: true },
          title: 'Add a registry section for LocalSystem and LocalService with backup',
        },
      );
    }
    return;
  }
  if (mode === 'transparent' || mode === 'wpad') {
    ctx.report(
      'ATP150',
      keyNode(registry.located),
      `With a ${mode === 'wpad' ? 'WPAD' : 'transparent'} proxy no WinINET configuration is needed: remove the "registry" section.`,
      { kind: 'remove', path: ['registry'], title: 'Remove the registry section' },
    );
  } else if (ctx.guidance === 'current' && method !== 'wininet') {
    ctx.report(
      'ATP145',
      keyNode(registry.located),
      `The "registry" section configures WinINET of the service accounts, but the method is "${method ?? '(none)'}": nothing reads it. Remove the section.`,
      { kind: 'remove', path: ['registry'], title: 'Remove the registry section' },
    );
  }
  // Targets and backup are WinINET's (SPEC section 3, "applies: wininet").
  if (registry.located.node.type !== 'object' || !wininet) return;
  if (registry.targets?.node.type === 'array') {
    const targets = stringItems(registry.targets);
    targets.forEach((target, index) => {
      if ((SERVICE_ACCOUNTS as readonly string[]).includes(target.value)) return;
      ctx.report(
        'ATP140',
        target.node,
        `Only LocalSystem and LocalService may be changed; "${target.value}" must not get the sensor's proxy settings: remove it.`,
        { kind: 'remove', path: ['registry', 'targets', index], title: `Remove "${target.value}"` },
      );
    });
    for (const account of SERVICE_ACCOUNTS) {
      if (targets.some((t) => t.value === account)) continue;
      ctx.report('ATP141', registry.targets.node, `Add "${account}" to registry.targets: ${ROLE[account]} and needs the proxy too.`, {
        kind: 'append',
        path: ['registry', 'targets'],
        values: [account],
        title: `Add "${account}"`,
      });
    }
  }
  if (registry.backup?.value === false) {
    ctx.report('ATP142', registry.backup.node, 'Back up the registry keys before changing them: set "backup" to true.', {
      kind: 'set',
      path: ['registry', 'backup'],
      value: true,
      title: 'Set backup to true',
    });
  }
}
