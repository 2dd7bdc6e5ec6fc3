// The pathInfo predicate: a regex (or list of them) tested against the request path.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

function compile(source: unknown): RegExp {
  if (typeof source !== 'string' && !(source instanceof RegExp)) {
    throw new ConfigurationError(`pathInfo must be a regex or a string, got ${String(source)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  try {
    return source instanceof RegExp ? source : new RegExp(source);
  } catch (error) {
    throw new ConfigurationError(`pathInfo has an invalid regex: ${String(error)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
}

/** The factory registered under `pathInfo`: matches when any regex matches the path. */
export function pathInfoPredicate(value: unknown) {
  const patterns = (Array.isArray(value) ? value : [value]).map(compile);
  const text = `pathInfo = ${patterns.map((p) => p.source).join(', ')}`;
  return {
    text: () => text,
    phash: () => text,
    call(_context: unknown, request: Request): boolean {
      return patterns.some((pattern) => pattern.test(request.path));
    },
  };
}
