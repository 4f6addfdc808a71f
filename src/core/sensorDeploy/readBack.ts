// The few members of SensorConfiguration.json that apply checks after the Deployer ran: Url and UserName of
// SensorProxyConfiguration, read by the same reader as decode and the Machine view.
import { describeSensorConfigurationError, readSensorConfiguration, SENSOR_CONFIGURATION_FILE } from '../sensorConfig/sensorConfiguration';
import type { SensorTarget } from './target';

/** The proxy a SensorConfiguration.json holds: no Url = none; `hasPassword` says whether encrypted bytes are there (never them). */
export interface SensorProxyState {
  url?: string;
  userName?: string;
  hasPassword: boolean;
}

/**
 * Reads SensorProxyConfiguration from the file's bytes with the one SensorConfiguration.json reader (encodings, depth
 * and size limits, the place of an error), or says why it cannot (never throws).
 */
export function readSensorProxy(bytes: Uint8Array, name = SENSOR_CONFIGURATION_FILE): { ok: true; state: SensorProxyState } | { ok: false; reason: string } {
  const read = readSensorConfiguration(bytes);
  // `NAME:LINE:COLUMN (byte N): reason`, as decode and the Machine view say it.
  if (!read.ok) return { ok: false, reason: describeSensorConfigurationError(name, read.error) };
  const { proxy, orphanUserName } = read.value;
  return { ok: true, state: { url: proxy?.url, userName: proxy?.userName ?? orphanUserName, hasPassword: proxy?.passwordPresent ?? false } };
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
