// The requestParam predicate: `key` (present) or `key=value`, in the query or a parsed form body.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../request.js';

interface ParamTest {
  readonly key: string;
  readonly value: string | null;
}

function parseParamTest(spec: unknown): ParamTest {
  if (typeof spec !== 'string' || spec === '' || spec.startsWith('=')) {
    throw new ConfigurationError(`requestParam must be 'key' or 'key=value', got ${JSON.stringify(spec)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const eq = spec.indexOf('=');
  return eq === -1 ? { key: spec, value: null } : { key: spec.slice(0, eq), value: spec.slice(eq + 1) };
}

function paramValues(source: unknown, key: string): unknown[] {
  if (source === null || typeof source !== 'object') return [];
  if (!Object.hasOwn(source, key)) return [];
  const found = (source as Record<string, unknown>)[key];
  return Array.isArray(found) ? found : [found];
}

/** The factory registered under `requestParam`: a spec or a list of specs, all of which must match. */
export function requestParamPredicate(value: unknown) {
  const tests = (Array.isArray(value) ? value : [value]).map(parseParamTest);
  const text = `requestParam ${tests.map((t) => (t.value === null ? t.key : `${t.key}=${t.value}`)).join(', ')}`;
  return {
    text: () => text,
    phash: () => text,
    call(_context: unknown, request: Request): boolean {
      return tests.every((test) => {
        const found = [...paramValues(request.query, test.key), ...paramValues(request.body, test.key)];
        if (test.value === null) return found.length > 0;
        return found.some((item) => String(item) === test.value);
      });
    },
  };
}
