// Argument helpers shared by the commands: parseArgs with usage errors, and the optional settings file.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The default settings file, as in Pyramid's development.ini. */
export const DEFAULT_SETTINGS = 'development.ini';

/** A wrong argument: the dispatcher prints one line and the command's usage, and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type OptionValue<T> = T extends { type: 'boolean' }
  ? boolean
  : T extends { multiple: true }
    ? string[]
    : string;

/** Parse a command's arguments strictly; a wrong option becomes a UsageError with a one-line message. */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
): { values: { [K in keyof O]?: OptionValue<O[K]> }; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as never, positionals };
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
}

/** Node's parseArgs messages, said in one line (Node's own run over several, or quote unevenly). */
function usageMessage(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']*)'/.exec(error.message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const option = /^Option '(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    if (error.message.includes('does not take an argument')) return `option '${option}' takes no value`;
    if (error.message.includes('ambiguous'))
      return `option '${option}' needs a value (write ${option}=-x for one that starts with '-')`;
    return `option '${option}' needs a value`;
  }
  return error.message.split('\n')[0] ?? error.message;
}

/** Whether a positional argument names a settings file (`*.ini`). */
export function isSettingsFile(arg: string | undefined): arg is string {
  return arg?.endsWith('.ini') === true;
}

/**
 * Split positionals into the settings file and the rest, checking how many of the rest a command
 * takes. The settings file is the first positional ending in `.ini`, wherever it comes (`views /
 * development.ini`); when the command would then lack one of its own arguments, only if that file
 * exists in `cwd` (`views /docs/setup.ini` explains that path). Without one it is development.ini.
 */
export function splitPositionals(
  positionals: readonly string[],
  expected: { min: number; max: number; names: string },
  cwd: string = process.cwd(),
): { file: string; rest: string[] } {
  const at = positionals.findIndex(isSettingsFile);
  const enoughLeft = positionals.length - 1 >= expected.min;
  const fileGiven = at >= 0 && (enoughLeft || existsSync(resolve(cwd, positionals[at] as string)));
  const rest = fileGiven ? positionals.filter((_, i) => i !== at) : [...positionals];
  if (rest.length < expected.min) throw new UsageError(`missing ${expected.names}`);
  if (rest.length > expected.max) throw new UsageError(`unexpected argument '${rest[expected.max]}'`);
  return { file: fileGiven ? (positionals[at] as string) : DEFAULT_SETTINGS, rest };
}

/**
 * The settings file among a command's arguments (the first `*.ini` that is not an option), and the
 * arguments without it, for the commands of the app whose own arguments Ziggurat does not know.
 * @example settingsFileAmong(['status', 'production.ini']) // { file: 'production.ini', given: true, rest: ['status'] }
 */
export function settingsFileAmong(args: readonly string[]): { file: string; given: boolean; rest: string[] } {
  const end = args.indexOf('--');
  const at = args.findIndex((arg, i) => (end < 0 || i < end) && !arg.startsWith('-') && isSettingsFile(arg));
  if (at < 0) return { file: DEFAULT_SETTINGS, given: false, rest: [...args] };
  return { file: args[at] as string, given: true, rest: args.filter((_, i) => i !== at) };
}

/** Parse repeated `--header 'Name: value'` options into lower-case names and values. */
export function parseHeaders(headers: readonly string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const header of headers ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new UsageError(`a header must look like 'Name: value', got '${header}'`);
    result[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  return result;
}
