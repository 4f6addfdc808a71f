// The host suite's entry point, in the shape @vscode/test-electron's `extensionTestsPath` expects
// (`run(): Promise<void>`); the code-server runner loads the same file through the workbench.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { format } from 'util';

// One finished line per call, marked: code-server's log bridge would pass mocha's format string
// and its arguments apart, and the runner prints only the marked lines.
Mocha.reporters.Base.consoleLog = (...args: unknown[]): void => console.log(`[mocha] ${format(...args)}`);

/** Runs every `*.test.js` beside this file in the extension host; rejects when a test fails. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}
