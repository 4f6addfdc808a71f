// The real engines the playbook and DSC tests run: Debian's ansible-playbook (syntax check, Ansible's own YAML loader)
// and PowerShell 7 (the DSC configuration's parse and values, a win_powershell task's script with stand-ins).
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pwshPath } from './powershell';

const SUPPORT = path.resolve(__dirname, '../../../../test/integration/support');

const ansibleEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ANSIBLE_LOCAL_TEMP: '', HOME: process.env.HOME ?? os.tmpdir(), ANSIBLE_NOCOLOR: '1' });

/** `ansible-playbook --syntax-check FILE` must pass. */
export function syntaxCheck(file: string): void {
  const r = spawnSync('ansible-playbook', ['--syntax-check', file], { encoding: 'utf8', env: ansibleEnv(), cwd: path.dirname(file) });
  assert.strictEqual(r.status, 0, `ansible-playbook --syntax-check ${file}: ${r.stderr}${r.stdout}`);
}

/** `ansible-playbook --list-tasks` against localhost (templates play and task names). */
export function listTasks(file: string): { status: number | null; output: string } {
  const r = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', '--list-tasks', file], {
    encoding: 'utf8',
    env: ansibleEnv(),
    cwd: path.dirname(file),
  });
  return { status: r.status, output: r.stderr + r.stdout };
}

// The Python ansible-playbook runs on (Debian's), whose ansible package has the loader.
function ansiblePython(): string {
  const script = execFileSync('which', ['ansible-playbook'], { encoding: 'utf8' }).trim();
  return /^#!\s*(\S+)/.exec(fs.readFileSync(script, 'utf8'))?.[1] ?? 'python3';
}

/** The playbook as Ansible loads it, as JSON; a string Ansible never templates is `{ unsafe: "..." }`. */
export function loadPlaybook<T>(file: string): T[] {
  return JSON.parse(execFileSync(ansiblePython(), [path.join(SUPPORT, 'ansible-load.py'), file], { encoding: 'utf8' })) as T[];
}

export interface DscResource {
  Name: string;
  Node: string;
  Properties: Record<string, unknown>;
}

/** What PowerShell 7 makes of a DSC configuration file: the parser's errors on the file as it is, and its resources. */
export function dscConfiguration(file: string): { parseErrors: string[]; resources: DscResource[] } {
  const out = execFileSync(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', path.join(SUPPORT, 'dsc-resources.ps1'), '-Path', file], {
    encoding: 'utf8',
    env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1' },
  });
  const parsed = JSON.parse(out) as { parseErrors: string[] | null; resources: DscResource[] };
  return { parseErrors: parsed.parseErrors ?? [], resources: parsed.resources };
}

/**
 * The parse errors PowerShell 7 on Linux reports for an unmodified configuration without PS DSC for Linux (OMI):
 * on the Configuration keyword "Unable to find DSC schema store at /etc/opt/omi/conf/dsc/configuration", then the
 * '{' and '}' of its body, which the parser no longer expects. Any other error is the file's own.
 */
export function dscKeywordErrors(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const configuration = lines.findIndex((l) => /^Configuration \w+$/.test(l)) + 1;
  const close = lines.lastIndexOf('}') + 1;
  return [
    `${configuration}:15 ParserError System.IO.DirectoryNotFoundException: Unable to find DSC schema store at /etc/opt/omi/conf/dsc/configuration. Please ensure PS DSC for Linux is installed.`,
    `${configuration + 1}:1 UnexpectedToken Unexpected token '{' in expression or statement.`,
    `${close}:1 UnexpectedToken Unexpected token '}' in expression or statement.`,
  ];
}

export interface TaskResult {
  changed: boolean;
  failed: boolean;
  result: unknown;
  error: string | null;
}

/** Where run-ansible-powershell.ps1 finds its stand-ins. */
export interface StandIns {
  sensorFolder?: string;
  log?: string;
  /** A JSON registry store: { "HIVE\\KEY": { "Name": { type, data } } }. */
  registryFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a win_powershell task's script as the module does, with `parameters` (already templated), in PowerShell 7. */
export function runPowerShellTask(dir: string, script: string, parameters: Record<string, unknown>, standIns: StandIns): TaskResult {
  const scriptFile = path.join(dir, 'task.ps1');
  fs.writeFileSync(scriptFile, script);
  const parametersFile = path.join(dir, 'parameters.json');
  fs.writeFileSync(parametersFile, JSON.stringify(parameters));
  const args = [
    '-NoProfile',
    '-NonInteractive',
    '-File',
    path.join(SUPPORT, 'run-ansible-powershell.ps1'),
    '-TaskScript',
    scriptFile,
    '-ParametersFile',
    parametersFile,
  ];
  if (standIns.sensorFolder) args.push('-ImageFolder', standIns.sensorFolder);
  if (standIns.log) args.push('-Log', standIns.log);
  if (standIns.registryFile) args.push('-RegistryFile', standIns.registryFile);
  const out = execFileSync(pwshPath(), args, { encoding: 'utf8', env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', NO_COLOR: '1', ...standIns.env } });
  const line = out.split('\n').find((l) => l.startsWith('ANSIBLE-RESULT '));
  assert.ok(line, out);
  return JSON.parse(line.slice('ANSIBLE-RESULT '.length)) as TaskResult;
}
