// Reading the session of a request from its cookie (or the store) and writing it back with the response.
import { randomBytes } from 'node:crypto';
import {
  type CookieOptions,
  HTTPException,
  HTTPServiceUnavailable,
  type Request,
  type Response,
  sign,
  unsign,
  ZigguratError,
} from '../../lib/index.js';
import { CookieCipher } from './cookie-cipher.js';
import { openRecord, sealRecord } from './cookie-records.js';
import { type SessionOptions, storeLifetime } from './options.js';
import type { Revocation } from './revocation.js';
import { RequestSession, type SessionRecord } from './session.js';
import type { SessionStore } from './store.js';

export { readSessionOptions, type SessionOptions } from './options.js';

/** Browsers drop cookies larger than this (name, value and attributes). */
const MAX_COOKIE_BYTES = 4093;

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** What a request brought: the session id (store mode) and the record, or why they could not be read. */
interface Incoming {
  readonly id: string | null;
  readonly record: SessionRecord | null;
  readonly hadCookie: boolean;
  /** The store (or the generation store) failed: the session cannot be used in this request. */
  readonly failure?: unknown;
}

const NOTHING: Incoming = { id: null, record: null, hadCookie: false };

/** Whether an error is a store outage (statusCode 503), to be answered 503 with Retry-After. */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof HTTPServiceUnavailable || (error as { statusCode?: unknown } | null)?.statusCode === 503
  );
}

/**
 * Sessions for one app: read before the view when the request has a cookie and reading needs the
 * store, but only made (and a failed read only reported) when request.session is first used; written
 * back once per response when they changed, were rotated or invalidated, or are due to be reissued.
 * Never an error for a bad cookie; an unavailable store is a 503 with Retry-After.
 */
export class SessionManager {
  readonly #options: SessionOptions;
  readonly #store: SessionStore | null;
  readonly #revocation: Revocation | null;
  readonly #cipher: CookieCipher;
  readonly #incoming = new WeakMap<Request, Incoming>();
  readonly #sessions = new WeakMap<Request, RequestSession>();
  readonly #persisted = new WeakSet<Request>();

  constructor(options: SessionOptions, store: SessionStore | null, revocation: Revocation | null = null) {
    this.#options = options;
    this.#store = store;
    this.#revocation = revocation;
    this.#cipher = new CookieCipher(options.secrets);
  }

  /** The session factory: request.session calls it (until it succeeds) once per request. */
  sessionFor(request: Request): RequestSession {
    let session = this.#sessions.get(request);
    if (session === undefined) {
      const incoming = this.#incomingOf(request);
      if (incoming.failure !== undefined) throw this.#unusable(incoming.failure);
      session = new RequestSession(incoming.record, now());
      this.#sessions.set(request, session);
    }
    return session;
  }

  /**
   * Before the view: read what the cookie names when that needs the store or the generation check
   * (a plain cookie session is opened on first use instead). A failure is kept, not thrown: only a
   * request that uses the session answers 503.
   */
  async preload(request: Request): Promise<void> {
    if (this.#store === null && this.#revocation === null) return;
    const cookie = request.cookies[this.#options.cookieName];
    if (!cookie) return;
    let incoming: Incoming;
    try {
      incoming = await this.#load(cookie);
    } catch (failure) {
      incoming = { id: null, record: null, hadCookie: true, failure };
    }
    this.#incoming.set(request, incoming);
  }

  /** Write the session back into the response, if it was used and needs it (once per request). */
  async persist(request: Request, response: Response): Promise<void> {
    const session = this.#sessions.get(request);
    if (session === undefined || this.#persisted.has(request)) return;
    this.#persisted.add(request);
    try {
      await this.#write(request, response, session);
    } catch (error) {
      throw this.#unusable(error);
    }
  }

  async #write(request: Request, response: Response, session: RequestSession): Promise<void> {
    const incoming = this.#incomingOf(request);
    await this.#revocation?.revoke(session);
    if (session.renewsId && incoming.id !== null) await this.#store?.destroy(incoming.id);
    if (session.isEmpty && (session.isChanged || session.renewsId)) {
      if (incoming.hadCookie) this.#expireCookie(request, response);
      return;
    }
    const issuedAt = incoming.record?.issuedAt ?? 0;
    const due = !session.isNew && now() - issuedAt >= this.#options.reissueTime;
    if (!session.isChanged && !due) return;
    const generation = (await this.#revocation?.stamp(session)) ?? session.generation;
    const record = session.toRecord(now(), generation);
    const value =
      this.#store === null
        ? sealRecord(this.#cipher, record, this.#options.cookieName)
        : await this.#saveInStore(session, incoming, record);
    this.#setCookie(request, response, value);
  }

  /** What the cookie names: the record (checked against its user's generation) and, with a store, the id. */
  async #load(cookie: string): Promise<Incoming> {
    let id: string | null = null;
    let record: SessionRecord | null;
    if (this.#store === null) record = openRecord(this.#cipher, cookie, this.#options.cookieName);
    else {
      id = unsign(cookie, this.#options.secrets, 'sha256');
      record = id === null ? null : await this.#store.load(id);
    }
    record = this.#fresh(record);
    if (this.#revocation !== null) record = await this.#revocation.check(record);
    return { id: record === null ? null : id, record, hadCookie: true };
  }

  async #saveInStore(session: RequestSession, incoming: Incoming, record: SessionRecord): Promise<string> {
    // A new id after rotate() or invalidate(), so that a fixated or stolen id is worthless after a login or logout.
    const id = session.renewsId || incoming.id === null ? randomBytes(32).toString('base64url') : incoming.id;
    await this.#store?.save(id, record, storeLifetime(this.#options));
    return sign(id, this.#options.secrets, 'sha256');
  }

  #incomingOf(request: Request): Incoming {
    let incoming = this.#incoming.get(request);
    if (incoming === undefined) {
      incoming = this.#store === null && this.#revocation === null ? this.#fromCookie(request) : NOTHING;
      this.#incoming.set(request, incoming);
    }
    return incoming;
  }

  #fromCookie(request: Request): Incoming {
    const cookie = request.cookies[this.#options.cookieName];
    if (!cookie) return NOTHING;
    const record = this.#fresh(openRecord(this.#cipher, cookie, this.#options.cookieName));
    return { id: null, record, hadCookie: true };
  }

  /** The record, unless it timed out. */
  #fresh(record: SessionRecord | null): SessionRecord | null {
    const { timeout } = this.#options;
    if (record === null || timeout === null) return record;
    return record.issuedAt + timeout < now() ? null : record;
  }

  /** An outage becomes a 503 with Retry-After (an exception view may render it); other errors stay. */
  #unusable(error: unknown): unknown {
    if (error instanceof HTTPException || !isUnavailable(error)) return error;
    return new HTTPServiceUnavailable({
      detail: 'Sessions are unavailable for a moment; try again shortly.',
      headers: { 'Retry-After': String(this.#options.retryAfter) },
    });
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
