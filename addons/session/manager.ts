// Reading the session of a request from its cookie (or the store) and writing it back with the response.
import { randomBytes } from 'node:crypto';
import {
  asInt,
  ConfigurationError,
  type CookieOptions,
  type Request,
  type Response,
  type Settings,
  secretList,
  sign,
  unsign,
  ZigguratError,
} from '../../lib/index.js';
import { CookieCipher } from './cookie-cipher.js';
import { RequestSession, type SessionRecord } from './session.js';
import type { SessionStore } from './stores.js';

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
}

/** Browsers drop cookies larger than this (name, value and attributes). */
const MAX_COOKIE_BYTES = 4093;
const DEFAULT_TIMEOUT = 1200;
const SAME_SITE = new Set(['lax', 'strict', 'none']);

function optionalSeconds(value: unknown, fallback: number | null): number | null {
  if (value === null || value === 'none' || value === 'null') return null;
  return value === undefined || value === '' ? fallback : asInt(value);
}

function readSecure(value: unknown): boolean | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  return value === true || value === 'true';
}

/** Read and check the `session.*` settings (at commit: a mistake names the setting). */
export function readSessionOptions(settings: Settings): SessionOptions {
  const secrets = secretList(settings['session.secret'], "The session add-on's 'session.secret' setting");
  const sameSite = String(settings['session.sameSite'] ?? 'lax').toLowerCase();
  if (!SAME_SITE.has(sameSite)) {
    throw new ConfigurationError(`'session.sameSite' must be lax, strict or none, got ${sameSite}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const timeout = optionalSeconds(settings['session.timeout'], DEFAULT_TIMEOUT);
  const defaultReissue = timeout === null ? 0 : Math.floor(timeout / 10);
  return {
    secrets,
    cookieName: String(settings['session.cookieName'] ?? 'session'),
    timeout,
    reissueTime: asInt(settings['session.reissueTime'], defaultReissue),
    maxAge: optionalSeconds(settings['session.maxAge'], null),
    secure: readSecure(settings['session.secure']),
    sameSite: sameSite as 'lax' | 'strict' | 'none',
    httpOnly: settings['session.httpOnly'] !== false && settings['session.httpOnly'] !== 'false',
    path: String(settings['session.path'] ?? '/'),
    domain: settings['session.domain'] === undefined ? undefined : String(settings['session.domain']),
  };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function parseRecord(text: string | null): SessionRecord | null {
  if (text === null) return null;
  try {
    const { c, i, d } = JSON.parse(text) as { c?: unknown; i?: unknown; d?: unknown };
    if (
      typeof c !== 'number' ||
      typeof i !== 'number' ||
      d === null ||
      typeof d !== 'object' ||
      Array.isArray(d)
    )
      return null;
    return { createdAt: c, issuedAt: i, data: d as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** What a request brought: the session id (store mode) and the record, when valid. */
interface Incoming {
  readonly id: string | null;
  readonly record: SessionRecord | null;
  readonly hadCookie: boolean;
}

const NOTHING: Incoming = { id: null, record: null, hadCookie: false };

/**
 * Sessions for one app: made on first use of request.session, written back once per response
 * when they changed, were invalidated, or are due to be reissued. Never an error for a bad cookie.
 */
export class SessionManager {
  readonly #options: SessionOptions;
  readonly #store: SessionStore | null;
  readonly #cipher: CookieCipher;
  readonly #incoming = new WeakMap<Request, Incoming>();
  readonly #sessions = new WeakMap<Request, RequestSession>();

  constructor(options: SessionOptions, store: SessionStore | null) {
    this.#options = options;
    this.#store = store;
    this.#cipher = new CookieCipher(options.secrets);
  }

  /** The session factory: request.session calls it once per request. */
  sessionFor(request: Request): RequestSession {
    let session = this.#sessions.get(request);
    if (session === undefined) {
      session = new RequestSession(this.#incomingOf(request).record, now());
      this.#sessions.set(request, session);
    }
    return session;
  }

  /** For a store: load the session a request's cookie names, before the view runs. */
  async preload(request: Request): Promise<void> {
    if (this.#store === null) return;
    const cookie = request.cookies[this.#options.cookieName];
    if (!cookie) return;
    const id = unsign(cookie, this.#options.secrets, 'sha256');
    const record = id === null ? null : this.#fresh(await this.#store.load(id));
    this.#incoming.set(request, { id: record === null ? null : id, record, hadCookie: true });
  }

  /** Write the session back into the response, if it needs it. */
  async persist(request: Request, response: Response): Promise<void> {
    const session = this.#sessions.get(request);
    if (session === undefined) return;
    const incoming = this.#incomingOf(request);
    if (session.isInvalidated && incoming.id !== null) await this.#store?.destroy(incoming.id);
    if (session.isEmpty && (session.isChanged || session.isInvalidated)) {
      if (incoming.hadCookie) this.#expireCookie(request, response);
      return;
    }
    const issuedAt = incoming.record?.issuedAt ?? 0;
    const due = !session.isNew && now() - issuedAt >= this.#options.reissueTime;
    if (!session.isChanged && !due) return;
    const record = session.toRecord(now());
    const value =
      this.#store === null ? this.#seal(record) : await this.#saveInStore(session, incoming, record);
    this.#setCookie(request, response, value);
  }

  async #saveInStore(session: RequestSession, incoming: Incoming, record: SessionRecord): Promise<string> {
    // A new id after invalidate(), so that a fixated or stolen id is worthless after a login or logout.
    const id =
      session.isInvalidated || incoming.id === null ? randomBytes(32).toString('base64url') : incoming.id;
    const { timeout, maxAge } = this.#options;
    await this.#store?.save(id, record, timeout ?? maxAge ?? 14 * 24 * 3600);
    return sign(id, this.#options.secrets, 'sha256');
  }

  #incomingOf(request: Request): Incoming {
    let incoming = this.#incoming.get(request);
    if (incoming === undefined) {
      incoming = this.#store === null ? this.#fromCookie(request) : NOTHING;
      this.#incoming.set(request, incoming);
    }
    return incoming;
  }

  #fromCookie(request: Request): Incoming {
    const cookie = request.cookies[this.#options.cookieName];
    if (!cookie) return NOTHING;
    const record = this.#fresh(parseRecord(this.#cipher.open(cookie, this.#options.cookieName)));
    return { id: null, record, hadCookie: true };
  }

  /** The record, unless it timed out. */
  #fresh(record: SessionRecord | null): SessionRecord | null {
    const { timeout } = this.#options;
    if (record === null || timeout === null) return record;
    return record.issuedAt + timeout < now() ? null : record;
  }

  #seal(record: SessionRecord): string {
    const text = JSON.stringify({ c: record.createdAt, i: record.issuedAt, d: record.data });
    return this.#cipher.seal(text, this.#options.cookieName);
  }

  #cookieOptions(request: Request): CookieOptions {
    const { secure, sameSite, httpOnly, path, domain, maxAge } = this.#options;
    return {
      path,
      httpOnly,
      sameSite,
      secure: secure === 'auto' ? request.scheme === 'https' || sameSite === 'none' : secure,
      ...(domain === undefined ? {} : { domain }),
      ...(maxAge === null ? {} : { maxAge }),
    };
  }

  #setCookie(request: Request, response: Response, value: string): void {
    const before = response.headers.getAll('Set-Cookie').length;
    response.setCookie(this.#options.cookieName, value, this.#cookieOptions(request));
    const header = response.headers.getAll('Set-Cookie')[before] ?? '';
    if (Buffer.byteLength(header) > MAX_COOKIE_BYTES) {
      throw new ZigguratError(
        'ZIG_ERR_SESSION_TOO_LARGE',
        `The session cookie would be ${Buffer.byteLength(header)} bytes; browsers keep at most ` +
          `${MAX_COOKIE_BYTES}. Keep less in the session, or use a server-side store ('session.store': 'redis')`,
      );
    }
  }

  #expireCookie(request: Request, response: Response): void {
    const { maxAge: _unused, ...options } = this.#cookieOptions(request);
    response.deleteCookie(this.#options.cookieName, options);
  }
}
