import { spawn } from 'child_process';
import { childEnvironment } from '../connectivity/credentials';
import { canonicalKey, isCreatableKey, isWritableKey, keyName, parentKey, trimKey } from '../wininet/accounts';
import { toHex } from '../wininet/hex';
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_QWORD, REG_SZ, regString } from '../wininet/regFile';
import { RegistryBackend, RegistryError, RegistryValue } from './backend';
import { isRemovableMachineKey, machineValueType } from './machineValue';

/** Result of one reg.exe run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with an argument array (never through a shell); replaceable in tests. */
export type Runner = (file: string, args: string[]) => Promise<RunResult>;

// After the program exits, how long to keep reading output still in the pipe. Wine's reg may start
// wineserver helpers (services.exe, winedevice.exe) that inherit our pipes and never close them, so
// waiting for the pipes to close could wait forever.
const DRAIN_AFTER_EXIT_MS = 300;

/** The real runner: spawn with arguments as given, no shell, a timeout so a prompting reg cannot hang us. */
export const execFileRunner: Runner = (file, args) =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let done = false;
    const child = spawn(file, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'], env: childEnvironment(process.env) });
    const finish = (code: number, extra = ''): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ code, stdout, stderr: stderr + extra });
    };
    const timer = setTimeout(() => {
      child.kill();
      finish(1, `${file} did not finish within 120 s (is it waiting for input?)`);
    }, 120_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (error) => finish(1, error.message));
    child.on('close', (code) => finish(code ?? 1));
    child.on('exit', (code) => setTimeout(() => finish(code ?? 1), DRAIN_AFTER_EXIT_MS));
  });

/**
 * Splits a command line such as `wine reg` or `"C:\Tools\reg.exe" /reg:64` into argv words: whitespace separates,
 * single or double quotes group, backslashes are literal (Windows paths). No shell, no expansion.
 */
export function splitCommand(command: string): string[] | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { error: `unterminated ${quote} quote in the reg command "${command}"` };
  if (inWord) words.push(word);
  if (words.length === 0) return { error: 'the reg command is empty' };
  return words;
}

const TYPES: Record<string, number> = {
  REG_NONE,
  REG_SZ,
  REG_EXPAND_SZ,
  REG_BINARY,
  REG_DWORD,
  REG_MULTI_SZ,
  REG_QWORD,
};

/** Values listed by `reg query KEY`: lines of four spaces, name, four spaces, type, four spaces, data. */
export function parseRegQuery(stdout: string): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!m) continue;
    const [, rawName, typeName, text = ''] = m;
    const name = rawName === '(Default)' ? '' : rawName;
    const type = TYPES[typeName] ?? REG_NONE;
    let data: Uint8Array;
    if (type === REG_BINARY || type === REG_NONE) data = new Uint8Array(Buffer.from(text.trim(), 'hex'));
    else if (type === REG_DWORD) {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(Number.parseInt(text.trim(), 16) >>> 0);
      data = new Uint8Array(b);
    } else data = regString(text);
    values.set(name.toLowerCase(), { type, data });
  }
  return values;
}

/**
 * Subkey names listed by `reg query KEY`: unindented lines that are KEY\NAME (reg prints the full path, roots
 * spelled out). Names only, so the result means the same whatever language reg speaks.
 */
export function parseRegSubkeys(stdout: string, key: string): string[] {
  const names: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (line === '' || /^\s/.test(line)) continue;
    const full = line.trimEnd();
    const name = full.slice(full.lastIndexOf('\\') + 1);
    if (name !== '' && canonicalKey(full) === `${canonicalKey(key)}\\${name.toUpperCase()}`) names.push(name);
  }
  return names;
}

/** What `reg query KEY` lists: its values (by lower-cased name) and its subkeys' names. */
interface Listing {
  values: Map<string, RegistryValue>;
  subkeys: string[];
}

function said(r: RunResult, what: string): string {
  return `${r.stderr} ${r.stdout}`.trim() || `${what} exited with ${r.code}`;
}

const REG_ADD_TYPES: Record<number, string> = { [REG_SZ]: 'REG_SZ', [REG_DWORD]: 'REG_DWORD', [REG_BINARY]: 'REG_BINARY', [REG_EXPAND_SZ]: 'REG_EXPAND_SZ' };

/** The text `reg add /d` takes for a value, or why it cannot carry it (a line break in a string, a DWORD not 4 bytes). */
function regAddData(value: RegistryValue): string | { error: string } {
  const b = Buffer.from(value.data.buffer, value.data.byteOffset, value.data.byteLength);
  switch (value.type) {
    case REG_BINARY:
      return toHex(value.data);
    case REG_DWORD:
      return b.length === 4 ? String(b.readUInt32LE(0)) : { error: `a REG_DWORD is 4 bytes, not ${b.length}` };
    case REG_SZ:
    case REG_EXPAND_SZ: {
      const text = b.toString('utf16le').replace(/\0$/, '');
      return /[\0\r\n]/.test(text) ? { error: 'reg add cannot write a string with a line break or a NUL' } : text;
    }
    default:
      return { error: `reg add cannot write values of type ${value.type} here` };
  }
}

/** The registry through reg.exe (or any replacement such as `wine reg`), started with argument arrays. */
export class RegExeBackend implements RegistryBackend {
  constructor(
    private readonly command: string[],
    private readonly run: Runner = execFileRunner,
  ) {}

