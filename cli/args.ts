// Command-line options for the operator commands: `--name value`, `--name=value`, repeatable
// options, boolean flags and positionals. Anything unknown is a usage error (exit 2): a typo must
// never turn `--yes` into a silently ignored argument.
import { EXIT, type CliIo } from './io';

export type OptionKind = 'flag' | 'value' | 'list';

export interface ParsedArgs {
  readonly help: boolean;
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

export type ParseResult = { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly error: string };

/** `spec` maps option names (without `--`) to their kind; `maxPositionals` bounds the bare arguments. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionKind>>, maxPositionals = 0): ParseResult {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg !== '-') return { ok: false, error: `unknown option '${arg}'` };
      if (positionals.length >= maxPositionals) return { ok: false, error: `unexpected argument '${arg}'` };
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) return { ok: false, error: `unknown option '--${name}'` };
    if (kind === 'flag') {
      if (equals >= 0) return { ok: false, error: `--${name} takes no value` };
      flags.add(name);
      continue;
    }
    const value = equals >= 0 ? arg.slice(equals + 1) : argv[(index += 1)];
    if (value === undefined || (equals < 0 && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
    if (kind === 'value') {
      if (values.has(name)) return { ok: false, error: `--${name} is given twice` };
      values.set(name, value);
    } else {
      lists.set(name, [...(lists.get(name) ?? []), value]);
    }
  }
  return { ok: true, args: { help, flags, values, lists, positionals } };
}

/** A value that must be one of `allowed`; the error names them. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T | { error: string } {
  const value = args.values.get(name);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return { error: `--${name} needs one of ${allowed.join(', ')} (got '${value}')` };
}

/** A positive number (requests per second, counts). */
export function positiveNumber(args: ParsedArgs, name: string, fallback: number): number | { error: string } {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) return { error: `--${name} needs a positive number (got '${raw}')` };
  return value;
}

/** A command's options once parsed, and how it refuses its usage from then on. */
export interface CommandArgs {
  readonly args: ParsedArgs;
  /** Writes `link-policy <command>: message` and the command's usage to stderr; returns the usage exit code. */
  readonly usage: (message: string) => number;
}

export interface CommandSpec {
  /** The command's name, as typed after `link-policy`. */
  readonly name: string;
  /** The command's help text. */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionKind>>;
  readonly maxPositionals?: number;
}

/**
 * Parses a command's argv. Returns the exit code instead when the command is already done: the
 * usage error written to stderr (exit 2), or the help written to stdout for -h/--help (exit 0).
 */
export function commandArgs(command: CommandSpec, argv: readonly string[], io: CliIo): CommandArgs | number {
  const usage = (message: string) => {
    io.stderr.write(`link-policy ${command.name}: ${message}\n\n${command.usage}`);
    return EXIT.usage;
  };
  const parsed = parseArgs(argv, command.options, command.maxPositionals);
  if (!parsed.ok) return usage(parsed.error);
  if (parsed.args.help) {
    io.stdout.write(command.usage);
    return EXIT.ok;
  }
  return { args: parsed.args, usage };
}
