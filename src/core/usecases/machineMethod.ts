// Use cases for the v3 methods (policy, winhttp): the manifest's HKLM values as an artefact (`encode`) and applied
// through the registry backend with backup, read-back and rollback (`apply`). Self-contained so that `encode` and
// `apply` only need to call these when the manifest's method is policy or winhttp.
import type { RegistryBackend } from '../apply/backend';
import { buildMachinePlanSafely } from '../apply/machinePlan';
import type { MachineValue } from '../apply/machineValue';
import { parseManifest, settingsOf } from '../manifest/parse';
import { generatePolicyGpp, generatePolicyPowerShell, generatePolicyReg, POLICY_AFTER } from '../policy/generatePolicy';
import { policySettingsOf, policyValues } from '../policy/policySettings';
import { generateWinHttpPowerShell, generateWinHttpReg, WINHTTP_AFTER } from '../winhttp/generateWinHttp';
import { winHttpSettingsOf, winHttpValue } from '../winhttp/winHttpFromManifest';
import type { ApplyOptions, PreparedApply } from './apply';
import { blockingFindings, forcedNote, refusal } from './deployable';
import type { DeploymentScript, ScriptOptions } from './deploymentScript';

/** The methods whose values live in HKLM. */
type MachineMethod = 'policy' | 'winhttp';

/** The formats each method generates (SPEC section 7); any other is a usage error naming these. */
const MACHINE_METHOD_FORMATS: Record<MachineMethod, readonly string[]> = { policy: ['reg', 'ps1', 'gpp'], winhttp: ['reg', 'ps1'] };

type Resolved =
  | { ok: true; method: 'policy'; settings: ReturnType<typeof policySettingsOf> & { ok: true } }
  | { ok: true; method: 'winhttp'; settings: ReturnType<typeof winHttpSettingsOf> & { ok: true } }
  | { ok: false; reason: string };

function resolve(text: string): Resolved {
  const { manifest, syntaxErrors } = parseManifest(text);
  if (syntaxErrors.length > 0) return { ok: false, reason: `${syntaxErrors[0].message} Fix the syntax first (atp-proxy validate shows every problem).` };
  const settings = settingsOf(manifest);
  if (settings.proxy.method === 'policy') {
    const s = policySettingsOf(settings);
    return s.ok ? { ok: true, method: 'policy', settings: s } : s;
  }
  if (settings.proxy.method === 'winhttp') {
    const s = winHttpSettingsOf(settings);
    return s.ok ? { ok: true, method: 'winhttp', settings: s } : s;
  }
  return { ok: false, reason: `proxy.method is ${settings.proxy.method ?? 'not set'}: policy or winhttp expected` };
}

/** The HKLM values a manifest's method writes, what they are, what makes them take effect, and notes; or why there are none. */
export function machineMethodValues(
  text: string,
): { ok: true; values: MachineValue[]; description: string; after: string; notes: string[] } | { ok: false; reason: string } {
  const r = resolve(text);
  if (!r.ok) return r;
  if (r.method === 'policy')
    return {
      ok: true,
      values: policyValues(r.settings.settings),
      description: 'Defender for Endpoint static proxy policy (method policy)',
      after: POLICY_AFTER,
      notes: r.settings.notes,
    };
  return {
    ok: true,
    values: [winHttpValue(r.settings.settings)],
    description: 'WinHTTP proxy, WinHttpSettings as netsh writes it (method winhttp)',
    after: WINHTTP_AFTER,
    notes: r.settings.notes,
  };
}

const LANGUAGES: Record<string, string> = { reg: 'ini', ps1: 'powershell', gpp: 'xml' };

/**
 * The reg, ps1 or gpp artefact of a policy or winhttp manifest, without the refusal of error findings (the caller
 * decides that): what `encode` and generateMachineMethodScript both generate.
 */
export function machineMethodArtefact(
  text: string,
  format: string,
  manifestName: string,
): { ok: true; content: string; notes: string[] } | { ok: false; reason: string } {
  const r = resolve(text);
  if (!r.ok) return r;
  const formats = MACHINE_METHOD_FORMATS[r.method];
  if (!formats.includes(format)) return { ok: false, reason: `method ${r.method} has no use for --format ${format}: use ${formats.join(', ')}` };
  let content: string;
  if (r.method === 'policy') {
    const s = r.settings.settings;
    content = format === 'reg' ? generatePolicyReg(s, manifestName) : format === 'ps1' ? generatePolicyPowerShell(s, manifestName) : generatePolicyGpp(s);
  } else {
    const s = r.settings.settings;
    content = format === 'reg' ? generateWinHttpReg(s, manifestName) : generateWinHttpPowerShell(s, manifestName);
  }
  return { ok: true, content, notes: r.settings.notes };
}

/** `encode --format reg|ps1|gpp` for methods policy and winhttp (refused with error findings unless forced). */
export function generateMachineMethodScript(text: string, format: string, manifestName: string, options: ScriptOptions = {}): DeploymentScript {
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal(manifestName, blocking, options.override ?? 'force it'), blocking };
  const artefact = machineMethodArtefact(text, format, manifestName);
  if (!artefact.ok) return artefact;
  const notes = blocking.length > 0 ? [forcedNote(blocking), ...artefact.notes] : artefact.notes;
  return { ok: true, content: artefact.content, language: LANGUAGES[format], notes };
}

/** Plans `apply` for methods policy and winhttp: reads the registry through `backend`, changes nothing. */
export async function planMachineApply(text: string, backend: RegistryBackend, options: ApplyOptions): Promise<PreparedApply> {
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal('the manifest', blocking, options.override ?? 'force it'), blocking };
  const values = machineMethodValues(text);
  if (!values.ok) return values;
  const plan = await buildMachinePlanSafely(backend, {
    values: values.values,
    description: values.description,
    notes: values.notes,
    backupDir: options.backupDir,
    now: options.now,
    fileExists: (file) => options.files.exists(file),
  });
  if (blocking.length > 0) plan.notes.unshift(forcedNote(blocking));
  return { ok: true, plan };
}
