// Use case "export the allowlist": what a proxy or firewall team pastes, from a manifest's text.
import { allowlistOf, formatAllowlist, type AllowlistFormat } from '../export/allowlist';
import { parseManifest, settingsOf } from '../manifest/parse';

export { ALLOWLIST_FORMATS, type AllowlistFormat } from '../export/allowlist';

/** The allowlist of the manifest named `name`, in `format` (PAC files send the hosts through its static proxy). */
export function exportAllowlist(text: string, format: AllowlistFormat, name: string): string {
  const settings = settingsOf(parseManifest(text).manifest);
  const proxy = settings.proxy.mode === 'static' ? settings.proxy.server : undefined;
  return formatAllowlist(allowlistOf(settings), format, name, proxy);
}
