// Use case "encode": a manifest's proxy as a deployment artefact. `atp-proxy encode` prints it; VS Code's
// Generate Deployment Script opens it in an editor. One switch, one header wording, for both.
import { WININET_AFTER } from '../wininet/accounts';
import { encodeConnectionSettings } from '../wininet/connectionSettings';
import { deploymentOf } from '../wininet/deployment';
import { encodeManifestText } from '../wininet/fromManifest';
import { generateGppRegistryXml } from '../wininet/generateGpp';
import { generatePowerShell } from '../wininet/generatePowerShell';
import { generateRegFile } from '../wininet/generateReg';
import { toHex } from '../wininet/hex';
import type { ManifestSettings, ProxyMethod } from '../manifest/model';
import { parseManifest, settingsOf } from '../manifest/parse';
import type { Finding } from '../rules/finding';
import { generateSensorPowerShell } from '../sensorDeploy/generatePs1';
import { generateModuleLines } from '../sensorDeploy/generateModule';
import { generateSetupCmd } from '../sensorDeploy/generateSetupCmd';
import { sensorTargetOf } from '../sensorDeploy/target';
import { generateAnsiblePlaybook } from '../deploy/generateAnsible';
import { generateAnsibleSensorPlaybook } from '../deploy/generateAnsibleSensor';
import { generateDscConfiguration } from '../deploy/generateDsc';
import { registryValueOfMachineValue, wininetRegistryValues } from '../deploy/registryValue';
import { machineMethodArtefact, machineMethodValues } from './machineMethod';
import { blockingFindings, forcedNote, refusal } from './deployable';
import { deploymentMethod } from './deploymentMethod';

/** The artefact formats, as `atp-proxy encode --format` names them. */
export const SCRIPT_FORMATS = ['hex', 'reg', 'ps1', 'gpp', 'cmd', 'module', 'ansible', 'dsc'] as const;
export type ScriptFormat = (typeof SCRIPT_FORMATS)[number];

/** What one method's generator gets: the manifest's text and settings, and the file name headers cite. */
interface GenerateInput {
  text: string;
  manifest: ManifestSettings;
  format: ScriptFormat;
  manifestName: string;
}

type Generated = { ok: true; content: string; notes: string[] } | { ok: false; reason: string };

/**
 * The formats each method has a use for (SPEC section 7), in the order offered, and its generator; a method whose
 * generator is not there yet answers "not yet supported". Adding one is one line.
 */
const METHOD_ARTEFACTS: Record<ProxyMethod, { formats: readonly ScriptFormat[]; generate?: (input: GenerateInput) => Generated }> = {
  wininet: { formats: ['hex', 'reg', 'ps1', 'gpp', 'ansible', 'dsc'], generate: generateWininet },
  sensor: { formats: ['ps1', 'cmd', 'module', 'ansible'], generate: generateSensor },
  policy: { formats: ['reg', 'ps1', 'gpp', 'ansible', 'dsc'], generate: generateMachineMethod },
  winhttp: { formats: ['reg', 'ps1', 'ansible', 'dsc'], generate: generateMachineMethod },
};

/**
 * The formats that fit a manifest's method, in the order to offer them (the first is the default); empty when the
 * method's generator is not there yet.
 */
export function formatsForManifest(text: string): { method?: ProxyMethod; formats: readonly ScriptFormat[] } {
  const method = deploymentMethod(settingsOf(parseManifest(text).manifest));
  // No method (ATP144): refused unless forced, and a forced one gets today's WinINET artefacts.
  const artefacts = METHOD_ARTEFACTS[method ?? 'wininet'];
  return { method, formats: artefacts.generate ? artefacts.formats : [] };
}

/** Why no method can be chosen for a manifest (static/pac without `proxy.method`). */
const NO_METHOD =
  'proxy.method is not set, so nothing tells the sensor about the proxy (ATP144): set it to sensor (v2 sensors, preferred) or policy (v3), or add a registry section for the legacy WinINET method';

