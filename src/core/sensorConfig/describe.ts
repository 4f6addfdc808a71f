// A SensorConfiguration.json's proxy settings as a person reads them and as `decode --format json` prints them.
import { PROXY_MEMBER, type SensorConfiguration } from './sensorConfiguration';
import { visible } from '../text/visible';

/** The `decode --format json` object of a SensorConfiguration.json (SPEC section 6); never the encrypted bytes. */
export interface SensorConfigurationJson {
  path: string;
  value: typeof PROXY_MEMBER;
  proxyUrl: string | null;
  userName: string | null;
  passwordPresent: boolean;
  sensorApiAddress: string | null;
}

/** The JSON shape of what was read from `path`. */
export function sensorConfigurationJson(config: SensorConfiguration, path: string): SensorConfigurationJson {
  return {
    path,
    value: PROXY_MEMBER,
    proxyUrl: config.proxy?.url ?? null,
    userName: config.proxy?.userName ?? config.orphanUserName ?? null,
    passwordPresent: config.proxy?.passwordPresent ?? false,
    sensorApiAddress: config.apiAddress ?? null,
  };
}

/** The sensor API address with its port, as the view and the text output show it. */
export function apiAddressText(config: SensorConfiguration): string {
  if (config.apiAddress === undefined) return '(not set)';
  const address = visible(config.apiAddress);
  return config.apiPort !== undefined ? `${address} (port ${config.apiPort})` : address;
}

/** What a SensorConfiguration.json says, line by line. */
export function describeSensorConfiguration(config: SensorConfiguration, name: string): string {
  const proxy = config.proxy;
  return [
    `${visible(name)}: ${PROXY_MEMBER} (the sensor's own proxy configuration)`,
    `  proxy URL         ${proxy ? visible(proxy.url) : '(none: the sensor uses no proxy of its own)'}`,
    `  user              ${proxy?.userName !== undefined ? visible(proxy.userName) : config.orphanUserName !== undefined ? `${visible(config.orphanUserName)} (ignored: no proxy URL)` : '(none)'}`,
    `  password          ${proxy?.passwordPresent ? 'an encrypted password is stored (not shown)' : 'none stored'}`,
    `  sensor API        ${apiAddressText(config)}`,
  ].join('\n');
}
