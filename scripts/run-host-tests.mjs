#!/usr/bin/env node
// Runs the host suite (out/test/host/suite/index.js) inside a real VS Code extension host.
//   ATP_TEST_HOST=code-server (default): code-server's workbench in headless Chromium, the suite
//     passed through the workbench payload (extensionDevelopmentPath + extensionTestsPath).
//   ATP_TEST_HOST=electron: @vscode/test-electron's runTests (needs a downloadable VS Code).
// Other env: ATP_TEST_PORT (default: a free port), ATP_HOST_TIMEOUT_MS (default 300000),
// ATP_KEEP_SCRATCH=1 keeps the scratch folder.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer, ensureNode24, root } from './setup.mjs';
import { freePort, launchBrowser, makeScratch, onInterrupt, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

const extensionTestsPath = path.join(root, 'out', 'test', 'host', 'suite', 'index.js');
const fixtureWorkspace = path.join(root, 'test', 'host', 'workspace');
const logDir = path.join(root, 'test-results', 'logs');

function say(message) {
  console.log(`[host] ${message}`);
}

function checkBuilt() {
  for (const [file, how] of [
    [path.join(root, 'dist', 'extension.js'), 'npm run build'],
    [path.join(root, 'dist', 'server.js'), 'npm run build'],
    [extensionTestsPath, 'npm run compile-tests'],
  ]) {
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`${how}\` first`);
  }
}

async function runElectron(scratch) {
  const { runTests } = await import('@vscode/test-electron');
  say('running in VS Code desktop through @vscode/test-electron');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath,
      version: process.env.ATP_VSCODE_VERSION,
      launchArgs: [scratch.workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${scratch.userData}`],
    });
    return 0;
  } catch (e) {
    console.error(`[host] ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function runCodeServer(scratch) {
  ensureNode24();
  ensureCodeServer();
  mkdirSync(logDir, { recursive: true });
  const port = await freePort(process.env.ATP_TEST_PORT);
  const logFile = path.join(logDir, 'host-code-server.log');
  const hostLog = [];
  let server;
  let context;
  const cleanup = async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
  };
  onInterrupt(cleanup);
  try {
    say(`starting code-server on 127.0.0.1:${port} (log: ${path.relative(root, logFile)})`);
    server = await startCodeServer({
      scratch,
      port,
      logFile,
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver', '--disable-workspace-trust'],
    });
    context = await launchBrowser(scratch.profile);
    const page = context.pages()[0] ?? (await context.newPage());
    let resolveExit;
    const exit = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    // The workbench's log, the extension host's console included: mocha's lines (marked by the
    // suite's index) are printed, everything goes to the log file.
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      hostLog.push(`[${level}] ${text}`);
      if (text.startsWith('[mocha] ')) console.log(text.slice('[mocha] '.length));
    });
    page.on('console', (msg) => hostLog.push(`[page ${msg.type()}] ${msg.text()}`));
    const url = workbenchUrl({
      url: server.url,
      port,
      folder: scratch.workspace,
      payload: { extensionDevelopmentPath: root, extensionTestsPath, skipWelcome: 'true' },
    });
    say(`opening the workbench with the test payload`);
    await page.goto(url);
    const timeoutMs = Number(process.env.ATP_HOST_TIMEOUT_MS ?? 300_000);
    let timer;
    let settled = false;
    const code = await Promise.race([
      exit,
      server.exited.then((e) => {
        if (!settled) console.error(`[host] code-server exited before the suite finished (${e.code ?? e.signal})`);
        return 1;
      }),
      new Promise((resolve) => {
        timer = setTimeout(() => {
          console.error(`[host] no result after ${timeoutMs} ms`);
          resolve(1);
        }, timeoutMs);
      }),
    ]);
    settled = true;
    clearTimeout(timer);
    if (code !== 0) await page.screenshot({ path: path.join(root, 'test-results', 'host-failure.png') }).catch(() => undefined);
    return code;
  } finally {
    writeFileSync(path.join(logDir, 'host-extension-host.log'), hostLog.join('\n') + '\n');
    await cleanup();
  }
}

async function main() {
  const started = Date.now();
  checkBuilt();
  const mode = process.env.ATP_TEST_HOST ?? 'code-server';
  if (mode !== 'code-server' && mode !== 'electron') throw new Error(`ATP_TEST_HOST must be code-server or electron, not "${mode}"`);
  const scratch = makeScratch('host');
  cpSync(fixtureWorkspace, scratch.workspace, { recursive: true });
  let code;
  try {
    code = mode === 'electron' ? await runElectron(scratch) : await runCodeServer(scratch);
  } finally {
    if (process.env.ATP_KEEP_SCRATCH === '1') say(`scratch kept: ${scratch.dir}`);
    else scratch.remove();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  say(`${code === 0 ? 'PASS' : 'FAIL'}: host suite in ${mode} (${secs} s)${code === 0 ? '' : `; logs in ${path.relative(root, logDir)}/`}`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`[host] FAIL: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