  private async reg(args: string[]): Promise<RunResult> {
    return this.run(this.command[0], [...this.command.slice(1), ...args]);
  }

  /**
   * Lists a key, or undefined when it does not exist. reg's message is in the system's language, so absence is
   * decided from exit codes and names only: when `reg query KEY` fails, the parent is listed, and KEY is absent
   * when the parent is absent or does not list it; otherwise (access denied...) the failure is a RegistryError.
   * `seen` shares the answers of one walk up the tree.
   */
  private async list(key: string, seen = new Map<string, Promise<Listing | undefined>>()): Promise<Listing | undefined> {
    const id = canonicalKey(key);
    let listing = seen.get(id);
    if (!listing) {
      listing = this.listUncached(key, seen);
      seen.set(id, listing);
    }
    return listing;
  }

  private async listUncached(key: string, seen: Map<string, Promise<Listing | undefined>>): Promise<Listing | undefined> {
    const r = await this.reg(['query', key]);
    if (r.code === 0) return { values: parseRegQuery(r.stdout), subkeys: parseRegSubkeys(r.stdout, key) };
    const failure = new RegistryError('read', key, said(r, 'reg query'));
    const parent = parentKey(key);
    if (parent === undefined) throw failure;
    let siblings: Listing | undefined;
    try {
      siblings = await this.list(parent, seen);
    } catch (error) {
      // Only the parent's own words: its parents' failures would repeat the same message.
      const why = (error instanceof RegistryError ? error.detail : String(error)).split(' (listing ')[0];
      throw new RegistryError('read', key, `${failure.detail} (listing ${parent} to tell whether it exists failed too: ${why})`);
    }
    const name = keyName(key).toLowerCase();
    if (siblings === undefined || !siblings.subkeys.some((n) => n.toLowerCase() === name)) return undefined;
    throw failure;
  }

  async readValue(key: string, name: string): Promise<RegistryValue | undefined> {
    return (await this.list(key))?.values.get(name.toLowerCase());
  }

  async missingKeys(key: string): Promise<string[]> {
    const seen = new Map<string, Promise<Listing | undefined>>();
    const missing: string[] = [];
    for (let k: string | undefined = key; k !== undefined && parentKey(k) !== undefined; k = parentKey(k)) {
      if (await this.list(k, seen)) break;
      missing.push(trimKey(k));
    }
    return missing;
  }

  private guard(operation: 'write' | 'delete', key: string, name: string, type?: number): void {
    // The one rule that must hold whatever called us: LocalSystem's and LocalService's Connections keys, and the
    // v3 methods' own HKLM values (each with its type); nothing else.
    if (isWritableKey(key)) return;
    const machineType = machineValueType(key, name);
    if (machineType !== undefined && (type === undefined || type === machineType)) return;
    throw new RegistryError(
      'refused',
      key,
      `${operation} of ${name} refused: only the Connections keys of LocalSystem (S-1-5-18) and LocalService (S-1-5-19), and the Defender for Endpoint proxy policy and WinHttpSettings values may be changed`,
    );
  }

  async writeBinary(key: string, name: string, data: Uint8Array): Promise<void> {
    return this.writeValue(key, name, { type: REG_BINARY, data });
  }

  async writeValue(key: string, name: string, value: RegistryValue): Promise<void> {
    this.guard('write', key, name, value.type);
    const text = regAddData(value);
    if (typeof text !== 'string') throw new RegistryError('refused', key, `${name}: ${text.error}`);
    const type = REG_ADD_TYPES[value.type];
    // reg add /d with an empty string: left out, as Windows PowerShell and some reg versions drop empty arguments.
    const data = text === '' ? [] : ['/d', text];
    const r = await this.reg(['add', key, '/v', name, '/t', type, ...data, '/f']);
    if (r.code !== 0) throw new RegistryError('write', key, `${name}: ${said(r, 'reg add')}`);
  }

  async deleteValue(key: string, name: string): Promise<void> {
    this.guard('delete', key, name);
    const r = await this.reg(['delete', key, '/v', name, '/f']);
    if (r.code === 0) return;
    const failure = new RegistryError('delete', key, `${name}: ${said(r, 'reg delete')}`);
    // Deleting what is not there is not a failure; whether it is there is read from the listing, not the message.
    const listing = await this.list(key).catch(() => {
      throw failure;
    });
    if (listing?.values.has(name.toLowerCase())) throw failure;
  }

  async deleteEmptyKey(key: string): Promise<'deleted' | 'absent' | 'not-empty'> {
    if (!isCreatableKey(key) && !isRemovableMachineKey(key))
      throw new RegistryError(
        'refused',
        key,
        'delete refused: only the Connections keys of LocalSystem (S-1-5-18) and LocalService (S-1-5-19), and their parents apply created, may be removed',
      );
    const listing = await this.list(key);
    if (!listing) return 'absent';
    if (listing.values.size > 0 || listing.subkeys.length > 0) return 'not-empty';
    const r = await this.reg(['delete', key, '/f']);
    if (r.code !== 0 && (await this.list(key).catch(() => undefined)) !== undefined) throw new RegistryError('delete', key, said(r, 'reg delete'));
    return 'deleted';
  }

  async exportKey(key: string, file: string): Promise<void> {
    // /y because Wine's reg otherwise asks before overwriting and loops without input; the caller never reuses a name.
    const r = await this.reg(['export', key, file, '/y']);
    if (r.code !== 0) throw new RegistryError('export', key, `${file}: ${said(r, 'reg export')}`);
  }
}
