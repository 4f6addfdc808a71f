// The few members of SensorConfiguration.json that apply checks after the Deployer ran: Url and UserName of
// SensorProxyConfiguration. (The full reader, with the Machine view's fields, lives with decode.)
import type { SensorTarget } from './target';

/** The proxy a SensorConfiguration.json holds: no Url = none; `hasPassword` says whether encrypted bytes are there (never them). */
export interface SensorProxyState {
  url?: string;
  userName?: string;
  hasPassword: boolean;
}

function optionalString(value: unknown, what: string): string | undefined | { problem: string } {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return { problem: `${what} is ${Array.isArray(value) ? 'an array' : typeof value}, not a string` };
  return value === '' ? undefined : value;
}

/** Reads SensorProxyConfiguration from the file's text, or says why it cannot (never throws). */
export function readSensorProxy(text: string): { ok: true; state: SensorProxyState } | { ok: false; reason: string } {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { ok: false, reason: 'not a JSON object' };
  const proxy = (root as Record<string, unknown>).SensorProxyConfiguration;
  if (proxy === undefined || proxy === null) return { ok: true, state: { hasPassword: false } };
  if (typeof proxy !== 'object' || Array.isArray(proxy)) return { ok: false, reason: 'SensorProxyConfiguration is not an object' };
  const members = proxy as Record<string, unknown>;
  const url = optionalString(members.Url, 'SensorProxyConfiguration.Url');
  if (typeof url === 'object') return { ok: false, reason: url.problem };
  const userName = optionalString(members.UserName, 'SensorProxyConfiguration.UserName');
  if (typeof userName === 'object') return { ok: false, reason: userName.problem };
  const password = members.EncryptedUserPasswordData;
  return { ok: true, state: { url, userName, hasPassword: password !== undefined && password !== null } };
}

/** How a read-back differs from the target (empty when it matches): URL without a trailing slash, names case-insensitively. */
export function differencesFrom(target: SensorTarget, state: SensorProxyState): string[] {
  const norm = (url: string | undefined): string => (url ?? '').replace(/\/+$/, '').toLowerCase();
  const differences: string[] = [];
  if (norm(state.url) !== norm(target.url)) differences.push(`Url is ${describe(state.url)} instead of ${describe(target.url)}`);
  const wantUser = target.url === undefined ? undefined : target.user;
  if ((state.userName ?? '').toLowerCase() !== (wantUser ?? '').toLowerCase())
    differences.push(`UserName is ${describe(state.userName)} instead of ${describe(wantUser)}`);
  return differences;
}

function describe(value: string | undefined): string {
  return value === undefined ? 'empty' : JSON.stringify(value);
}
