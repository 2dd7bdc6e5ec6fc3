// The [server] section of a settings file: where to listen, which proxies to trust, timeouts, body size, shutdown.
import { isIP } from 'node:net';
import { closestName, ZigguratError } from '../errors.js';
import { asBytes, envValue } from './values.js';

/** Fastify's `trustProxy`: no proxy (false), every peer (true), or the proxies' addresses and CIDR ranges. */
export type TrustProxy = boolean | readonly string[];

/** The `[server]` section, after environment overrides; durations in milliseconds (the file gives seconds). */
export interface ServerSettings {
  host: string;
  port: number;
  /** How many processes serve (node:cluster when > 1). */
  workers: number;
  /** Whose `X-Forwarded-*` headers are believed (`trust_proxy`); default false. */
  trustProxy: TrustProxy;
  /** The time a client has to send a whole request, headers and body (`request_timeout`; 0: no limit). */
  requestTimeout: number;
  /** The time a client has to send a request's headers (`headers_timeout`). */
  headersTimeout: number;
  /** How long an idle keep-alive connection stays open (`keep_alive_timeout`). */
  keepAliveTimeout: number;
  /** The largest request body accepted, in bytes (`body_limit`); larger ones are answered 413. */
  bodyLimit: number;
  /** How long, after SIGTERM, readiness answers 503 while the server keeps serving (`shutdown_delay`). */
  shutdownDelay: number;
  /** The bound on draining the listener and finishing requests in flight after that (`shutdown_timeout`). */
  shutdownTimeout: number;
}

/**
 * The defaults of the `[server]` settings that are also `makeApp()`'s: safe for a server facing the internet.
 * @example await config.makeApp({ requestTimeout: SERVER_DEFAULTS.requestTimeout * 2 });
 */
export const SERVER_DEFAULTS = {
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  keepAliveTimeout: 72_000,
  bodyLimit: 1_048_576,
  shutdownDelay: 5_000,
  shutdownTimeout: 20_000,
} as const;

/** The keys a `[server]` section may hold; each is overridden by its upper-case environment variable. */
export const SERVER_KEYS = [
  'host',
  'port',
  'workers',
  'trust_proxy',
  'request_timeout',
  'headers_timeout',
  'keep_alive_timeout',
  'body_limit',
  'shutdown_delay',
  'shutdown_timeout',
] as const;

/** The named address ranges proxy-addr (Fastify's trustProxy) knows. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_SECONDS = 86_400;

type Reader = (key: (typeof SERVER_KEYS)[number]) => string | undefined;

function valueError(file: string, message: string): ZigguratError {
  return new ZigguratError('ZIG_ERR_SETTINGS_VALUE', `${file}: [server] ${message}`);
}

function integerIn(file: string, key: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw valueError(file, `${key} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

/** A duration in seconds (decimals allowed) as milliseconds; `min` is the smallest number of seconds. */
function secondsIn(
  file: string,
  key: string,
  text: string | undefined,
  fallback: number,
  min: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > MAX_SECONDS) {
    const least = min === 0 ? 'from 0' : 'above 0';
    throw valueError(file, `${key} must be a number of seconds ${least} to ${MAX_SECONDS}, got '${text}'`);
  }
  const ms = Math.round(value * 1000);
  return min > 0 ? Math.max(ms, 1) : ms;
}

/** Whether `entry` is an IP address, a CIDR range (`10.0.0.0/8`) or a range name proxy-addr knows. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * `trust_proxy`: true/false (yes/no, on/off), or addresses, CIDR ranges and the names loopback, linklocal,
 * uniquelocal, separated by commas. A hop count is refused: it cannot check who sent the headers, and
 * Fastify 5 (since 5.12) trusts no one when given one, so it would silently do nothing.
 */
