import type { Located } from '../manifest/model';
import { bypassMatches } from '../manifest/bypass';
import { parseProxyServer } from '../manifest/proxyServer';
import { RuleContext, keyNode, stringItems } from './context';
import { JsonPath } from './finding';
import { neededEndpoints } from './endpoints';
import { member } from '../manifest/parse';

function checkServer(ctx: RuleContext, located: Located<unknown> | undefined, path: JsonPath): void {
  if (typeof located?.value !== 'string') return;
  const parsed = parseProxyServer(located.value);
  if (parsed.ok && parsed.entries.some((e) => e.credentials !== undefined)) {
    const cleaned = located.value.replace(/(^|[=;]\s*)((?:https?:\/\/)?)[^;=]*@/gi, '$1$2');
    ctx.report(
      'ATP153',
      located.node,
      ctx.method === 'sensor'
        ? 'Remove the credentials from the proxy server: the manifest is not a place for secrets. Put the account in "proxy.user"; the deployment asks for its password when it runs.'
        : "Remove the credentials from the proxy server: the sensor's service accounts cannot answer a proxy login, and the manifest is not a place for secrets. Allow the ATP endpoints without authentication instead.",
      { kind: 'set', path, value: cleaned, title: 'Remove the credentials' },
    );
  } else if (!parsed.ok) {
    ctx.report('ATP152', located.node, `Malformed proxy server "${located.value}": ${parsed.reason}.`);
  }
}

function checkPacUrl(ctx: RuleContext, located: Located<unknown> | undefined): void {
  if (typeof located?.value !== 'string') return;
  let url: URL;
  try {
    url = new URL(located.value);
  } catch {
    ctx.report('ATP152', located.node, `Malformed PAC URL "${located.value}": write an absolute http:// or https:// URL.`);
    return;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    ctx.report('ATP152', located.node, `Malformed PAC URL "${located.value}": WinINET fetches the PAC file over http:// or https:// from a host.`);
  } else if (url.username || url.password) {
    url.username = '';
    url.password = '';
    ctx.report(
      'ATP153',
      located.node,
      'Remove the credentials from the PAC URL: the service accounts cannot use them and the manifest is not a place for secrets.',
      { kind: 'set', path: ['proxy', 'pacUrl'], value: url.toString(), title: 'Remove the credentials' },
    );
  }
}

/** Why `proxy.user` has no use without method `sensor`; undefined while the method is still open (ATP144 asks for it). */
function unusedUser(ctx: RuleContext): string | undefined {
  if (ctx.method === 'wininet') return "the sensor's service accounts cannot answer a proxy login";
  if (ctx.method === 'policy' || ctx.method === 'winhttp') return 'Defender for Endpoint cannot answer a proxy login';
  if (ctx.method === undefined && (ctx.mode === 'direct' || ctx.mode === 'transparent' || ctx.mode === 'wpad')) {
    return `mode "${ctx.mode}" takes no method, so nothing would use the account`;
  }
  return undefined;
}

/** ATP153 for `proxy.user`: a password after ':' (never in the manifest), or an account no method can use. */
function checkUser(ctx: RuleContext, user: Located<unknown> | undefined): void {
  if (!user) return;
  const secret = typeof user.value === 'string' ? /^([^:]*):(.+)$/.exec(user.value) : null;
  if (secret) {
    ctx.report(
      'ATP153',
      user.node,
      `"proxy.user" holds text after ":" that looks like a password: the manifest is no place for secrets. Keep the account only ("${secret[1]}"); the deployment asks for the password when it runs.`,
      { kind: 'set', path: ['proxy', 'user'], value: secret[1], title: `Keep the account "${secret[1]}" only` },
    );
    return;
  }
  const why = unusedUser(ctx);
  if (why === undefined) return;
  ctx.report(
    'ATP153',
    keyNode(user),
    `A proxy account works only with method "sensor": ${why}. Remove "proxy.user" and allow the sensor endpoints without authentication.`,
    { kind: 'remove', path: ['proxy', 'user'], title: 'Remove proxy.user' },
  );
}

/** ATP151–ATP155: the proxy section is complete, well formed, free of secrets, and does not bypass ATP traffic. */
export function checkProxy(ctx: RuleContext): void {
  const proxy = ctx.manifest.proxy;
  if (!proxy || proxy.located.node.type !== 'object') return;
  if (ctx.mode === 'static' && !proxy.server) {
    ctx.report('ATP151', proxy.located.node, 'Mode "static" needs "server": the proxy as host:port (or http=host:port;https=host:port).');
  } else if (ctx.mode === 'pac' && !proxy.pacUrl) {
    ctx.report('ATP151', proxy.located.node, 'Mode "pac" needs "pacUrl": the http(s) URL of the PAC file.');
  }
  checkServer(ctx, proxy.server, ['proxy', 'server']);
  checkPacUrl(ctx, proxy.pacUrl);
  checkUser(ctx, proxy.user);
  const winhttp = proxy.winhttp;
  if (winhttp?.node.type === 'object') checkServer(ctx, member(winhttp.node, 'server'), ['proxy', 'winhttp', 'server']);
  if (winhttp && ctx.method === 'wininet' && (ctx.mode === 'direct' || !ctx.manifest.registry)) {
    ctx.report(
      'ATP154',
      keyNode(winhttp),
      ctx.mode === 'direct'
        ? 'WinHTTP is set but the proxy mode is "direct": the sensor uses WinINET, so WinHTTP alone changes nothing for it. Set a proxy mode, or remove "winhttp".'
        : 'WinHTTP is set but WinINET is not configured (no "registry" section): the sensor still needs WinINET settings for LocalService and LocalSystem.',
    );
  }
  const needed = neededEndpoints(ctx);
  stringItems(proxy.bypass).forEach((entry, index) => {
    const hit = needed.find((endpoint) => bypassMatches(entry.value, endpoint.host));
    if (!hit) return;
    ctx.report(
      'ATP155',
      entry.node,
      `Bypass entry "${entry.value}" matches "${hit.host}", which the sensor needs: its traffic would skip the proxy. Remove it from the bypass list.`,
      { kind: 'remove', path: ['proxy', 'bypass', index], title: `Remove "${entry.value}" from the bypass list` },
    );
  });
}
