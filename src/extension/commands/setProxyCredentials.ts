import { parseProxyAddress, formatProxy, httpsProxy, parseServerString, type ProxyAddress } from '../../core/connectivity/serverString';
import { parseManifest } from '../../core/manifest/parse';
import type { HostFiles, HostSecrets, HostUi, HostWindow } from '../host';
import { credentialsSecret, LEGACY_CREDENTIALS_SECRET, storeCredentials, storedCredentials } from '../connectivity/credentialStore';
import type { Command, CommandTarget } from './command';
import { CancelledError } from './manifestTarget';

/** The proxy a `host:port` answer names, or why it does not (the port is required: credentials go to one proxy). */
function proxyOf(text: string): ProxyAddress | string {
  const trimmed = text.trim();
  if (!/:\d+$/.test(trimmed)) return 'Give the proxy as host:port (e.g. proxy.contoso.com:8080)';
  const proxy = parseProxyAddress(trimmed);
  return 'problem' in proxy ? proxy.problem : proxy;
}

/**
 * `atpProxy.setProxyCredentials`: the user and password the connectivity test answers one proxy's 407 (Basic)
 * with, kept in VS Code's SecretStorage under that proxy's host:port. An empty user name removes them.
 */
export class SetProxyCredentialsCommand implements Command {
  readonly id = 'atpProxy.setProxyCredentials';
  constructor(
    private readonly deps: {
      ui: Pick<HostUi, 'input'>;
      secrets: HostSecrets;
      window: Pick<HostWindow, 'showInformationMessage'>;
      files: Pick<HostFiles, 'readText'>;
    },
  ) {}

  /** Resolves to 'stored' or 'removed'; the proxy asked for defaults to the target manifest's (the active editor's). */
  async execute(target?: CommandTarget): Promise<'stored' | 'removed'> {
    const answer = await this.deps.ui.input({
      title: 'Proxy credentials for connectivity tests: which proxy',
      prompt: 'The proxy (host:port) they are for: tests send them to this proxy only, and only when it asks (407)',
      value: await this.manifestProxy(target),
      placeHolder: 'proxy.contoso.com:8080',
      validate: (v) => {
        const p = proxyOf(v);
        return typeof p === 'string' ? p : undefined;
      },
    });
    if (answer === undefined) throw new CancelledError();
    const proxy = proxyOf(answer);
    if (typeof proxy === 'string') throw new CancelledError();
    const name = formatProxy(proxy);
    const current = await storedCredentials(this.deps.secrets, proxy);
    const user = await this.deps.ui.input({
      title: `Proxy credentials for ${name}`,
      prompt: 'User name (DOMAIN\\user works); leave empty to remove the stored credentials',
      value: current?.user ?? '',
      validate: (v) => (v.includes(':') ? 'A user name cannot contain ":"' : undefined),
    });
    if (user === undefined) throw new CancelledError();
    // Credentials of earlier versions were for every proxy; they are never used again.
    await this.deps.secrets.delete(LEGACY_CREDENTIALS_SECRET);
    if (user.trim() === '') {
      await this.deps.secrets.delete(credentialsSecret(proxy));
      this.deps.window.showInformationMessage(`Proxy credentials for ${name} removed.`);
      return 'removed';
    }
    const password = await this.deps.ui.input({
      title: `Proxy password for ${user.trim()} at ${name}`,
      prompt: 'Kept in VS Code’s secret storage, never in settings or logs',
      password: true,
    });
    if (password === undefined) throw new CancelledError();
    await storeCredentials(this.deps.secrets, proxy, { user: user.trim(), password });
    this.deps.window.showInformationMessage(
      `Proxy credentials for ${user.trim()} stored for ${name}; connectivity tests answer that proxy's authentication request with them, and no other proxy gets them.`,
    );
    return 'stored';
  }

  /** The HTTPS proxy of the target manifest (the active editor's), as the default answer. */
  private async manifestProxy(target: CommandTarget | undefined): Promise<string> {
    const active = target && /\.atpproxy\.jsonc?$/i.test(target.name) ? target : undefined;
    if (!active) return '';
    try {
      const server = parseManifest(await this.deps.files.readText(active.uri)).manifest.proxy?.server?.value;
      const servers = typeof server === 'string' ? parseServerString(server) : undefined;
      const proxy = servers && !('problem' in servers) ? httpsProxy(servers) : undefined;
      return proxy ? formatProxy(proxy) : '';
    } catch {
      return '';
    }
  }
}
