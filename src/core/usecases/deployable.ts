// Nothing is deployed from a manifest with errors: encode, apply, Generate Deployment Script (and preflight) refuse
// one unless the user forces it, and a forced artefact says so in its header.
import type { Finding } from '../rules/finding';
import { validate } from '../rules/validate';
import { LineIndex } from '../text/lineIndex';

/** The error findings of a manifest's text (what blocks a deployment), in text order. */
export function blockingFindings(text: string): Finding[] {
  return validate(text).filter((f) => f.severity === 'error');
}

/** Each blocking finding as `file:line:col: error CODE message`, one per line (the CLI's text report). */
export function findingLines(name: string, text: string, findings: readonly Finding[]): string[] {
  const index = new LineIndex(text);
  return findings.map((f) => {
    const at = index.positionAt(f.offset);
    return `${name}:${at.line + 1}:${at.character + 1}: ${f.severity} ${f.code} ${f.message}`;
  });
}

/** Why a manifest is not deployed, naming the way out (the CLI says --force, VS Code a button). */
export function refusal(name: string, findings: readonly Finding[], override: string): string {
  const codes = [...new Set(findings.map((f) => f.code))].join(', ');
  return `${name} has ${findings.length} error finding(s) (${codes}): nothing is deployed from it. Fix them (quick fixes, or atp-proxy fix), or ${override} to deploy it anyway.`;
}

/** The line a forced artefact carries in its header (ASCII, one line: safe in every comment syntax we write). */
export function forcedNote(findings: readonly Finding[]): string {
  const codes = [...new Set(findings.map((f) => f.code))].join(', ');
  return `FORCED: generated from a manifest with ${findings.length} error finding(s) (${codes}); review it before deploying.`;
}