/** Why `format` does not fit the manifest's method (a usage error), or undefined when it does. */
function formatProblem(method: ProxyMethod, format: ScriptFormat): string | undefined {
  const artefacts = METHOD_ARTEFACTS[method];
  if (!artefacts.generate) return `generating artefacts for method ${method} (${artefacts.formats.join(', ')}) is not yet supported`;
  if (artefacts.formats.includes(format)) return undefined;
  return `--format ${format} does not fit method ${method}: its formats are ${artefacts.formats.join(', ')}`;
}

/**
 * A generated artefact, the editor language to show it in and notes for the user; or why the manifest cannot be
 * encoded, with the error findings that block it when that is the reason.
 */
export type DeploymentScript =
  { ok: true; content: string; language: string; notes: string[] } | { ok: false; reason: string; blocking?: Finding[]; usage?: boolean };

/** How the caller generates: `force` deploys a manifest with error findings (the header then says so). */
export interface ScriptOptions {
  force?: boolean;
  /** How the user overrides a refusal, for its message ("give --force", "choose Generate Anyway"). */
  override?: string;
}

/** Puts a line into the artefact's header comment (after the line a format needs first). */
function withHeaderNote(content: string, format: ScriptFormat, note: string): string {
  const newline = content.includes('\r\n') ? '\r\n' : '\n';
  const lines = content.split(newline);
  switch (format) {
    case 'gpp':
      lines.splice(1, 0, `<!-- ${note} -->`);
      break;
    case 'ps1':
      lines.splice(0, 0, `# ${note}`);
      break;
    case 'reg':
      lines.splice(1, 0, `; ${note}`);
      break;
    case 'cmd':
      lines.splice(1, 0, `REM ${note}`);
      break;
    case 'module':
    case 'ansible':
      lines.splice(1, 0, `# ${note}`);
      break;
    case 'dsc':
      lines.splice(0, 0, `# ${note}`);
      break;
    case 'hex':
      return content; // the value alone: the note goes to the user, not into the bytes
  }
  return lines.join(newline);
}

/** The header line of the offline artefacts (ASCII, no "--": safe in a .reg and an XML comment). */
const CARRIES_MANIFEST_PROXY =
  "This file carries the manifest's proxy, encoded from it (registry.source does not apply: nothing is copied from HKEY_CURRENT_USER).";

const LANGUAGES: Record<ScriptFormat, string> = {
  reg: 'ini',
  ps1: 'powershell',
  gpp: 'xml',
  hex: 'plaintext',
  cmd: 'bat',
  module: 'powershell',
  ansible: 'yaml',
  dsc: 'powershell',
};

/**
 * Generates the `format` artefact for a manifest's text (`undefined`: the first format of its method);
 * `manifestName` is the file name the headers cite. A format the method has no use for is refused with `usage`.
 */
export function generateDeploymentScript(text: string, format: ScriptFormat | undefined, manifestName: string, options: ScriptOptions = {}): DeploymentScript {
  const settings = settingsOf(parseManifest(text).manifest);
  // Forced past ATP144 (static/pac and no method): today's WinINET artefacts, as before methods existed.
  const method = deploymentMethod(settings) ?? (options.force ? 'wininet' : undefined);
  if (method) {
    const chosen = format ?? METHOD_ARTEFACTS[method].formats[0];
    const problem = formatProblem(method, chosen);
    if (problem) return { ok: false, reason: problem, usage: true };
    format = chosen;
  }
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal(manifestName, blocking, options.override ?? 'force it'), blocking };
  // Refused as an error finding is (the rules' ATP144 says so first where they have it).
  if (!method || !format)
    return { ok: false, reason: `${manifestName}: ${NO_METHOD}. Or ${options.override ?? 'force it'} to generate the WinINET artefacts.`, blocking: [] };
  const generate = METHOD_ARTEFACTS[method].generate;
  if (!generate) return { ok: false, reason: `method ${method} is not yet supported` };
  const generated = generate({ text, manifest: settings, format, manifestName });
  if (!generated.ok) return generated;
  const content = generated.content;
  if (blocking.length === 0) return { ok: true, content, language: LANGUAGES[format], notes: generated.notes };
  const note = forcedNote(blocking);
  return { ok: true, content: withHeaderNote(content, format, note), language: LANGUAGES[format], notes: [note, ...generated.notes] };
}

