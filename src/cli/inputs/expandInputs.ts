import * as path from 'path';
import type { FileKind } from '../../core/manifest/limits';
import { CliIO } from '../io';
import { IgnoreRules, globToRegexSource } from './gitignore';

/** The manifests a directory holds: what VS Code opens as manifests (package.json `filenamePatterns`). */
const MANIFEST_NAME = /\.atpproxy\.jsonc?$/i;

/** What the command arguments name: the files, in order (each once), and a message for each argument that named none. */
interface ExpandedInputs {
  files: string[];
  problems: string[];
}

/** A folder entry as `CliIO.readDir` lists it. */
interface DirEntry {
  name: string;
  kind: FileKind;
}

const hasGlob = (arg: string): boolean => /[*?[]/.test(arg);

/** Splits a path into '/'-separated segments; on Windows '\' separates too (glob escapes are then unavailable, as in PowerShell). */
function toSlashes(arg: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? arg.replace(/\\/g, '/') : arg;
}

function kindOf(io: CliIO, file: string): FileKind | undefined {
  try {
    return io.fileKind ? io.fileKind(file) : 'file';
  } catch {
    return undefined;
  }
}

/** The folder that holds `.git` at or above `dir` (absolute), or undefined outside a repository. */
function repositoryRoot(io: CliIO, dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (kindOf(io, path.join(current, '.git')) !== undefined) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function readText(io: CliIO, file: string): string | undefined {
  try {
    return io.readFile(file).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Walks `start` (a folder as the user named it) and returns the files below it that `want` accepts, sorted, skipping
 * `.git` and what the .gitignore files of the repository say (those of the folders above `start` up to the
 * repository's root, then each folder's own as it is entered).
 */
function walk(io: CliIO, start: string, want: (relative: string) => boolean): string[] {
  if (!io.readDir) return [];
  const readDir = (dir: string): DirEntry[] => io.readDir?.(dir) ?? [];
  const absoluteStart = path.resolve(start);
  const root = repositoryRoot(io, absoluteStart) ?? absoluteStart;
  const rules = new IgnoreRules();
  const fromRoot = (absolute: string): string => path.relative(root, absolute).split(path.sep).join('/');
  // The .gitignore files above the start folder, the repository's first.
  const above: string[] = [];
  for (let dir = absoluteStart; dir !== root;) {
    dir = path.dirname(dir);
    above.unshift(dir);
  }
  for (const dir of above) {
    const text = readText(io, path.join(dir, '.gitignore'));
    if (text !== undefined) rules.add(text, fromRoot(dir));
  }
  // A start folder inside an ignored folder was asked for by name: it is walked, its ignored contents skipped.
  const found: string[] = [];
  const visit = (dir: string, relative: string): void => {
    const absolute = path.join(absoluteStart, relative);
    const text = readText(io, path.join(absolute, '.gitignore'));
    if (text !== undefined) rules.add(text, fromRoot(absolute));
    let entries: DirEntry[];
    try {
      entries = readDir(dir);
    } catch {
      return;
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name === '.git') continue;
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      const isDirectory = entry.kind === 'directory';
      if (rules.ignores(fromRoot(path.join(absoluteStart, childRelative)), isDirectory)) continue;
      if (isDirectory) visit(path.join(dir, entry.name), childRelative);
      else if (entry.kind === 'file' && want(childRelative)) found.push(path.join(dir, entry.name));
    }
  };
  visit(start, '');
  return found;
}

/** The folder part of a glob before its first segment with a wildcard ('.' when it starts with one), and the rest. */
function splitGlob(glob: string): { base: string; pattern: string } {
  const segments = glob.split('/');
  const first = segments.findIndex(hasGlob);
  const baseSegments = segments.slice(0, first);
  const base = baseSegments.length === 0 ? '.' : baseSegments.join('/') === '' ? '/' : baseSegments.join('/');
  return { base, pattern: segments.slice(first).join('/') };
}

/**
 * Expands the file arguments of validate and fix: a file is taken as given; a folder gives every `*.atpproxy.json` /
 * `*.atpproxy.jsonc` below it; a glob (`*`, `?`, `**`, `[...]`, expanded here so that it works in shells that do not
 * expand it, such as cmd and PowerShell) gives the files it matches. Folders and globs skip `.git` and what
 * .gitignore files exclude. A file is listed once, in the order of the arguments.
 */
export function expandInputs(io: CliIO, args: readonly string[]): ExpandedInputs {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const add = (file: string): void => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    const kind = kindOf(io, arg);
    if (kind === 'directory' && io.readDir) {
      const found = walk(io, arg, (relative) => MANIFEST_NAME.test(relative));
      if (found.length === 0) problems.push(`no manifests (*.atpproxy.json, *.atpproxy.jsonc) in ${arg}, outside what .gitignore excludes`);
      found.forEach(add);
    } else if (kind === undefined && hasGlob(arg) && io.readDir) {
      const { base, pattern } = splitGlob(toSlashes(arg, io.platform));
      const regex = new RegExp(`^${globToRegexSource(pattern)}$`);
      const found = kindOf(io, base) === 'directory' ? walk(io, base, (relative) => regex.test(relative)) : [];
      if (found.length === 0) problems.push(`no file matches ${arg} (outside what .gitignore excludes)`);
      found.forEach(add);
    } else {
      // A file (or a path that does not exist: reading it reports why), taken as given even if .gitignore names it.
      add(arg);
    }
  }
  return { files, problems };
}
