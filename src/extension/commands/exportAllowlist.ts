import { ALLOWLIST_FORMATS, exportAllowlist, type AllowlistFormat } from '../../core/usecases/allowlist';
import type { HostFiles, HostUi } from '../host';
import type { ManifestList } from '../views/manifestList';
import type { Command, CommandTarget } from './command';
import { CancelledError, manifestFor } from './manifestTarget';

const FORMATS: { value: AllowlistFormat; label: string; detail: string; language: string }[] = [
  { value: 'plain', label: 'Plain list', detail: 'One host name per line, for a firewall team or a ticket', language: 'plaintext' },
  { value: 'squid', label: 'Squid ACL', detail: 'acl … dstdomain and an http_access rule for squid.conf', language: 'plaintext' },
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
    const chosen = (ALLOWLIST_FORMATS as readonly unknown[]).includes(format)
      ? (format as AllowlistFormat)
      : await this.deps.ui.pick(FORMATS, { title: `Allowlist of ${file.name}`, placeHolder: 'Format' });
    if (!chosen) throw new CancelledError();
    const content = exportAllowlist(await this.deps.files.readText(file.uri), chosen, file.name);
    await this.deps.ui.openUntitled(content, FORMATS.find((f) => f.value === chosen)?.language ?? 'plaintext');
    return content;
  }
}
