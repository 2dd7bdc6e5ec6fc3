// Helpers to read settings that may come as strings (from files or the environment).

const TRUTHY = new Set(['true', 'yes', 'on', '1', 't', 'y']);

/**
 * Read a boolean setting: true, 'true', 'yes', 'on', '1' are true; anything else false.
 * @example asBool(settings['ziggurat.debug'])
 */
export function asBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return typeof value === 'string' && TRUTHY.has(value.trim().toLowerCase());
}

/**
 * Read an integer setting; `fallback` when missing, an error when not an integer.
 * @example asInt(settings['server.port'], 6543)
 */
export function asInt(value: unknown, fallback?: number): number {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(parsed))
    throw new TypeError(`Expected an integer setting, got ${JSON.stringify(value)}`);
  return parsed;
}

/**
 * Read a list setting: an array as is, or a string split on commas and whitespace.
 * @example asList('a, b c') // ['a', 'b', 'c']
 */
export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value.split(/[\s,]+/).filter((item) => item !== '');
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * Read a size setting: a whole number of bytes, or a number with `kb`, `mb` or `gb` (powers of 1024,
 * case-insensitive); `fallback` when missing, an error when not a size.
 * @example asBytes('1mb') // 1048576
 */
export function asBytes(value: unknown, fallback?: number): number {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?b)?$/i.exec(String(value).trim());
  const bytes = match
    ? Number(match[1]) * (BYTE_UNITS[(match[2] ?? '').toLowerCase()] ?? Number.NaN)
    : Number.NaN;
  if (!Number.isSafeInteger(Math.floor(bytes))) {
    throw new TypeError(
      `Expected a size (bytes, or a number with kb, mb or gb), got ${JSON.stringify(value)}`,
    );
  }
  return Math.floor(bytes);
}

/** The value of environment variable `name`, or undefined when it is unset or empty (internal). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
