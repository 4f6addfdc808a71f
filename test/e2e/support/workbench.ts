// Drives code-server's workbench in headless Debian Chromium (playwright-core). The runner
// (scripts/run-e2e.mjs) starts code-server and passes where it is through the environment.
import * as path from 'path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** The runner's environment, or an error that says how to run these tests. */
export function e2eEnv(): { url: string; workspace: string; profile: string; screenshots: string; machineSettings: string } {
  const {
    ATP_E2E_URL: url,
    ATP_E2E_WORKSPACE: workspace,
    ATP_E2E_PROFILE: profile,
    ATP_E2E_SCREENSHOTS: screenshots,
    ATP_E2E_MACHINE_SETTINGS: machineSettings,
  } = process.env;
  if (!url || !workspace || !profile || !screenshots || !machineSettings)
    throw new Error('run the e2e tests through `npm run test:e2e` (scripts/run-e2e.mjs starts code-server)');
  return { url, workspace, profile, screenshots, machineSettings };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.ATP_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 860 },
  });
}

/** A thin page object for the parts of the workbench the tests touch. */
export class Workbench {
  constructor(
    readonly page: Page,
    private readonly screenshots: string,
  ) {}

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}/?${new URLSearchParams({ folder }).toString()}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Runs a command through the palette (F1), by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  }

  problemRows(text: string): Locator {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: text });
  }

  languageStatus(): Locator {
    return this.page.locator('#status\\.editor\\.mode');
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.screenshots, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
