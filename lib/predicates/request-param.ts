// The requestParam predicate: `key` (present) or `key=value`, in the query or a parsed form body.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

interface ParamTest {
  readonly key: string;
  readonly value: string | null;
}

function refuse(spec: unknown): ConfigurationError {
  return new ConfigurationError(
    `requestParam must be 'key' or 'key=value' (a key does not start with '='), got ${JSON.stringify(spec)}`,
    { code: 'ZIG_ERR_CONFIG_OPTION' },
  );
}

/** `key` or `key=value`; spaces around the key and the value are dropped, as Pyramid does. */
function parseParamTest(spec: unknown): ParamTest {
  if (typeof spec !== 'string') throw refuse(spec);
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed.startsWith('=')) throw refuse(spec);
  const eq = trimmed.indexOf('=');
  if (eq === -1) return { key: trimmed, value: null };
  return { key: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim() };
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
  const specs = tests.map((t) => (t.value === null ? t.key : `${t.key}=${t.value}`));
  const text = `requestParam ${specs.join(', ')}`;
  // The order of a list does not matter, so it does not change the identity conflicts compare.
  const hash = `requestParam ${[...specs].sort().join(', ')}`;
  return {
    text: () => text,
    phash: () => hash,
    call(_context: unknown, request: Request): boolean {
      for (const test of tests) {
        if (!hasParam(request.query, test) && !hasParam(request.body, test)) return false;
      }
      return true;
    },
  };
}
