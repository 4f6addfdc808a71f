// Use case "preflight": a manifest's domain-controller script (SPEC section 8). `atp-proxy preflight` prints or
// writes it; VS Code's Generate Preflight Script opens it. Refused, like encode, for a manifest with error findings.
import { parseManifest, settingsOf } from '../manifest/parse';
import { generatePreflightScript } from '../preflight/generatePreflight';
import { preflightData } from '../preflight/preflightData';
import type { Finding } from '../rules/finding';
import { blockingFindings, forcedNote, refusal } from './deployable';

/** The script, or why there is none (with the error findings that block it when that is the reason). */
export type PreflightScript = { ok: true; content: string; notes: string[] } | { ok: false; reason: string; blocking?: Finding[] };

/** How the caller generates: `force` accepts a manifest with error findings (the script's first line then says so). */
export interface PreflightOptions {
  force?: boolean;
  /** How the user overrides a refusal, for its message ("give --force", "choose Generate Anyway"). */
  override?: string;
}

/** The preflight script of a manifest's text; `manifestName` is the file name the script reports in its document. */
export function preflightScript(text: string, manifestName: string, options: PreflightOptions = {}): PreflightScript {
  const blocking = blockingFindings(text);
  if (blocking.length > 0 && !options.force) return { ok: false, reason: refusal(manifestName, blocking, options.override ?? 'force it'), blocking };
  const data = preflightData(text, settingsOf(parseManifest(text).manifest), manifestName);
  if ('problem' in data) return { ok: false, reason: `${manifestName}: ${data.problem}` };
  const forced = blocking.length > 0 ? forcedNote(blocking) : undefined;
  return { ok: true, content: generatePreflightScript(data, forced), notes: forced ? [forced] : [] };
}
