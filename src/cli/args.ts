/** Declares the options a command takes: flags without a value, options with one (repeatable ones collect). */
export interface OptionSpec {
  flags?: string[];
  values?: string[];
  repeatable?: string[];
}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  positionals: string[];
}

/** A usage error: the message says what was wrong. */
export class UsageError extends Error {}

/** Parses `--name value`, `--name=value`, flags, and `--` (everything after is positional). */
export function parseArgs(argv: string[], spec: OptionSpec): ParsedArgs {
  const result: ParsedArgs = { flags: new Set(), values: new Map(), lists: new Map(), positionals: [] };
  const flags = new Set(spec.flags ?? []);
  const values = new Set(spec.values ?? []);
  const repeatable = new Set(spec.repeatable ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      result.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (flags.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      result.flags.add(name);
    } else if (values.has(name) || repeatable.has(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
      }
      if (repeatable.has(name)) result.lists.set(name, [...(result.lists.get(name) ?? []), value]);
      else result.values.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return result;
}

/** Reads an option that must be one of a set of values. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = args.values.get(name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}
