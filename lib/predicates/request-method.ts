// The requestMethod predicate: matches the HTTP method; GET also answers HEAD.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';

/** Normalise a requestMethod option to upper-case methods, adding HEAD wherever GET is allowed. */
export function normaliseMethods(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((method) => typeof method !== 'string' || method === '')) {
    throw new ConfigurationError(
      `requestMethod must be a method name or a list of them, got ${String(value)}`,
      {
        code: 'ZIG_ERR_CONFIG_OPTION',
      },
    );
  }
  const methods = new Set(list.map((method: string) => method.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/** Matches when the request's method is one of `methods`. Dispatch reads `methods` to answer 405. */
export class RequestMethodPredicate {
  readonly methods: readonly string[];
  readonly #allowed: ReadonlySet<string>;

  constructor(value: unknown) {
    this.methods = normaliseMethods(value);
    this.#allowed = new Set(this.methods);
  }

  text(): string {
    return `requestMethod = ${this.methods.join(',')}`;
  }

  phash(): string {
    return this.text();
  }

  call(_context: unknown, request: Request): boolean {
    return this.#allowed.has(request.method);
  }
}

/** The factory registered under `requestMethod`. */
export const requestMethodPredicate = (value: unknown) => new RequestMethodPredicate(value);