/** Methods `policy` and `winhttp`: their HKLM values as .reg, .ps1 or GPP XML, or for Ansible and DSC. */
function generateMachineMethod({ text, format, manifestName }: GenerateInput): Generated {
  if (format === 'ansible' || format === 'dsc') {
    const values = machineMethodValues(text);
    if (!values.ok) return values;
    const registryValues = values.values.map(registryValueOfMachineValue);
    const context = { manifestName, title: values.description, after: values.after };
    const content = format === 'ansible' ? generateAnsiblePlaybook(registryValues, context) : generateDscConfiguration(registryValues, context);
    return { ok: true, content: withHeaderNote(content, format, CARRIES_MANIFEST_PROXY), notes: values.notes };
  }
  // Error findings and a format of no use were decided above, as for every method.
  return machineMethodArtefact(text, format, manifestName);
}

/** Method `sensor`: the Deployer .ps1, the Setup.exe switches, or the module lines. */
function generateSensor({ manifest, format, manifestName }: GenerateInput): Generated {
  const target = sensorTargetOf(manifest);
  if (!target.ok) return target;
  const notes = target.target.url === undefined ? [`mode ${manifest.proxy.mode ?? ''}: the sensor's own configuration must hold no proxy; this clears it`] : [];
  switch (format) {
    case 'cmd': {
      const cmd = generateSetupCmd(target.target, manifestName);
      return cmd.ok ? { ok: true, content: cmd.content, notes } : cmd;
    }
    case 'module':
      return { ok: true, content: generateModuleLines(target.target, manifestName), notes };
    case 'ansible':
      return { ok: true, content: generateAnsibleSensorPlaybook(target.target, manifestName), notes };
    default:
      return { ok: true, content: generateSensorPowerShell(target.target, manifestName), notes };
  }
}

const WININET_TITLE = 'WinINET proxy of the sensor service accounts LocalSystem and LocalService';

/** Method `wininet` (and no method with mode direct/transparent/wpad): the registry value as hex, .reg, .ps1 or GPP XML. */
function generateWininet({ text, format, manifestName }: GenerateInput): Generated {
  const encoded = encodeManifestText(text);
  if (!encoded.ok) return { ok: false, reason: encoded.reason };
  const deployment = deploymentOf(encoded.manifest);
  const proxy = encoded.manifest.proxy;
  let content: string;
  switch (format) {
    case 'hex':
      content = `${toHex(encodeConnectionSettings(encoded.settings))}\n`;
      break;
    case 'reg':
      content = generateRegFile(encoded.settings, deployment, [
        `Generated by ATP Sensor Proxy from ${manifestName}: WinINET proxy for the sensor service accounts.`,
        ...encoded.notes,
      ]);
      break;
    case 'ps1':
      content = generatePowerShell(encoded.settings, deployment, { manifestName, mode: proxy.mode ?? '', proxyServer: proxy.server, pacUrl: proxy.pacUrl });
      break;
    case 'gpp':
      content = generateGppRegistryXml(encoded.settings, deployment);
      break;
    case 'ansible':
      content = generateAnsiblePlaybook(wininetRegistryValues(encoded.settings, deployment), { manifestName, title: WININET_TITLE, after: WININET_AFTER });
      break;
    case 'dsc':
      content = generateDscConfiguration(wininetRegistryValues(encoded.settings, deployment), { manifestName, title: WININET_TITLE, after: WININET_AFTER });
      break;
    default:
      return { ok: false, reason: `--format ${format} does not fit method wininet` };
  }
  // Offline artefacts encode the manifest whatever registry.source says: say so, so nobody mistakes them for a copy of HKCU.
  if (format !== 'hex' && format !== 'ps1') content = withHeaderNote(content, format, CARRIES_MANIFEST_PROXY);
  return { ok: true, content, notes: encoded.notes };
}
