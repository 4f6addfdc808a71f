// Keeps the activation figures of host runs where `npm run bench` finds them (.cache/bench/activation.json,
// git-ignored): activate() can only be timed in a real extension host, which the benchmark does not start.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

/** One host run's figures, in milliseconds. */
export interface ActivationRecord {
  date: string;
  vscode: string;
  /** First 12 hex digits of the SHA-256 of dist/extension.js: figures of another build are not this one's. */
  bundle: string;
  /** The machine's 1-minute load average and core count: figures taken on a busy machine are inflated. */
  load: string;
  activationMs: number;
  moduleLoadMs: number;
  clientLoadMs: number;
}

const KEEP = 20;

/** Appends a run to .cache/bench/activation.json under the extension's folder (the repository in the host suite). */
export function recordActivation(extensionPath: string, figures: Pick<ActivationRecord, 'activationMs' | 'moduleLoadMs' | 'clientLoadMs'>): string {
  const file = path.join(extensionPath, '.cache', 'bench', 'activation.json');
  const bundle = createHash('sha256')
    .update(fs.readFileSync(path.join(extensionPath, 'dist', 'extension.js')))
    .digest('hex')
    .slice(0, 12);
  let runs: ActivationRecord[] = [];
  try {
    runs = (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: ActivationRecord[] }).runs;
  } catch {
    // first run, or a file from an older format: start again
  }
  const record: ActivationRecord = {
    date: new Date().toISOString(),
    vscode: `${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`,
    bundle,
    load: `${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`,
    ...figures,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runs: [...runs, record].slice(-KEEP) }, null, 2)}\n`);
  return file;
}