function trustProxyOf(file: string, text: string | undefined): TrustProxy {
  const value = (text ?? '').trim();
  const word = value.toLowerCase();
  if (['', 'false', 'no', 'off'].includes(word)) return false;
  if (['true', 'yes', 'on'].includes(word)) return true;
  if (/^\d+$/.test(value)) {
    throw valueError(
      file,
      `trust_proxy = ${value}: a hop count cannot check that the headers come from a proxy; list the proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8), or use true when only the proxy can reach this server`,
    );
  }
  const entries = value.split(/[\s,]+/).filter((entry) => entry !== '');
  const wrong = entries.find((entry) => !isProxyAddress(entry));
  if (wrong !== undefined) {
    throw valueError(
      file,
      `trust_proxy: '${wrong}' is not an IP address, a CIDR range or loopback/linklocal/uniquelocal (or use true or false)`,
    );
  }
  return entries;
}

function timeoutsOf(file: string, read: Reader) {
  const requestTimeout = secondsIn(
    file,
    'request_timeout',
    read('request_timeout'),
    SERVER_DEFAULTS.requestTimeout,
    0,
  );
  const headersTimeout = secondsIn(
    file,
    'headers_timeout',
    read('headers_timeout'),
    Math.min(SERVER_DEFAULTS.headersTimeout, requestTimeout || SERVER_DEFAULTS.headersTimeout),
    0.001,
  );
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw valueError(file, 'headers_timeout must not be longer than request_timeout');
  }
  const keepAliveTimeout = secondsIn(
    file,
    'keep_alive_timeout',
    read('keep_alive_timeout'),
    SERVER_DEFAULTS.keepAliveTimeout,
    0.001,
  );
  return { requestTimeout, headersTimeout, keepAliveTimeout };
}

function bodyLimitOf(file: string, text: string | undefined): number {
  try {
    const bytes = asBytes(text, SERVER_DEFAULTS.bodyLimit);
    if (bytes >= 1) return bytes;
  } catch {
    // reported below, with the key
  }
  throw valueError(file, `body_limit must be a size above 0 (bytes, or with kb, mb or gb), got '${text}'`);
}

function shutdownOf(file: string, read: Reader) {
  return {
    shutdownDelay: secondsIn(
      file,
      'shutdown_delay',
      read('shutdown_delay'),
      SERVER_DEFAULTS.shutdownDelay,
      0,
    ),
    shutdownTimeout: secondsIn(
      file,
      'shutdown_timeout',
      read('shutdown_timeout'),
      SERVER_DEFAULTS.shutdownTimeout,
      0.001,
    ),
  };
}

/**
 * Read a `[server]` section (its values as strings): each key is overridden by its upper-case environment
 * variable (`port` by `PORT`, `trust_proxy` by `TRUST_PROXY`); an unknown key or a bad value is a
 * `ZIG_ERR_SETTINGS_VALUE` naming `file`.
 * @example serverSettingsOf({ port: '8080', request_timeout: '60' }, process.env, 'production.ini').requestTimeout // 60000
 */
export function serverSettingsOf(
  section: Record<string, string>,
  env: NodeJS.ProcessEnv,
  file: string,
): ServerSettings {
  const unknown = Object.keys(section).find((key) => !(SERVER_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    const closest = closestName(unknown, SERVER_KEYS);
    const hint = closest === null ? '' : `did you mean '${closest}'? `;
    throw valueError(file, `has no setting '${unknown}' (${hint}known: ${SERVER_KEYS.join(', ')})`);
  }
  const read: Reader = (key) => envValue(env, key.toUpperCase()) ?? section[key];
  const host = (read('host') ?? '127.0.0.1').trim();
  if (host === '' || /\s/.test(host)) throw valueError(file, `host is not a host name: '${host}'`);
  return {
    host,
    port: integerIn(file, 'port', read('port') ?? '6543', 0, 65535),
    workers: integerIn(file, 'workers', read('workers') ?? '1', 1, 256),
    trustProxy: trustProxyOf(file, read('trust_proxy')),
    ...timeoutsOf(file, read),
    bodyLimit: bodyLimitOf(file, read('body_limit')),
    ...shutdownOf(file, read),
  };
}
