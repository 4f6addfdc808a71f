import { accountConnectionsKey, SENSOR_SERVICES } from './accounts';
import { ConnectionSettings, encodeConnectionSettings } from './connectionSettings';
import { Deployment } from './deployment';
import { REG_BINARY, RegKey } from './regFile';
import { formatRegFile } from './regWrite';
import { oneLine } from '../text/oneLine';

/** Registry keys that set each deployment value to the encoded settings for each target account. */
function deploymentRegKeys(settings: ConnectionSettings, deployment: Deployment): RegKey[] {
  const data = encodeConnectionSettings(settings);
  return deployment.targets.map((account) => ({
    path: accountConnectionsKey(account),
    deleted: false,
    line: 0,
    values: deployment.values.map((name) => ({ kind: 'set' as const, name, type: REG_BINARY, data, line: 0 })),
  }));
}

/** What the operator must do around importing the file: back up, import elevated, restart the services. */
function importInstructions(deployment: Deployment): string[] {
  const keys = deployment.targets.map(accountConnectionsKey);
  return [
    'Before importing, back up the keys this file changes (in an elevated prompt; a key that does not exist yet needs none):',
    ...keys.map((key) => `  reg export "${key.replace(/^HKEY_USERS\\/, 'HKU\\')}" "%TEMP%\\${key.split('\\')[1]}-Connections-backup.reg"`),
    'Import it as an administrator (HKEY_USERS\\S-1-5-18 and S-1-5-19 are writable only by administrators):',
    '  reg import FILE.reg in an elevated prompt, or regedit run as administrator > File > Import.',
    `Then restart the sensor services: Restart-Service ${SENSOR_SERVICES.join(', ')}. To undo, import the backups.`,
  ];
}

/**
 * A .reg file (version 5.00, CRLF, regedit folding) writing the encoded value for the service accounts;
 * the comment lines after the header say what it is and how to back up and import it (regedit ignores comments).
 */
export function generateRegFile(settings: ConnectionSettings, deployment: Deployment, comments: string[] = []): string {
  const text = formatRegFile(deploymentRegKeys(settings, deployment));
  const header = 'Windows Registry Editor Version 5.00\r\n';
  const lines = [...comments, ...importInstructions(deployment)].map((c) => `; ${oneLine(c)}\r\n`).join('');
  return header + lines + text.slice(header.length);
}
