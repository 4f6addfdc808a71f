import { accountConnectionsKey } from './accounts';
import { ConnectionSettings, encodeConnectionSettings } from './connectionSettings';
import { Deployment } from './deployment';
import { REG_BINARY, RegKey } from './regFile';
import { formatRegFile } from './regWrite';

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

/**
 * A .reg file (version 5.00, CRLF, regedit folding) writing the encoded value for the service accounts;
 * the comment lines after the header say what it is, since regedit imports comments harmlessly.
 */
export function generateRegFile(settings: ConnectionSettings, deployment: Deployment, comments: string[] = []): string {
  const text = formatRegFile(deploymentRegKeys(settings, deployment));
  const header = 'Windows Registry Editor Version 5.00\r\n';
  const lines = comments.map((c) => `; ${c.replace(/[\r\n]+/g, ' ')}\r\n`).join('');
  return header + lines + text.slice(header.length);
}
