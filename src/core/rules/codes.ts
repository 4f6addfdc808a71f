import type { Code, Severity } from './finding';
import { MAX_INSTANCE_LENGTH } from '../manifest/instanceName';

/** What each diagnostic code means: the table of SPEC section 3, for SARIF rule metadata, hover and docs. */
export interface CodeInfo {
  severity: Severity;
  title: string;
  help: string;
  /** The quick fix, when the code has one. */
  fix?: string;
}

export const CODES: Record<Code, CodeInfo> = {
  ATP100: { severity: 'error', title: 'Not valid JSONC', help: 'The file must be one JSON object; comments and trailing commas are allowed.' },
  ATP101: {
    severity: 'error',
    title: 'Schema violation',
    help: 'A member has the wrong type, a required member is missing, a value is not one of the allowed values, or "version" is not 1.',
    fix: 'Where unambiguous: set version 1, the closest allowed value, or the obvious conversion ("443" → 443).',
  },
  ATP102: {
    severity: 'warning',
    title: 'Unknown property',
    help: 'The property is not part of manifest version 1 and is ignored.',
    fix: 'Rename to the closest known property, or to the one it stands for ("location" → "region").',
  },
  ATP110: {
    severity: 'error',
    title: 'Regional endpoint missing from allow',
    help: 'Sensors of an instance in this service location connect to its legacy regional sensor endpoints on 443.',
    fix: 'Add it (or add all missing endpoints at once).',
  },
  ATP111: {
    severity: 'error',
    title: 'Instance sensor API endpoint missing from allow',
    help: '<instance>sensorapi.<cloud domain> is where every sensor sends its data.',
    fix: 'Add it.',
  },
  ATP112: {
    severity: 'info',
    title: 'Instance console endpoint missing from allow',
    help: '<instance>.atp.azure.com is the console of the instance; allowing it hardens the rule for this instance.',
    fix: 'Add it.',
  },
  ATP113: {
    severity: 'warning',
    title: 'Endpoint of another region allowed',
    help: 'An explicit regional endpoint of another service location opens the firewall needlessly.',
    fix: 'Remove it.',
  },
  ATP114: {
    severity: 'warning',
    title: 'Unknown name under the ATP domain',
    help: 'The name is not an endpoint of this instance, cloud or any region: likely a typo.',
    fix: 'Replace with the closest known name.',
  },
  ATP115: {
    severity: 'warning',
    title: 'Duplicate allow entry',
    help: 'The entry is listed earlier or already covered by a wildcard entry.',
    fix: 'Remove it.',
  },
  ATP116: {
    severity: 'warning',
    title: 'Certificate revocation endpoint missing',
    help: 'The sensor checks the service certificate against crl.microsoft.com, ctldl.windowsupdate.com and www.microsoft.com.',
    fix: 'Add it.',
  },
  ATP119: {
    severity: 'error',
    title: 'Allow entry is not a host name, wildcard or URL pattern',
    help: 'An allow entry is a host name (crl.microsoft.com), a wildcard for every name under a domain (*.atp.azure.com) or a URL pattern host/path* (www.microsoft.com/pkiops/*): no spaces, line breaks, quotes or ports. Exports leave other entries out.',
    fix: 'Remove it.',
  },
  ATP120: { severity: 'error', title: 'Port is not 443', help: 'The sensor reaches the ATP service on TCP 443 only.', fix: 'Set 443.' },
  ATP130: {
    severity: 'error',
    title: 'One-way SSL inspection',
    help: 'Sensor traffic uses mutual TLS: inspection must support mutual inspection, or (preferred) not inspect it at all.',
    fix: 'Set "none" (preferred) or "mutual".',
  },
  ATP131: {
    severity: 'warning',
    title: 'Sensor traffic is inspected',
    help: 'Current Defender for Identity guidance: sensor traffic must not be SSL-inspected at all.',
    fix: 'Set "none".',
  },
  ATP140: { severity: 'error', title: 'Registry target not allowed', help: 'Only LocalSystem and LocalService may be changed.', fix: 'Remove it.' },
  ATP141: {
    severity: 'error',
    title: 'Service account missing from targets',
    help: 'LocalService runs the sensor and LocalSystem the updater: both need the proxy.',
    fix: 'Add it.',
  },
  ATP142: { severity: 'warning', title: 'Backup disabled', help: 'Back up the registry keys before changing them.', fix: 'Set true.' },
  ATP143: {
    severity: 'error',
    title: 'Registry section missing',
    help: 'With a static or PAC proxy the service accounts must get WinINET settings, or they do not use the proxy.',
    fix: 'Add the section with both targets and backup.',
  },
  ATP150: {
    severity: 'info',
    title: 'Registry section not needed',
    help: 'With a transparent proxy or WPAD no WinINET configuration is needed.',
    fix: 'Remove the section.',
  },
  ATP151: { severity: 'error', title: 'Proxy server or PAC URL missing', help: 'Mode static needs "server"; mode pac needs "pacUrl".' },
  ATP152: {
    severity: 'error',
    title: 'Malformed proxy server or PAC URL',
    help: 'Write host:port (port 1–65535) or http=host:port;https=host:port; a PAC URL is an absolute http(s) URL.',
  },
  ATP153: {
    severity: 'error',
    title: 'Credentials in the proxy setting',
    help: 'The service accounts cannot answer a proxy login and the manifest is no place for secrets.',
    fix: 'Remove them.',
  },
  ATP154: { severity: 'warning', title: 'WinHTTP without WinINET', help: 'The sensor uses WinINET: WinHTTP settings alone do not configure it.' },
  ATP155: {
    severity: 'warning',
    title: 'Bypass entry matches a required endpoint',
    help: 'Sensor traffic to that endpoint would skip the proxy.',
    fix: 'Remove it.',
  },
  ATP160: {
    severity: 'error',
    title: 'Invalid instance name',
    help: `A DNS label: a–z, 0–9 and "-", no leading or trailing "-", at most ${MAX_INSTANCE_LENGTH} characters so that <instance>sensorapi fits in 63.`,
  },
  ATP161: {
    severity: 'error',
    title: 'Unknown region or cloud',
    help: 'region: us, europe or asia; cloud: commercial, gcc or gcc-high.',
    fix: 'The closest known value.',
  },
  ATP170: { severity: 'warning', title: 'Duplicate sensor name or invalid sensor host', help: 'Each sensor needs a unique name and a valid host name.' },
};
