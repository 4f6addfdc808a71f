#!/usr/bin/env node
// `npm start`: install what is missing, build, package the .vsix, and open VS Code (code-server's
// workbench) on 127.0.0.1 with the extension installed and examples/ as the folder.
//   ATP_PORT or PORT   port (default 8080)        --no-build   reuse dist/ and the .vsix
// Ctrl-C stops code-server (its whole process group).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_VERSION, ensureCodeServer, ensureDebian, ensureNode24, paths, root } from './setup.mjs';
import { installExtension, onInterrupt, startCodeServer, writeUserSettings } from './lib/code-server.mjs';

const vsix = path.join(root, 'atp-sensor-proxy.vsix');
const examples = path.join(root, 'examples');

function say(message) {
  console.log(`[start] ${message}`);
}

function run(cmd, args) {
  say(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message})`);
}

/** A persistent profile under .cache/start, so settings and open editors survive restarts. */
function startDirs() {
  const dir = path.join(paths.cache, 'start');
  const sub = (name) => {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const dirs = { dir, config: sub('config'), data: sub('data'), tmp: sub('tmp'), userData: sub('user-data'), extensions: sub('extensions') };
  if (!existsSync(path.join(dirs.userData, 'User', 'settings.json'))) writeUserSettings(dirs.userData);
  return dirs;
}

async function main() {
  ensureDebian(['libkrb5-dev', 'build-essential', 'pkg-config', 'python3']);
  ensureNode24();
  ensureCodeServer();
  if (!process.argv.includes('--no-build') || !existsSync(vsix)) {
    run('npm', ['run', 'build']);
    run(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix]);
  }
  const dirs = startDirs();
  say(installExtension(dirs, vsix).split('\n').pop());
  const port = Number(process.env.ATP_PORT ?? process.env.PORT ?? 8080);
  const logFile = path.join(dirs.dir, 'code-server.log');
  const server = await startCodeServer({ scratch: dirs, port, logFile, extraArgs: ['--disable-workspace-trust'] });
  onInterrupt(() => server.stop());
  const url = `${server.url}/?folder=${encodeURI(examples)}`;
  console.log(`
  VS Code (code-server ${CODE_SERVER_VERSION}) is running with ATP Sensor Proxy installed:

      ${url}

  Open a manifest (contoso-review.atpproxy.jsonc has a problem to fix) and the
  "ATP Sensor Proxy" view in the activity bar. Log: ${path.relative(root, logFile)}. Ctrl-C stops it.

  Desktop VS Code: code --install-extension ${path.relative(process.cwd(), vsix) || vsix}
`);
  const exit = await server.exited;
  say(`code-server exited (${exit.code ?? exit.signal})`);
  return exit.code === 0 || exit.signal === 'SIGTERM' ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`[start] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
