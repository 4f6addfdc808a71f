#!/usr/bin/env node
// End to end: package the .vsix, install it into a scratch code-server, open a copy of examples/
// and let the Playwright tests in out/test/e2e drive the workbench in headless Chromium.
// Screenshots go to test-results/screenshots/; ATP_UPDATE_SCREENSHOTS=1 also copies them to
// media/screenshots/ (the README's). Env: ATP_TEST_PORT, ATP_KEEP_SCRATCH=1.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer, ensureNode24, root } from './setup.mjs';
import { freePort, installExtension, makeScratch, onInterrupt, startCodeServer } from './lib/code-server.mjs';

const results = path.join(root, 'test-results');
const screenshots = path.join(results, 'screenshots');
const vsix = path.join(results, 'atp-sensor-proxy.vsix');

function say(message) {
  console.log(`[e2e] ${message}`);
}

function checkBuilt() {
  for (const [file, how] of [
    ['dist/extension.js', 'npm run build'],
    ['dist/server.js', 'npm run build'],
    ['out/test/e2e', 'npm run compile-tests'],
  ]) {
    if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: run \`${how}\` first`);
  }
}

function packageVsix() {
  mkdirSync(results, { recursive: true });
  say(`packaging ${path.relative(root, vsix)} with vsce`);
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
}

function runMocha(env) {
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, '--timeout', '180000', 'out/test/e2e/**/*.test.js'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const started = Date.now();
  checkBuilt();
  ensureNode24();
  ensureCodeServer();
  packageVsix();
  const scratch = makeScratch('e2e');
  let server;
  const cleanup = async () => {
    await server?.stop();
    if (process.env.ATP_KEEP_SCRATCH === '1') say(`scratch kept: ${scratch.dir}`);
    else scratch.remove();
  };
  onInterrupt(cleanup);
  let code;
  try {
    say(`installing the .vsix: ${installExtension(scratch, vsix).split('\n').pop()}`);
    const workspace = path.join(scratch.dir, 'examples');
    cpSync(path.join(root, 'examples'), workspace, { recursive: true });
    const port = await freePort(process.env.ATP_TEST_PORT);
    const logFile = path.join(results, 'logs', 'e2e-code-server.log');
    say(`starting code-server on 127.0.0.1:${port} (log: ${path.relative(root, logFile)})`);
    server = await startCodeServer({ scratch, port, logFile, extraArgs: ['--disable-workspace-trust'] });
    mkdirSync(screenshots, { recursive: true });
    code = await runMocha({
      ATP_E2E_URL: server.url,
      ATP_E2E_WORKSPACE: workspace,
      ATP_E2E_PROFILE: scratch.profile,
      ATP_E2E_SCREENSHOTS: screenshots,
      ATP_E2E_MACHINE_SETTINGS: path.join(scratch.userData, 'Machine', 'settings.json'),
    });
    if (code === 0 && process.env.ATP_UPDATE_SCREENSHOTS === '1') {
      const target = path.join(root, 'media', 'screenshots');
      mkdirSync(target, { recursive: true });
      // Failure captures (failed-*.png, left by an earlier failed run) are for debugging, never for the README.
      for (const f of readdirSync(screenshots).filter((n) => n.endsWith('.png') && !n.startsWith('failed-')))
        copyFileSync(path.join(screenshots, f), path.join(target, f));
      say(`screenshots copied to ${path.relative(root, target)}/`);
    }
  } finally {
    await cleanup();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  say(`${code === 0 ? 'PASS' : 'FAIL'}: workbench end to end with the packaged .vsix (${secs} s); screenshots in ${path.relative(root, screenshots)}/`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`[e2e] FAIL: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
