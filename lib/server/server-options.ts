// Fastify's server options from a [server] section, and the safe defaults every makeApp() starts from.
import type { FastifyServerOptions } from 'fastify';
import { SERVER_DEFAULTS, type ServerSettings } from '../settings/server-section.js';

/**
 * How often Node checks for requests past their headers or request timeout: Node's own default (30 s)
 * would let a 1 s timeout run 31 s, so check at half the shortest timeout, between 50 ms and 1 s.
 */
function checkingInterval(requestTimeout: number, headersTimeout: number): number {
  const shortest = Math.min(headersTimeout, requestTimeout > 0 ? requestTimeout : headersTimeout);
  return Math.max(50, Math.min(1000, Math.floor(shortest / 2)));
}

/**
 * `options` with the safe defaults filled in where the caller gave none: a 30 s request timeout (Fastify's
 * is none, so a body trickling in stays open forever), a 10 s headers timeout, Fastify's 72 s keep-alive
 * timeout and 1 MiB body limit. The caller's options win, `http` merged key by key.
 * @example Fastify(withServerDefaults({ requestTimeout: 60_000 }))
 */
export function withServerDefaults(options: FastifyServerOptions): FastifyServerOptions {
  const requestTimeout = options.requestTimeout ?? SERVER_DEFAULTS.requestTimeout;
  const given = (options as { http?: Record<string, unknown> | null }).http ?? {};
  const headersTimeout =
    typeof given.headersTimeout === 'number'
      ? given.headersTimeout
      : Math.min(SERVER_DEFAULTS.headersTimeout, requestTimeout || SERVER_DEFAULTS.headersTimeout);
  return {
    ...options,
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeout ?? SERVER_DEFAULTS.keepAliveTimeout,
    bodyLimit: options.bodyLimit ?? SERVER_DEFAULTS.bodyLimit,
    http: {
      connectionsCheckingInterval: checkingInterval(requestTimeout, headersTimeout),
      ...given,
      headersTimeout,
    },
  } as FastifyServerOptions;
}

/**
 * The Fastify options a `[server]` section sets: `trustProxy`, the request, headers and keep-alive
 * timeouts, and the body limit. `loadApp` (and so `ziggurat serve`) passes them to `makeApp`.
 * @example const app = await config.makeApp({ ...serverOptions(loadSettings('production.ini').server), logger: true });
 */
export function serverOptions(server: ServerSettings): FastifyServerOptions {
  return {
    trustProxy: typeof server.trustProxy === 'boolean' ? server.trustProxy : [...server.trustProxy],
    requestTimeout: server.requestTimeout,
    keepAliveTimeout: server.keepAliveTimeout,
    bodyLimit: server.bodyLimit,
    http: { headersTimeout: server.headersTimeout },
  } as FastifyServerOptions;
}
