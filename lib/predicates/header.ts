// The header predicate: `Name` (present) or `Name:regex` (matches from the value's start).
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

interface HeaderTest {
  readonly name: string;
  readonly pattern: RegExp | null;
  readonly source: string;
}

function parseHeaderTest(spec: unknown): HeaderTest {
  if (typeof spec !== 'string' || spec === '' || spec.startsWith(':')) {
    throw new ConfigurationError(`header must be 'Name' or 'Name:regex', got ${JSON.stringify(spec)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const colon = spec.indexOf(':');
  if (colon === -1) return { name: spec.toLowerCase(), pattern: null, source: spec };
  const regex = spec.slice(colon + 1);
  try {
    return { name: spec.slice(0, colon).toLowerCase(), pattern: new RegExp(`^(?:${regex})`), source: spec };
  } catch (error) {
    throw new ConfigurationError(`header ${JSON.stringify(spec)} has an invalid regex: ${String(error)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
}

function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The factory registered under `header`: a spec or a list of specs, all of which must match. */
export function headerPredicate(value: unknown) {
  const tests = (Array.isArray(value) ? value : [value]).map(parseHeaderTest);
  const sources = tests.map((test) => test.source);
  const text = `header ${sources.join(', ')}`;
  const hash = `header ${[...sources].sort().join(', ')}`;
  return {
    text: () => text,
    phash: () => hash,
    call(_context: unknown, request: Request): boolean {
      for (const test of tests) {
        const found = headerValue(request, test.name);
        if (found === undefined || (test.pattern !== null && !test.pattern.test(found))) return false;
      }
      return true;
    },
  };
}
