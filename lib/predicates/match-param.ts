// The matchParam predicate: `key=value` (or a list, or an object) tested against the matchdict.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

/** `key=value`, spaces around both dropped as Pyramid does; the key is not empty. */
function parseSpec(spec: unknown): [string, string] {
  const eq = typeof spec === 'string' ? spec.indexOf('=') : -1;
  const key = eq === -1 ? '' : (spec as string).slice(0, eq).trim();
  if (key === '') {
    throw new ConfigurationError(
      `matchParam must be 'key=value' (a key does not start with '='), got ${JSON.stringify(spec)}`,
      { code: 'ZIG_ERR_CONFIG_OPTION' },
    );
  }
  return [key, (spec as string).slice(eq + 1).trim()];
}

function entriesOf(value: unknown): Array<[string, string]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).map(([key, expected]) => [key, String(expected)]);
  }
  return (Array.isArray(value) ? value : [value]).map(parseSpec);
}

/** The factory registered under `matchParam`: every key must equal its value in the matchdict. */
export function matchParamPredicate(value: unknown) {
  const tests = entriesOf(value);
  const specs = tests.map(([key, expected]) => `${key}=${expected}`);
  const text = `matchParam ${specs.join(', ')}`;
  const hash = `matchParam ${[...specs].sort().join(', ')}`;
  return {
    text: () => text,
    phash: () => hash,
    call(_context: unknown, request: Request): boolean {
      return tests.every(([key, expected]) => {
        const found = request.matchdict[key];
        return Object.hasOwn(request.matchdict, key) && String(found) === expected;
      });
    },
  };
}
