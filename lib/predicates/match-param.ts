// The matchParam predicate: `key=value` (or a list, or an object) tested against the matchdict.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

function entriesOf(value: unknown): Array<[string, string]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).map(([key, expected]) => [key, String(expected)]);
  }
  return (Array.isArray(value) ? value : [value]).map((spec) => {
    const eq = typeof spec === 'string' ? spec.indexOf('=') : -1;
    if (eq <= 0) {
      throw new ConfigurationError(`matchParam must be 'key=value', got ${JSON.stringify(spec)}`, {
        code: 'ZIG_ERR_CONFIG_OPTION',
      });
    }
    return [spec.slice(0, eq), spec.slice(eq + 1)];
  });
}

/** The factory registered under `matchParam`: every key must equal its value in the matchdict. */
export function matchParamPredicate(value: unknown) {
  const tests = entriesOf(value);
  const text = `matchParam ${tests.map(([key, expected]) => `${key}=${expected}`).join(', ')}`;
  return {
    text: () => text,
    phash: () => text,
    call(_context: unknown, request: Request): boolean {
      return tests.every(([key, expected]) => {
        const found = request.matchdict[key];
        return Object.hasOwn(request.matchdict, key) && String(found) === expected;
      });
    },
  };
}
