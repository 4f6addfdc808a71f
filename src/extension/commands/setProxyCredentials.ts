import type { HostSecrets, HostUi, HostWindow } from '../host';
import { CREDENTIALS_SECRET, storeCredentials, storedCredentials } from '../connectivity/credentialStore';
import type { Command } from './command';
import { CancelledError } from './manifestTarget';

/**
 * `atpProxy.setProxyCredentials`: the user and password the connectivity test answers a proxy's 407
 * with, kept in VS Code's SecretStorage. An empty user name removes them.
 */
export class SetProxyCredentialsCommand implements Command {
  readonly id = 'atpProxy.setProxyCredentials';
  constructor(private readonly deps: { ui: Pick<HostUi, 'input'>; secrets: HostSecrets; window: Pick<HostWindow, 'showInformationMessage'> }) {}

  /** Resolves to 'stored' or 'removed'. */
  async execute(): Promise<'stored' | 'removed'> {
    const current = await storedCredentials(this.deps.secrets);
    const user = await this.deps.ui.input({
      title: 'Proxy credentials for connectivity tests',
      prompt: 'User name (DOMAIN\\user works); leave empty to remove the stored credentials',
      value: current?.user ?? '',
      validate: (v) => (v.includes(':') ? 'A user name cannot contain ":"' : undefined),
    });
    if (user === undefined) throw new CancelledError();
    if (user.trim() === '') {
      await this.deps.secrets.delete(CREDENTIALS_SECRET);
      this.deps.window.showInformationMessage('Proxy credentials removed.');
      return 'removed';
    }
    const password = await this.deps.ui.input({ title: `Proxy password for ${user.trim()}`, prompt: 'Kept in VS Code’s secret storage, never in settings or logs', password: true });
    if (password === undefined) throw new CancelledError();
    await storeCredentials(this.deps.secrets, { user: user.trim(), password });
    this.deps.window.showInformationMessage(`Proxy credentials for ${user.trim()} stored; connectivity tests answer a proxy's authentication request with them.`);
    return 'stored';
  }
}
