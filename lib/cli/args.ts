// Argument helpers shared by the commands: parseArgs with usage errors, and the optional settings file.
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
    throw new UsageError(firstLine((error as Error).message));
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Whether a positional argument names a settings file (`*.ini`). */
export function isSettingsFile(arg: string | undefined): arg is string {
  return arg?.endsWith('.ini') === true;
}

/**
 * Split positionals into the settings file (the first, when it ends in .ini; else
 * development.ini)
 * and the rest, checking how many of the rest a command takes.
 */
export function splitPositionals(
  positionals: readonly string[],
  expected: { min: number; max: number; names: string },
): { file: string; rest: string[] } {
  const [first, ...others] = positionals;
  const fileGiven = isSettingsFile(first);
  const rest = fileGiven ? others : [...positionals];
  if (rest.length < expected.min) throw new UsageError(`missing ${expected.names}`);
  if (rest.length > expected.max) throw new UsageError(`unexpected argument '${rest[expected.max]}'`);
  return { file: fileGiven ? first : DEFAULT_SETTINGS, rest };
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
