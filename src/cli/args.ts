// argv parsing for the `wxmp` CLI: node:util's parseArgs, with the CLI's rules on top.
import { parseArgs as parseArgv } from 'node:util';
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
 * after it is positional); options may appear before or after positionals. `node:util` parses
 * (leniently, as tokens); the CLI's rules are checked here: every option known, a value for each
 * value option (a value may start with `-`, e.g. a longitude, but a `--option` is not a value), none
 * for a flag, and a negative number or `-` alone is a positional.
 *
 * @throws {UsageError} for an unknown option, a missing value, or a value given to a flag.
 * @example
 * ```ts
 * parseArgs(['--token', 'T', 'text', 'hi'], { values: ['token'], flags: [] })
 * // { options: Map { token → 'T' }, positionals: ['text', 'hi'] }
 * ```
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const name of spec.values) options[name] = { type: 'string' };
  for (const name of spec.flags) options[name] = { type: 'boolean' };
  for (const [short, name] of Object.entries(spec.aliases ?? {})) if (options[name]) options[name].short = short;
  const { tokens } = parseArgv({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  const positionals: string[] = [];
  let numberAt = -1; // a negative number is split into short options: keep it whole, once
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    else if (t.kind === 'option-terminator') continue;
    else {
      const raw = argv[t.index] as string;
      if (/^-\d/.test(raw)) {
        if (numberAt !== t.index) positionals.push(raw);
        numberAt = t.index;
        continue;
      }
      // a single dash is an alias only (node:util takes an unknown `-x` for `--x`)
      const alias = !t.rawName.startsWith('--');
      const kind = alias && spec.aliases?.[t.rawName.slice(1)] !== t.name ? undefined : options[t.name]?.type;
      if (kind === undefined || t.name === '') throw new UsageError(`unknown option ${preview(raw)}`);
      if (kind === 'boolean') {
        if (t.inlineValue) throw new UsageError(`option --${t.name} takes no value`);
        values.set(t.name, true);
        continue;
      }
      // node:util takes the next argument as the value whatever it is: another --option is not one
      const value = t.value;
      if (value === undefined || (!t.inlineValue && value.startsWith('--') && value.length > 2)) throw new UsageError(`option --${t.name} needs a value`);
      if (spec.repeatable?.includes(t.name)) repeated.set(t.name, [...(repeated.get(t.name) ?? []), value]);
      values.set(t.name, value);
    }
  }
  return { options: values, repeated, positionals };
}
