#!/usr/bin/env node
// `npm test`: install what is missing, build, lint, then every test layer from the bottom up.
// Stops at the first failure. Ends with one summary line and the mocha counts of all layers.
//   --skip a,b   skip steps by name (e.g. --skip setup,test:e2e while iterating)
//   --only a,b   run only these steps
// Each step has a time limit (minutes, ATP_STEP_TIMEOUT_MIN overrides them all): a hung step is
// killed with its process group and reported, instead of eating CI's whole budget.
import { spawn } from 'node:child_process';
import { root } from './setup.mjs';

const STEPS = [
  ['setup', 'node', ['scripts/setup.mjs'], 45],
  ['build', 'npm', ['run', 'build'], 15],
  ['compile-tests', 'npm', ['run', 'compile-tests'], 10],
  ['lint', 'npm', ['run', 'lint'], 10],
  // --ignore-scripts: skip pre-scripts (compile-tests already ran).
  ['test:unit', 'npm', ['run', '--ignore-scripts', 'test:unit'], 10],
  ['test:lsp', 'npm', ['run', '--ignore-scripts', 'test:lsp'], 10],
  ['test:integration', 'npm', ['run', '--ignore-scripts', 'test:integration'], 20],
  ['test:host', 'npm', ['run', '--ignore-scripts', 'test:host'], 20],
  ['test:e2e', 'npm', ['run', '--ignore-scripts', 'test:e2e'], 20],
];

function listArg(name) {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : new Set((process.argv[i + 1] ?? '').split(',').filter(Boolean));
}

let current; // the running step's child, for Ctrl-C

/** Runs one step in its own process group, echoing its output and counting mocha's "N passing / N failing / N pending" lines. */
function runStep(cmd, args, minutes) {
  return new Promise((resolve) => {
    const counts = { passed: 0, failed: 0, pending: 0 };
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    let timedOut = false;
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n[test] ${args.at(-1)} did not finish within ${minutes} min: killing it`);
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 10_000).unref();
    }, minutes * 60_000);
    let carry = '';
    const scan = (chunk) => {
      const text = carry + chunk.toString('utf8');
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes mocha writes
        const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (m) counts[{ passing: 'passed', failing: 'failed', pending: 'pending' }[m[2]]] += Number(m[1]);
      }
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      scan(d);
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      scan(d);
    });
    child.on('error', (e) => {
      console.error(`could not start ${cmd}: ${e.message}`);
      clearTimeout(timer);
      resolve({ code: 127, counts, timedOut });
    });
    // 'exit', not 'close': a daemon a test left behind may hold the pipes open forever.
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      setImmediate(() => {
        scan('\n');
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), counts, timedOut });
      });
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (current)
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    process.exit(130);
  });
}

async function main() {
  const skip = listArg('--skip') ?? new Set();
  const only = listArg('--only');
  const started = Date.now();
  const results = [];
  const total = { passed: 0, failed: 0, pending: 0 };
  let failedStep;
  const override = Number(process.env.ATP_STEP_TIMEOUT_MIN);
  for (const [name, cmd, args, limit] of STEPS) {
    if (skip.has(name) || (only && !only.has(name))) {
      results.push({ name, status: 'skipped', secs: 0 });
      continue;
    }
    console.log(`\n===== ${name}: ${cmd} ${args.join(' ')}`);
    const t0 = Date.now();
    const { code, counts, timedOut } = await runStep(cmd, args, override > 0 ? override : limit);
    const secs = (Date.now() - t0) / 1000;
    for (const k of Object.keys(total)) total[k] += counts[k];
    const tests = counts.passed + counts.failed ? ` (${counts.passed} passed, ${counts.failed} failed)` : '';
    const status = code === 0 ? 'ok' : timedOut ? 'TIMED OUT' : `FAILED (exit ${code})`;
    results.push({ name, status, secs, tests });
    if (code !== 0) {
      failedStep = name;
      break;
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  console.log('\n===== summary');
  for (const r of results) console.log(`  ${r.name.padEnd(17)} ${r.status.padEnd(18)} ${r.secs ? `${r.secs.toFixed(1)} s` : ''}${r.tests ?? ''}`);
  const ran = STEPS.filter(([n]) => results.some((r) => r.name === n && r.status !== 'skipped')).length;
  if (failedStep) console.log(`npm test: FAIL at ${failedStep} after ${secs} s; the steps after it did not run`);
  else console.log(`npm test: PASS, ${ran} step(s) in ${secs} s`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  return failedStep ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
});
