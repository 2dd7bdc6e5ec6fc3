// The session add-on's options, read and checked from the `session.*` settings at commit.
import {
  asBool,
  asInt,
  ConfigurationError,
  type CookieOptions,
  type Settings,
  secretList,
} from '../../lib/index.js';

/** The session options, read from the `session.*` settings. */
export interface SessionOptions {
  readonly secrets: readonly string[];
  readonly cookieName: string;
  /** Seconds of inactivity after which a session is dropped; null: never. */
  readonly timeout: number | null;
  /** Seconds after which an unchanged session is written again, to keep it alive. */
  readonly reissueTime: number;
  /** Max-Age of the cookie; null: a browser-session cookie. */
  readonly maxAge: number | null;
  readonly secure: boolean | 'auto';
  readonly sameSite: NonNullable<CookieOptions['sameSite']>;
  readonly httpOnly: boolean;
  readonly path: string;
  readonly domain: string | undefined;
  /** Seconds a client is asked to wait (Retry-After) when the store is unavailable (default 5). */
  readonly retryAfter: number;
  /** Per-user session generations on (true), off (false), or as the store allows (null, the default). */
  readonly revocation: boolean | null;
}

const DEFAULT_TIMEOUT = 1200;
/** How long a server-side session lives without a timeout or a Max-Age. */
const DEFAULT_STORE_TTL = 14 * 24 * 3600;
const DEFAULT_RETRY_AFTER = 5;
const SAME_SITE = new Set(['lax', 'strict', 'none']);

function optionalSeconds(value: unknown, fallback: number | null): number | null {
  if (value === null || value === 'none' || value === 'null') return null;
  return value === undefined || value === '' ? fallback : asInt(value);
}

function readSecure(value: unknown): boolean | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  return value === true || value === 'true';
}

function readSameSite(value: unknown): 'lax' | 'strict' | 'none' {
  const sameSite = String(value ?? 'lax').toLowerCase();
  if (!SAME_SITE.has(sameSite)) {
    throw new ConfigurationError(`'session.sameSite' must be lax, strict or none, got ${sameSite}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  return sameSite as 'lax' | 'strict' | 'none';
}

/** Read and check the `session.*` settings (at commit: a mistake names the setting). */
export function readSessionOptions(settings: Settings): SessionOptions {
  const secrets = secretList(settings['session.secret'], "The session add-on's 'session.secret' setting");
  const timeout = optionalSeconds(settings['session.timeout'], DEFAULT_TIMEOUT);
  const defaultReissue = timeout === null ? 0 : Math.floor(timeout / 10);
  const revocation = settings['session.revocation'];
  return {
    secrets,
    cookieName: String(settings['session.cookieName'] ?? 'session'),
    timeout,
    reissueTime: asInt(settings['session.reissueTime'], defaultReissue),
    maxAge: optionalSeconds(settings['session.maxAge'], null),
    secure: readSecure(settings['session.secure']),
    sameSite: readSameSite(settings['session.sameSite']),
    httpOnly: settings['session.httpOnly'] !== false && settings['session.httpOnly'] !== 'false',
    path: String(settings['session.path'] ?? '/'),
    domain: settings['session.domain'] === undefined ? undefined : String(settings['session.domain']),
    retryAfter: asInt(settings['session.retryAfter'], DEFAULT_RETRY_AFTER),
    revocation: revocation === undefined || revocation === '' ? null : asBool(revocation),
  };
}

/** Seconds a server-side session is kept without a new save: the timeout, else Max-Age, else 14 days. */
export function storeLifetime(options: SessionOptions): number {
  return options.timeout ?? options.maxAge ?? DEFAULT_STORE_TTL;
}
