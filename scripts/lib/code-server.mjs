// Start and stop code-server (VS Code's server + web workbench) and headless Chromium for the
// host tests, the end-to-end tests and `npm start`. Everything listens on 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { node24Env, paths, root } from '../setup.mjs';

/** A free TCP port on 127.0.0.1 (or ATP_TEST_PORT / the given one). */
export async function freePort(preferred) {
  if (preferred) return Number(preferred);
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A scratch folder with the config, data, temp, user-data and extensions dirs code-server writes to. */
export function makeScratch(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `atp-${prefix}-`));
  const sub = (name) => {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const scratch = {
    dir,
    config: sub('config'),
    data: sub('data'),
    tmp: sub('tmp'),
    userData: sub('user-data'),
    extensions: sub('extensions'),
    profile: sub('chromium'),
    workspace: path.join(dir, 'workspace'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  writeUserSettings(scratch.userData);
  return scratch;
}

/** Quiet, offline-friendly user settings (no chat side bar, no welcome page, no update checks). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

/** Writes the user settings of a scratch (or persistent) user-data dir. */
export function writeUserSettings(userDataDir, settings = QUIET_SETTINGS) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

function codeServerEnv(scratch) {
  const env = node24Env();
  // Keep code-server's config, logs and sockets out of the user's home and /tmp.
  return { ...env, XDG_CONFIG_HOME: scratch.config, XDG_DATA_HOME: scratch.data, TMPDIR: scratch.tmp };
}

function requireCodeServer() {
  if (!existsSync(paths.codeServerEntry)) {
    throw new Error(`code-server is not installed at ${paths.codeServerEntry}: run \`npm run setup\` first`);
  }
}

/** Installs a .vsix into the scratch extensions dir with `code-server --install-extension`. */
export function installExtension(scratch, vsix) {
  requireCodeServer();
  const r = spawnSync(
    paths.node24Bin,
    [paths.codeServerEntry, '--user-data-dir', scratch.userData, '--extensions-dir', scratch.extensions, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: codeServerEnv(scratch) },
  );
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Starts code-server in its own process group (detached = setsid) on 127.0.0.1:port and waits
 * for /healthz. `stop()` ends the whole group.
 */
export async function startCodeServer({ scratch, port, extraArgs = [], logFile, timeoutMs = 60_000 }) {
  requireCodeServer();
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const args = [
    paths.codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    scratch.userData,
    '--extensions-dir',
    scratch.extensions,
    ...extraArgs,
  ];
  const child = spawn(paths.node24Bin, args, { cwd: root, env: codeServerEnv(scratch), detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const stop = async () => {
    if (exited) return;
    const group = -child.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exitPromise;
    clearTimeout(timer);
    // Children that outlived the leader (extension host, language server) go too.
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* group empty */
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it was healthy; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250)); // polling interval, not a test wait
  }
  return { url, port, pid: child.pid, stop, exited: exitPromise };
}

/** Chromium flags that keep it off the network (the machine has none) and quiet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless Debian Chromium with a fresh profile, through playwright-core. */
export async function launchBrowser(profileDir, viewport = { width: 1400, height: 900 }) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.ATP_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set ATP_CHROMIUM)`);
  return chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport });
}

/** The workbench URL for a folder, with an optional test payload (extensionDevelopmentPath, extensionTestsPath, ...). */
export function workbenchUrl({ url, port, folder, payload }) {
  const params = new URLSearchParams({ folder });
  if (payload) {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const entries = Object.entries(payload).map(([k, v]) => [k, k.endsWith('Path') ? remote(v) : v]);
    params.set('payload', JSON.stringify(entries));
  }
  return `${url}/?${params.toString()}`;
}

/** Kills every started resource on Ctrl-C / termination, then exits. */
export function onInterrupt(cleanup) {
  const handler = (signal) => {
    Promise.resolve(cleanup()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
