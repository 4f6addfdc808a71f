import { RuleContext } from './context';

/** ATP120 (port), ATP130/ATP131 (SSL inspection, as the guidance allows it). */
export function checkFirewall(ctx: RuleContext): void {
  const firewall = ctx.manifest.firewall;
  if (!firewall) return;
  const port = firewall.port;
  if (port && typeof port.value === 'number' && Number.isInteger(port.value) && port.value !== 443) {
    ctx.report('ATP120', port.node, `The sensor reaches the ATP service on TCP 443 only, not ${port.value}: set "port" to 443.`, {
      kind: 'set',
      path: ['firewall', 'port'],
      value: 443,
      title: 'Set the port to 443',
    });
  }
  const inspection = firewall.sslInspection;
  if (ctx.guidance !== '2018') {
    if (inspection?.value === 'oneWay' || inspection?.value === 'mutual') {
      ctx.report(
        'ATP130',
        inspection.node,
        `SSL inspection ("${inspection.value}") is not supported: Defender for Identity authenticates sensors with mutual TLS, and inspection or interception breaks it. Exclude the sensor endpoints from inspection and set "none".`,
        { kind: 'set', path: ['firewall', 'sslInspection'], value: 'none', title: 'Set sslInspection to "none" (exclude sensor traffic from inspection)' },
      );
    }
  } else if (inspection?.value === 'oneWay') {
    ctx.report(
      'ATP130',
      inspection.node,
      'One-way SSL inspection breaks the sensor (it authenticates with a client certificate): exclude sensor traffic from inspection ("none"), or use inspection that supports mutual TLS ("mutual").',
      {
        kind: 'set',
        path: ['firewall', 'sslInspection'],
        value: 'none',
        title: 'Set sslInspection to "none" (exclude sensor traffic from inspection)',
        preferred: true,
        alternatives: [{ value: 'mutual', title: 'Set sslInspection to "mutual"' }],
      },
    );
  } else if (inspection?.value === 'mutual') {
    ctx.report(
      'ATP131',
      inspection.node,
      'Current Defender for Identity guidance: sensor traffic must not be inspected at all. Exclude the ATP endpoints from SSL inspection and set "none".',
      { kind: 'set', path: ['firewall', 'sslInspection'], value: 'none', title: 'Set sslInspection to "none"' },
    );
  }
}
