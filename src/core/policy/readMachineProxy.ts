// Reading the v3 methods' values back from a .reg export (decode, the Machine view): the Defender for Endpoint
// policy values and WinHttpSettings, each checked for the type Windows reads it as.
import { visible } from '../text/visible';
import {
  ATP_POLICY_KEY,
  DATA_COLLECTION_KEY,
  DISABLE_ENTERPRISE_AUTH_PROXY,
  PREFER_STATIC_PROXY,
  TELEMETRY_PROXY_SERVER,
  WINHTTP_KEY,
  WINHTTP_SETTINGS,
} from '../apply/machineValue';
import { canonicalKey } from '../wininet/accounts';
import { Decoded, describeCodecError, fail, ok } from '../wininet/codecError';
import { REG_DWORD, REG_EXPAND_SZ, REG_SZ, REG_TYPE_NAMES, RegFile, RegValue } from '../wininet/regFile';
import { parseRegFile } from '../wininet/regParse';
import { WinHttpSettings } from '../wininet/winHttpSettings';
import { decodeWinHttpStrict } from '../winhttp/strictWinHttp';

/** One v3 proxy value found in an export, with the line it is on. */
export type MachineProxyReading =
  | { path: string; value: typeof TELEMETRY_PROXY_SERVER; line: number; text: string }
  | { path: string; value: typeof DISABLE_ENTERPRISE_AUTH_PROXY | typeof PREFER_STATIC_PROXY; line: number; number: number }
  | { path: string; value: typeof WINHTTP_SETTINGS; line: number; settings: WinHttpSettings };

const DWORDS: Record<string, string> = {
  [DISABLE_ENTERPRISE_AUTH_PROXY.toLowerCase()]: canonicalKey(DATA_COLLECTION_KEY),
  [PREFER_STATIC_PROXY.toLowerCase()]: canonicalKey(ATP_POLICY_KEY),
};

function typeName(type: number): string {
  return REG_TYPE_NAMES[type] ?? `type ${type}`;
}

/** One value, or a reason naming what Windows expects instead (undefined: not a v3 proxy value). */
export function readOne(path: string, v: RegValue): Decoded<MachineProxyReading | undefined> {
  const key = canonicalKey(path);
  const name = v.name.toLowerCase();
  const b = Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);
  if (key === canonicalKey(DATA_COLLECTION_KEY) && name === TELEMETRY_PROXY_SERVER.toLowerCase()) {
    if (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ)
      return fail('line', v.line, `${TELEMETRY_PROXY_SERVER} is ${typeName(v.type)}: Defender for Endpoint reads a REG_SZ "host:port"`);
    if (b.length % 2 !== 0) return fail('line', v.line, `${TELEMETRY_PROXY_SERVER} has ${b.length} bytes: a REG_SZ is whole UTF-16 characters`);
    return ok({ path, value: TELEMETRY_PROXY_SERVER, line: v.line, text: b.toString('utf16le').replace(/\0+$/, '') });
  }
  if (DWORDS[name] === key) {
    const proper = name === DISABLE_ENTERPRISE_AUTH_PROXY.toLowerCase() ? DISABLE_ENTERPRISE_AUTH_PROXY : PREFER_STATIC_PROXY;
    if (v.type !== REG_DWORD || b.length !== 4)
      return fail('line', v.line, `${proper} is ${typeName(v.type)} of ${b.length} bytes: Windows reads a REG_DWORD (dword:00000001)`);
    return ok({ path, value: proper, line: v.line, number: b.readUInt32LE(0) });
  }
  if (key === canonicalKey(WINHTTP_KEY) && name === WINHTTP_SETTINGS.toLowerCase()) {
    const decoded = decodeWinHttpStrict(v.data);
    if (!decoded.ok) return fail('line', v.line, `${WINHTTP_SETTINGS}: ${describeCodecError(decoded.error)}`);
    return ok({ path, value: WINHTTP_SETTINGS, line: v.line, settings: decoded.value });
  }
  return ok(undefined);
}

/**
 * The v3 proxy values of a .reg export (UTF-16 or UTF-8), in file order. A malformed line, a value of the wrong type
 * or a truncated / oversized WinHttpSettings is an error with its line (and column or byte offset), never a throw.
 */
export function readMachineProxyValues(bytes: Uint8Array): Decoded<MachineProxyReading[]> {
  const parsed = parseRegFile(bytes);
  if (!parsed.ok) return parsed;
  const found: MachineProxyReading[] = [];
  for (const key of parsed.value.keys) {
    if (key.deleted) continue;
    for (const v of key.values) {
      if (v.kind !== 'set') continue;
      const r = readOne(key.path, v);
      if (!r.ok) return r;
      if (r.value) found.push(r.value);
    }
  }
  return ok(found);
}

/** Every Defender for Endpoint policy value of a (leniently parsed) .reg export, going past a bad one (named with its line). */
export function readPolicyValuesLenient(file: RegFile): { values: MachineProxyReading[]; problems: { line: number; reason: string }[] } {
  const values: MachineProxyReading[] = [];
  const problems: { line: number; reason: string }[] = [];
  for (const key of file.keys) {
    if (key.deleted) continue;
    for (const v of key.values) {
      // WinHttpSettings is decoded with the connection settings; here only the policy values.
      if (v.kind !== 'set' || v.name.toLowerCase() === WINHTTP_SETTINGS.toLowerCase()) continue;
      const r = readOne(key.path, v);
      if (!r.ok) problems.push({ line: v.line, reason: r.error.unit === 'line' ? r.error.reason : describeCodecError(r.error) });
      else if (r.value) values.push(r.value);
    }
  }
  return { values, problems };
}

/** A policy value in words: `HKLM\...\DataCollection\TelemetryProxyServer (REG_SZ) = proxy:8080`. */
export function describePolicyValue(v: MachineProxyReading): string {
  const where = visible(`${v.path}\\${v.value}`);
  if ('text' in v) return `${where} (REG_SZ) = ${visible(JSON.stringify(v.text))}: the Defender for Endpoint static proxy`;
  if ('number' in v) return `${where} (REG_DWORD) = ${v.number}`;
  return where;
}

/** A policy value as `decode --format json` prints it. */
export function policyValueJson(v: MachineProxyReading): { path: string; value: string; type: string; data: string | number | null } {
  if ('text' in v) return { path: v.path, value: v.value, type: 'REG_SZ', data: v.text };
  if ('number' in v) return { path: v.path, value: v.value, type: 'REG_DWORD', data: v.number };
  return { path: v.path, value: v.value, type: 'REG_BINARY', data: null };
}
