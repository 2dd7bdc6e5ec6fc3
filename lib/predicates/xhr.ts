// The xhr predicate: whether the request was made with X-Requested-With: XMLHttpRequest.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

/** The factory registered under `xhr`. */
export function xhrPredicate(value: unknown) {
  if (typeof value !== 'boolean') {
    throw new ConfigurationError(`xhr must be true or false, got ${String(value)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const text = `xhr = ${value}`;
  return {
    text: () => text,
    phash: () => text,
    call(_context: unknown, request: Request): boolean {
      return (request.headers['x-requested-with'] === 'XMLHttpRequest') === value;
    },
  };
}
