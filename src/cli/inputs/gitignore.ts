/** One pattern of a .gitignore file, compiled. */
interface IgnoreRule {
  /** The folder of the .gitignore file, relative to the walk's root ('' for the root), with '/' separators. */
  base: string;
  regex: RegExp;
  negate: boolean;
  directoryOnly: boolean;
}

/** The characters of a glob class `[...]` as a regex class; `!` or `^` first negates. */
function classToRegex(pattern: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let body = '';
  if (pattern[i] === '!' || pattern[i] === '^') {
    body = '^';
    i++;
  }
  // A ']' right after the opening (or its negation) is a literal member.
  if (pattern[i] === ']') {
    body += '\\]';
    i++;
  }
  for (; i < pattern.length && pattern[i] !== ']'; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) body += `\\${pattern[++i]}`;
    else if (c === '/')
      return undefined; // a class never matches a separator: git takes the '[' literally
    else body += c === '^' || c === '[' ? `\\${c}` : c;
  }
  if (i >= pattern.length) return undefined;
  return { regex: `[${body}]`, end: i };
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A glob segment list as a regex source, in git's wildmatch sense: `*` and `?` never match '/', `**` as a whole
 * segment matches any number of folders (none included), `[...]` is a class, `\` escapes.
 */
export function globToRegexSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      const atSegmentStart = i === 0 || pattern[i - 1] === '/';
      let stars = 1;
      while (pattern[i + 1] === '*') {
        stars++;
        i++;
      }
      const atSegmentEnd = i + 1 === pattern.length || pattern[i + 1] === '/';
      if (stars >= 2 && atSegmentStart && atSegmentEnd) {
        if (i + 1 === pattern.length)
          out += '.*'; // trailing "**": everything inside
        else {
          out += '(?:[^/]*/)*'; // "**/": zero or more folders
          i++; // the '/' is part of it
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const cls = classToRegex(pattern, i);
      if (cls) {
        out += cls.regex;
        i = cls.end;
      } else out += '\\[';
    } else if (c === '\\' && i + 1 < pattern.length) out += escapeRegex(pattern[++i]);
    else out += escapeRegex(c);
  }
  return out;
}

/** The rules of one .gitignore text found in folder `base` (relative to the walk's root, '' for the root). */
function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    // Trailing spaces are dropped unless escaped with a backslash.
    let line = raw.replace(/(?<!\\)[ \t]+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let directoryOnly = false;
    if (line.endsWith('/') && !line.endsWith('\\/')) {
      directoryOnly = true;
      line = line.slice(0, -1);
    }
    if (line === '') continue;
    // A '/' at the start or in the middle anchors the pattern to the .gitignore's folder; otherwise it matches a name at any depth.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const source = `${anchored ? '' : '(?:[^/]*/)*'}${globToRegexSource(line)}`;
    rules.push({ base, regex: new RegExp(`^${source}$`), negate, directoryOnly });
  }
  return rules;
}

/** .gitignore rules of several folders; the later (deeper) rule that matches a path decides, as in git. */
export class IgnoreRules {
  private readonly rules: IgnoreRule[] = [];

  /** Adds the rules of a .gitignore in `base`; folders must be added parent before child. */
  add(text: string, base: string): void {
    this.rules.push(...parseGitignore(text, base));
  }

  /**
   * Whether `path` (relative to the root, '/' separators) is ignored by the rules themselves. A path inside an ignored
   * folder is not re-included by a later `!` rule in git either: walks do not descend into ignored folders.
   */
  ignores(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.base !== '' && !path.startsWith(`${rule.base}/`)) continue;
      const relative = rule.base === '' ? path : path.slice(rule.base.length + 1);
      if (rule.regex.test(relative)) ignored = !rule.negate;
    }
    return ignored;
  }
}
