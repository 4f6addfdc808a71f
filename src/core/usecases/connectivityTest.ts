// Use case "test connectivity": manifest text → test plan → run → one summary. `atp-proxy test` and VS Code's
// Test Connectivity share the plan problems, the CA check and the summary wording from here.
import { buildTestPlan, type TestPlan } from '../connectivity';
import { parseManifest, settingsOf } from '../manifest/parse';

export { runConnectivityTest } from '../connectivity';
export { reportSummary } from './connectivitySummary';

/** The test plan for a manifest's text; or why it cannot be tested (the adapter adds where to fix it). */
export type PreparedTest = { ok: true; plan: TestPlan } | { ok: false; reason: string; syntax: boolean };

/** Parses the manifest named `name` and plans the test of every endpoint it needs (`pacUrl` stands in for WPAD). */
export function planConnectivityTest(text: string, name: string, options: { pacUrl?: string } = {}): PreparedTest {
  const { manifest, syntaxErrors } = parseManifest(text);
  if (syntaxErrors.length > 0) return { ok: false, syntax: true, reason: `${name} is not valid JSONC (${syntaxErrors[0].message}): fix it first` };
  const plan = buildTestPlan(settingsOf(manifest), { pacUrl: options.pacUrl });
  if ('problem' in plan) return { ok: false, syntax: false, reason: `cannot test ${name}: ${plan.problem}` };
  return { ok: true, plan };
}
