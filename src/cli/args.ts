// Hand-written argv parsing for the zero-dependency `wxmp` CLI.
import { preview } from '../internal/bytes.js';

/** A command-line mistake: the CLI prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Which options take a value and which are flags; a repeatable option collects every value. */
export interface OptionSpec {
  readonly values: readonly string[];
  readonly flags: readonly string[];
  readonly repeatable?: readonly string[];
  /** Short aliases, e.g. `{ h: 'help' }`. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** Parsed argv: options by long name (last one wins unless repeatable), and positionals in order. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | true>;
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/**
 * Parses `--name value`, `--name=value`, boolean `--flag`, `-h`-style aliases and `--` (everything
 * after it is positional). Options may appear before or after positionals.
 *
 * @throws UsageError for an unknown option, a missing value, or a value given to a flag.
 * @example
 * parseArgs(['--token', 'T', 'text', 'hi'], { values: ['token'], flags: [] })
 * // { options: Map { token → 'T' }, positionals: ['text', 'hi'] }
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const options = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.length < 2 || arg[0] !== '-' || /^-\d/.test(arg)) {
      // `-` alone and negative numbers (e.g. a longitude) are values, not options
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const raw = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1, eq === -1 ? undefined : eq);
    const name = arg.startsWith('--') ? raw : spec.aliases?.[raw];
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (name === undefined || name === '') throw new UsageError(`unknown option ${preview(arg)}`);
    if (spec.flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option ${preview(arg)}`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`option --${name} needs a value`);
      value = next;
      i++;
    }
    if (spec.repeatable?.includes(name)) {
      const list = repeated.get(name) ?? [];
      list.push(value);
      repeated.set(name, list);
    }
    options.set(name, value);
  }
  return { options, repeated, positionals };
}
