import type { AllowlistFormat } from '../../core/usecases/allowlist';
import type { HostFiles, HostUi } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { Command, CommandTarget } from './command';
import { CancelledError, manifestFor } from './manifestTarget';

const FORMATS: { value: AllowlistFormat; label: string; detail: string; language: string }[] = [
  {
    value: 'plain',
    label: 'Plain list',
    detail: 'One entry per line with its port (443, or 80 for revocation lists), for a firewall team or a ticket',
    language: 'plaintext',
  },
  {
    value: 'squid',
    label: 'Squid ACL',
    detail: 'A fragment for squid.conf: CONNECT 443 to the service, GET 80 to the revocation paths',
    language: 'plaintext',
  },
  { value: 'pac', label: 'PAC file', detail: 'FindProxyForURL sending the ATP endpoints through the manifest’s proxy', language: 'javascript' },
];

/** `atpProxy.exportAllowlist`: the hosts a proxy or firewall must allow, in an untitled editor. */
export class ExportAllowlistCommand implements Command {
  readonly id = 'atpProxy.exportAllowlist';
  constructor(
    private readonly deps: { manifests: Pick<ManifestList, 'list'>; ui: Pick<HostUi, 'pick' | 'openUntitled'>; files: Pick<HostFiles, 'readText'> },
  ) {}

  /** Resolves to the text shown. */
  async execute(target: CommandTarget, format?: unknown): Promise<string> {
    const file = await manifestFor(target, this.deps.manifests, this.deps.ui, 'export the allowlist of');
    const chosen = FORMATS.some((f) => f.value === format)
      ? (format as AllowlistFormat)
      : await this.deps.ui.pick(FORMATS, { title: `Allowlist of ${file.name}`, placeHolder: 'Format' });
    if (!chosen) throw new CancelledError();
    // The export is loaded on first use, as the other use cases are: it is not needed at activation.
    const { exportAllowlist } = await import(/* webpackChunkName: "allowlist" */ '../../core/usecases/allowlist');
    const content = exportAllowlist(await this.deps.files.readText(file.uri), chosen, file.name);
    await this.deps.ui.openUntitled(content, FORMATS.find((f) => f.value === chosen)?.language ?? 'plaintext');
    return content;
  }
}
