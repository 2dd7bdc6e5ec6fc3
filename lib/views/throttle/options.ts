// The `rateLimit` view option (DRF's throttling, @fastify/rate-limit's semantics): checked where
// addView is called, so a wrong value names the user's line, and normalized once for commit.
import { parse } from '@lukeed/ms';
import { ConfigurationError } from '../../errors.js';
import type { Request } from '../../http/request.js';

/**
 * A view's rate limit: at most `max` requests per `timeWindow` (milliseconds, or a duration such as
 * `'1 minute'`) for each key; the key is the client's address unless `key` says otherwise.
 * @example config.addView(search, { routeName: 'search', renderer: 'json', rateLimit: { max: 10, timeWindow: '1 minute' } });
 */
export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  max: number;
  /** The window: milliseconds, or a duration `@lukeed/ms` reads (`'30 seconds'`, `'1h'`). */
  timeWindow: number | string;
  /** Whose requests count together (default: the client's IP address, as trust_proxy lets Fastify see it). */
  key?: (request: Request) => string | Promise<string>;
}

/** A checked rate limit: the window in milliseconds. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
  readonly key: ((request: Request) => string | Promise<string>) | null;
}

const KNOWN = new Set(['max', 'timeWindow', 'key']);

function optionError(message: string, site: unknown): ConfigurationError {
  return new ConfigurationError(`rateLimit: ${message} at ${String(site)}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

function windowOf(value: unknown, site: unknown): number {
  const ms = typeof value === 'string' ? parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 1) {
    throw optionError(
      `timeWindow must be a positive number of milliseconds or a duration such as '1 minute', got ${JSON.stringify(value)}`,
      site,
    );
  }
  return Math.trunc(ms);
}

/**
 * Check a view's rateLimit option and normalize it.
 * @example checkRateLimit({ max: 5, timeWindow: '1 minute' }, site) // { max: 5, windowMs: 60000, key: null }
 */
export function checkRateLimit(value: unknown, site: unknown): RateLimit {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw optionError('must be an object { max, timeWindow, key? }', site);
  }
  const options = value as Record<string, unknown>;
  const unknown = Object.keys(options).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    throw optionError(`unknown option ${unknown.join(', ')} (options: max, timeWindow, key)`, site);
  }
  const { max, timeWindow, key } = options;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) {
    throw optionError(`max must be a whole number of requests, got ${JSON.stringify(max)}`, site);
  }
  if (key !== undefined && typeof key !== 'function') {
    throw optionError('key must be a function of the request', site);
  }
  return { max, windowMs: windowOf(timeWindow, site), key: (key as RateLimit['key']) ?? null };
}
