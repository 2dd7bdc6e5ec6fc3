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
