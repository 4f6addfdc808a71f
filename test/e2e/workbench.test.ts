// The packaged extension in a real workbench, the way a user meets it: open examples/, open a
// manifest, see its problem in the Problems panel, open the ATP Sensor Proxy view.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';
import { e2eEnv, launch, Workbench } from './support/workbench';

const ROOT = path.resolve(__dirname, '../../..');
const MANIFEST = 'contoso-review.atpproxy.jsonc';

/** The codes the CLI (the same core as the server) reports for a file: what the Problems panel must show. */
function expectedCodes(file: string): string[] {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'atp-proxy.js'), 'validate', '--format', 'json', file], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { findings: { code: string }[] }[];
  return [...new Set(report.flatMap((f) => f.findings.map((x) => x.code)))];
}

describe('workbench end to end (packaged .vsix in code-server)', () => {
  const env = e2eEnv();
  let context: BrowserContext;
  let wb: Workbench;

  before(async () => {
    context = await launch(env.profile);
    wb = new Workbench(context.pages()[0] ?? (await context.newPage()), env.screenshots);
    await wb.open(env.url, env.workspace);
  });

  after(async () => {
    await context?.close();
  });

  it('opens a manifest from examples/ in the manifest language', async () => {
    await wb.explorerRow(MANIFEST).click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: MANIFEST }).waitFor();
    await wb.languageStatus().filter({ hasText: 'ATP Proxy Manifest' }).waitFor({ timeout: 30_000 });
  });

  it('shows the manifest’s problems in the Problems panel', async () => {
    const codes = expectedCodes(path.join(env.workspace, MANIFEST));
    assert.ok(codes.length > 0, `${MANIFEST} has no findings: the e2e test needs an example with a problem`);
    await wb.runCommand('View: Focus Problems');
    for (const code of codes) await wb.problemRows(code).first().waitFor({ timeout: 60_000 });
    // A squiggle in the editor too.
    await wb.page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').first().waitFor();
    await wb.screenshot('problems');
  });

  it('opens the ATP Sensor Proxy view listing the workspace manifests', async () => {
    await wb.page
      .locator('.activitybar .action-item a[aria-label^="ATP Sensor Proxy"], .activitybar .action-item[aria-label^="ATP Sensor Proxy"]')
      .first()
      .click();
    const view = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: /Manifests/i }) });
    await view.locator('.monaco-list-row', { hasText: MANIFEST }).waitFor({ timeout: 30_000 });
    const rows = await view.locator('.monaco-list-row').count();
    assert.ok(rows >= 2, `the view shows ${rows} manifest(s)`);
    await wb.screenshot('manifests-view');
  });

  it('runs ATP Proxy: Show Output from the palette', async () => {
    await wb.runCommand('ATP Proxy: Show Output');
    await wb.page.locator('.panel .monaco-editor', { hasText: 'activated in' }).first().waitFor({ timeout: 30_000 });
  });
});
