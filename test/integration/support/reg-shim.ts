import * as fs from 'fs';
import * as path from 'path';
import { WINE_REG } from './wine';

/** Which reg call fails: the at-th (1-based, 0 none), or any whose arguments contain match; landed = written, then reported failed. */
export interface RegFault {
  at?: number;
  match?: string;
  mode?: 'throw' | 'landed';
}

/**
 * A reg.exe for the tests: a shell script named reg.exe that runs `wine reg` with its arguments, logs each call
 * ("verb key /v name"), and fails a chosen call as reg.exe does (exit 1, a message on stderr). Put `folder` first on
 * PATH for a PowerShell script, or run `['sh', program]` as apply's --reg-command.
 */
export class RegShim {
  /** The folder holding reg.exe (and whatever other shims a test adds). */
  readonly folder: string;
  /** The reg.exe script itself. */
  readonly program: string;

  private constructor(private readonly state: string) {
    this.folder = path.join(state, 'shims');
    this.program = path.join(this.folder, 'reg.exe');
  }

  /** Writes the shim below dir (state files in dir/reg-shim, the script in dir/reg-shim/shims), no fault armed. */
  static create(dir: string): RegShim {
    const shim = new RegShim(path.join(dir, 'reg-shim'));
    fs.mkdirSync(shim.folder, { recursive: true });
    const file = (name: string) => path.join(shim.state, name);
    const script = [
      '#!/bin/sh',
      `n=$(( $(cat '${file('calls')}') + 1 )); echo $n > '${file('calls')}'`,
      `echo "$1 $2 $3 $4" >> '${file('calls.log')}'`,
      `match=$(cat '${file('fail-match')}')`,
      `if [ "$n" -eq "$(cat '${file('fail-at')}')" ] || { [ -n "$match" ] && case "$*" in *"$match"*) true;; *) false;; esac; }; then`,
      `  if [ "$(cat '${file('fail-mode')}')" = landed ]; then sh '${WINE_REG}' "$@" > /dev/null 2>&1; fi`,
      '  echo "ERROR: Access is denied." >&2; exit 1',
      'fi',
      `exec sh '${WINE_REG}' "$@"`,
      '',
    ].join('\n');
    fs.writeFileSync(shim.program, script, { mode: 0o755 });
    shim.arm();
    return shim;
  }

  /** Resets the call count and log and arms the next fault (none by default). */
  arm(fault: RegFault = {}): void {
    const write = (name: string, text: string) => fs.writeFileSync(path.join(this.state, name), text);
    write('calls', '0');
    write('calls.log', '');
    write('fail-at', String(fault.at ?? 0));
    write('fail-match', fault.match ?? '');
    write('fail-mode', fault.mode ?? 'throw');
  }

  /** The calls since the last arm(), one "verb key /v name" line each. */
  calls(): string[] {
    return fs
      .readFileSync(path.join(this.state, 'calls.log'), 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l !== '');
  }
}
