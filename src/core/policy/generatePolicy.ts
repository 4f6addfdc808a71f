import { createHash } from 'crypto';
import { generateMachineRegFile } from '../apply/generateMachineReg';
import { assertAscii, psValueTable, regExeKey, regFunctions, scriptPrologue } from '../apply/machinePowerShell';
import { writeValuesBlock } from '../apply/machineWriteBlock';
import { PREFER_STATIC_PROXY } from '../apply/machineValue';
import { REG_SZ } from '../wininet/regFile';
import { psQuote } from '../wininet/generatePowerShell';
import { xmlEscape } from '../wininet/generateGpp';
import { PolicySettings, policyValues } from './policySettings';

const SOURCE = 'Microsoft: "Configure your devices to connect to the Defender for Endpoint service using a proxy" (registry-based static proxy).';
/** What makes the policy take effect (the header of every artefact, the DSC configuration's too). */
export const POLICY_AFTER = 'Defender for Endpoint reads the policy within minutes; gpupdate /force or a restart of the Sense service applies it at once.';

function offlineLine(settings: PolicySettings): string {
  return settings.preferStaticProxy
    ? `${PREFER_STATIC_PROXY} = 1: the manifest names no WinHTTP proxy, so the machine is otherwise offline.`
    : `${PREFER_STATIC_PROXY} is not set: the manifest names a WinHTTP proxy (proxy.winhttp), so the machine is not otherwise offline.`;
}

/** The .reg text of method `policy` (comments after the header: what, source, backup and import). */
export function generatePolicyReg(settings: PolicySettings, manifestName = ''): string {
  return generateMachineRegFile(
    policyValues(settings),
    [
      `Defender for Endpoint static proxy policy for Defender for Identity sensor v3${manifestName ? ` (manifest ${manifestName})` : ''}.`,
      offlineLine(settings),
      `Source: ${SOURCE}`,
    ],
    POLICY_AFTER,
  );
}

/**
 * A Windows PowerShell 5.1 script (pure ASCII) that exports each policy key to a dated backup file, sets the values
 * with reg.exe, reads each back, and restores every value written (and deletes the keys it created) on any difference.
 */
export function generatePolicyPowerShell(settings: PolicySettings, manifestName = ''): string {
  const values = policyValues(settings);
  const keys = [...new Set(values.map((v) => regExeKey(v.key)))];
  const lines = [
    ...scriptPrologue([
      'Sets the Defender for Endpoint static proxy policy (TelemetryProxyServer, DisableEnterpriseAuthProxy) that a',
      'Defender for Identity sensor v3 uses to reach its service.',
      offlineLine(settings),
      `Source: ${SOURCE}`,
    ]),
    `$Manifest = ${psQuote(manifestName)}`,
    '$Values = @(',
    ...values.map((v, i) => `    ${psValueTable(v)}${i < values.length - 1 ? ',' : ''}`),
    ')',
    '',
    ...regFunctions(),
    'Write-Host "Manifest ${Manifest}: Defender for Endpoint static proxy policy"',
    '',
    '# Back up every key before anything is written.',
    ...keys.map((k) => `Backup-RegKey ${psQuote(k)}`),
    '',
    ...writeValuesBlock(),
    `Write-Host ${psQuote(`Done. ${POLICY_AFTER}`)}`,
    '',
  ];
  return assertAscii(lines.join('\r\n'), 'generatePolicyPowerShell');
}

// Group Policy Preferences registry items: class ids as generateGpp.ts uses them; images 7 (update of a string) and
// 17 (update of a DWORD or binary value), as GPMC shows them.
const REGISTRY_SETTINGS_CLSID = '{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}';
const REGISTRY_ITEM_CLSID = '{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}';

function uidFor(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\0')).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

/**
 * A Group Policy Preferences Registry.xml with one Update item per policy value (HKEY_LOCAL_MACHINE, REG_SZ /
 * REG_DWORD). Deterministic: uids are hashes of key and name, and there is no `changed` time stamp.
 */
export function generatePolicyGpp(settings: PolicySettings): string {
  const items = policyValues(settings).map((v) => {
    const key = v.key.replace(/^HKEY_LOCAL_MACHINE\\/, '');
    const data = Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);
    const isString = v.type === REG_SZ;
    const value = isString ? data.toString('utf16le').replace(/\0+$/, '') : data.readUInt32LE(0).toString(16).padStart(8, '0').toUpperCase();
    return [
      `\t<Registry clsid="${REGISTRY_ITEM_CLSID}" name="${xmlEscape(v.name)}" status="${xmlEscape(v.name)}" image="${isString ? '7' : '17'}" uid="${uidFor(key, v.name)}" desc="${xmlEscape(`Defender for Endpoint static proxy policy: ${v.name}`)}" bypassErrors="1">`,
      `\t\t<Properties action="U" displayDecimal="${isString ? '0' : '1'}" default="0" hive="HKEY_LOCAL_MACHINE" key="${xmlEscape(key)}" name="${xmlEscape(v.name)}" type="${isString ? 'REG_SZ' : 'REG_DWORD'}" value="${xmlEscape(value)}"/>`,
      '\t</Registry>',
    ].join('\r\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!--',
    '  Group Policy Preferences registry items generated by atp-proxy: the Defender for Endpoint static proxy policy',
    '  that Defender for Identity sensor v3 uses (TelemetryProxyServer, DisableEnterpriseAuthProxy' +
      (settings.preferStaticProxy ? ', PreferStaticProxyForHttpRequest' : '') +
      ').',
    `  Source: ${xmlEscape(SOURCE).replace(/--/g, '- -')}`,
    '  Deploy to every domain controller: create a GPO linked to the Domain Controllers OU, edit it at Computer',
    '  Configuration > Preferences > Windows Settings > Registry and paste the <Registry> elements below; then run',
    '  gpupdate /force on a domain controller and check the values. (The same values can be set with the',
    '  administrative template: Windows Components > Data Collection and Preview Builds > Configure Authenticated',
    '  Proxy usage / Configure connected user experiences and telemetry.)',
    '-->',
    `<RegistrySettings clsid="${REGISTRY_SETTINGS_CLSID}">`,
    ...items,
    '</RegistrySettings>',
    '',
  ].join('\r\n');
}
