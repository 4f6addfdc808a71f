import { ConnectionSettings, FLAG_AUTO_CONFIG, FLAG_AUTO_DETECT, FLAG_DIRECT, FLAG_PROXY } from './connectionSettings';
import { DecodedValue } from './decodeValue';
import { toHex } from './hex';
import { visible } from '../text/visible';
import { AUTO_DETECT_FLAG_NAMES, decodeTrailer, filetimeToIso } from './trailer';

function flagNames(flags: number): string {
  const names = [
    [FLAG_DIRECT, 'direct'],
    [FLAG_PROXY, 'proxy server'],
    [FLAG_AUTO_CONFIG, 'auto-config URL'],
    [FLAG_AUTO_DETECT, 'auto-detect'],
  ]
    .filter(([bit]) => (flags & (bit as number)) !== 0)
    .map(([, name]) => name);
  const unknown = flags & ~0xf;
  if (unknown) names.push(`unknown 0x${unknown.toString(16)}`);
  return `0x${flags.toString(16)}${names.length ? ` (${names.join(', ')})` : ''}`;
}

function show(text: string): string {
  return text === '' ? '(none)' : visible(text);
}

/** Lines describing the trailer's decoded fields (indented), for text output and plan previews. */
function describeTrailer(settings: ConnectionSettings, headerLength: number): string[] {
  const t = decodeTrailer(settings.trailer, headerLength);
  const flags = Object.entries(AUTO_DETECT_FLAG_NAMES)
    .filter(([bit]) => (t.autoDetectFlags & Number(bit)) !== 0)
    .map(([, n]) => n);
  const lines = [
    `  trailer            ${settings.trailer.length} bytes`,
    `    detection flags  0x${t.autoDetectFlags.toString(16)}${flags.length ? ` (${flags.join(', ')})` : ''}`,
    `    last-known-good auto-config URL  ${show(t.lastKnownGoodAutoConfigUrl)}`,
    `    last detection   ${filetimeToIso(t.lastDetectTime) ?? (t.lastDetectTime === 0n ? '(never)' : `0x${t.lastDetectTime.toString(16)}`)}`,
    `    detected addresses  ${t.detectedAddresses.length ? visible(t.detectedAddresses.join(', ')) : '(none)'}`,
    `    secondary auto-config URL  ${show(t.secondaryAutoConfigUrl)}`,
    `    reload delay     ${t.reloadDelayMins} min`,
  ];
  if (t.extra.length) lines.push(`    further bytes    ${toHex(t.extra)}`);
  if (t.issue) lines.push(`    note             ${t.issue.reason} (at byte ${t.issue.offset})`);
  return lines;
}

/** A decoded value as readable text lines. */
export function describeDecodedValue(v: DecodedValue): string {
  const s = v.settings;
  const title =
    v.path !== null ? `[${visible(v.path)}] ${visible(v.value ?? '')}` : v.kind === 'winhttp' ? 'WinHttpSettings value' : 'connection settings value';
  const lines = [
    title,
    `  version            0x${s.version.toString(16)}${s.version === 0x3c ? ' (IE5/6)' : s.version === 0x46 ? ' (IE7 and later)' : ''}`,
    `  change counter     ${s.counter}`,
    `  flags              ${flagNames(s.flags)}`,
    `  proxy server       ${show(s.proxyServer)}`,
    `  bypass             ${show(s.bypass)}`,
  ];
  if (v.kind === 'wininet') {
    const headerLength = 24 + v.settings.proxyServer.length + v.settings.bypass.length + v.settings.autoConfigUrl.length;
    lines.push(`  auto-config URL    ${show(v.settings.autoConfigUrl)}`, ...describeTrailer(v.settings, headerLength));
  } else if (v.settings.extra.length) {
    lines.push(`  further bytes      ${toHex(v.settings.extra)}`);
  }
  return lines.join('\n');
}

/**
 * A value's fields as a person compares them ("counter 3", "flags 0x3", "proxy p:8080", "bypass <local>", "PAC u"),
 * shared by the plan text, the refusal messages and the Preview Apply table. `quote` formats each string value (the
 * preview makes them Markdown code spans); `counter` is left out where it does not matter (comparing proxies).
 */
export function settingsParts(
  s: Pick<ConnectionSettings, 'counter' | 'flags' | 'proxyServer' | 'bypass'> & { autoConfigUrl?: string },
  options: { counter?: boolean; quote?: (value: string) => string } = {},
): string[] {
  const quote = options.quote ?? ((value: string) => value);
  const parts = options.counter === false ? [] : [`counter ${s.counter}`];
  parts.push(`flags 0x${s.flags.toString(16)}`);
  if (s.proxyServer) parts.push(`proxy ${quote(s.proxyServer)}`);
  if (s.bypass) parts.push(`bypass ${quote(s.bypass)}`);
  if (s.autoConfigUrl) parts.push(`PAC ${quote(s.autoConfigUrl)}`);
  return parts;
}
