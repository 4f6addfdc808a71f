import { ByteReader, ByteWriter } from './byteReader';

/**
 * What WinINET stores after the PAC URL (the field order WriteProxySettings uses): auto-detection flags,
 * the last-known-good auto-config URL found by WPAD, when it was found, the interface addresses detection ran
 * on, a secondary auto-config URL and the auto-config reload delay. IE7 and later (0x46) append 4 more bytes.
 */
export interface Trailer {
  /** AUTO_PROXY_FLAG_* bits (INTERNET_PER_CONN_AUTODISCOVERY_FLAGS). */
  autoDetectFlags: number;
  /** The PAC URL automatic detection last found (INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_URL). */
  lastKnownGoodAutoConfigUrl: string;
  /** FILETIME of that detection (100 ns since 1601-01-01 UTC); 0n when never. */
  lastDetectTime: bigint;
  /** IPv4 addresses of the interfaces detection ran on, dotted. */
  detectedAddresses: string[];
  secondaryAutoConfigUrl: string;
  /** Minutes between automatic PAC reloads; 0 disables. */
  reloadDelayMins: number;
  /** Bytes after the known fields (4 zero bytes in an IE7+ value), kept as they are. */
  extra: Uint8Array;
  /** Set when the trailer ended early or held an impossible count; fields read until then are kept. */
  issue?: { offset: number; reason: string };
}

/** Names of the auto-detection flag bits, for display. */
export const AUTO_DETECT_FLAG_NAMES: Record<number, string> = {
  0x01: 'user-set',
  0x02: 'always-detect',
  0x04: 'detection-run',
  0x08: 'migrated',
  0x10: 'dont-cache-proxy-result',
  0x20: 'cache-init-run',
  0x40: 'detection-suspect',
};

/** The trailer an empty value carries: all fields zero, 32 bytes for 0x46 and 28 for 0x3C. */
export function emptyTrailer(version: number): Uint8Array {
  return new Uint8Array(version === 0x3c ? 28 : 32);
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** A FILETIME as an ISO date, or undefined when zero or out of range. */
export function filetimeToIso(filetime: bigint): string | undefined {
  if (filetime === 0n) return undefined;
  const ms = Number((filetime - FILETIME_UNIX_EPOCH) / 10000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Decodes trailer bytes into fields. Never fails: a trailer that ends early (some tools write none) yields
 * the fields read so far, zeros for the rest, and an issue; `baseOffset` makes offsets absolute in the value.
 */
export function decodeTrailer(bytes: Uint8Array, baseOffset = 0): Trailer {
  const trailer: Trailer = {
    autoDetectFlags: 0,
    lastKnownGoodAutoConfigUrl: '',
    lastDetectTime: 0n,
    detectedAddresses: [],
    secondaryAutoConfigUrl: '',
    reloadDelayMins: 0,
    extra: new Uint8Array(0),
  };
  const r = new ByteReader(bytes);
  const stop = (reason: string, at = r.offset): Trailer => ({ ...trailer, issue: { offset: baseOffset + at, reason } });
  if (bytes.length === 0) return stop('no trailer (WinINET reads the missing fields as zero)');

  const flags = r.dword('the auto-detection flags');
  if (typeof flags === 'string') return stop(flags);
  trailer.autoDetectFlags = flags;

  const lkg = r.string('the last-known-good auto-config URL');
  if ('error' in lkg) return stop(lkg.error, lkg.offset);
  trailer.lastKnownGoodAutoConfigUrl = lkg.value;

  if (r.remaining < 8) return stop(`the detection time needs 8 bytes but the trailer ends after ${r.remaining}`);
  const low = r.dword('time') as number;
  const high = r.dword('time') as number;
  trailer.lastDetectTime = (BigInt(high) << 32n) | BigInt(low);

  const countAt = r.offset;
  const count = r.dword('the detected address count');
  if (typeof count === 'string') return stop(count);
  if (count * 4 > r.remaining) return stop(`${count} detected addresses need ${count * 4} bytes but only ${r.remaining} follow`, countAt);
  for (let i = 0; i < count; i++) trailer.detectedAddresses.push(Array.from(r.take(4)).join('.'));

  const secondary = r.string('the secondary auto-config URL');
  if ('error' in secondary) return stop(secondary.error, secondary.offset);
  trailer.secondaryAutoConfigUrl = secondary.value;

  const reload = r.dword('the auto-config reload delay');
  if (typeof reload === 'string') return stop(reload);
  trailer.reloadDelayMins = reload;

  trailer.extra = r.take(r.remaining);
  return trailer;
}

/** Encodes trailer fields; encodeTrailer(decodeTrailer(b)) === b for every trailer without an issue. */
export function encodeTrailer(trailer: Trailer): Uint8Array {
  const w = new ByteWriter()
    .dword(trailer.autoDetectFlags)
    .string(trailer.lastKnownGoodAutoConfigUrl)
    .dword(Number(trailer.lastDetectTime & 0xffffffffn))
    .dword(Number((trailer.lastDetectTime >> 32n) & 0xffffffffn))
    .dword(trailer.detectedAddresses.length);
  for (const address of trailer.detectedAddresses) w.bytes(Uint8Array.from(address.split('.').map((n) => Number(n) & 0xff)));
  return w.string(trailer.secondaryAutoConfigUrl).dword(trailer.reloadDelayMins).bytes(trailer.extra).result();
}
