// The requestParam predicate: `key` (present) or `key=value`, in the query or a parsed form body.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

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

/** Whether `source` (the query or the body) has the param, with the value when the test names one. */
function hasParam(source: unknown, test: ParamTest): boolean {
  if (source === null || typeof source !== 'object' || !Object.hasOwn(source, test.key)) return false;
  const found = (source as Record<string, unknown>)[test.key];
  if (!Array.isArray(found)) return test.value === null || String(found) === test.value;
  return test.value === null ? found.length > 0 : found.some((item) => String(item) === test.value);
}

/** The factory registered under `requestParam`: a spec or a list of specs, all of which must match. */
export function requestParamPredicate(value: unknown) {
  const tests = (Array.isArray(value) ? value : [value]).map(parseParamTest);
  const text = `requestParam ${tests.map((t) => (t.value === null ? t.key : `${t.key}=${t.value}`)).join(', ')}`;
  return {
    text: () => text,
    phash: () => text,
    call(_context: unknown, request: Request): boolean {
      for (const test of tests) {
        if (!hasParam(request.query, test) && !hasParam(request.body, test)) return false;
      }
      return true;
    },
  };
}
