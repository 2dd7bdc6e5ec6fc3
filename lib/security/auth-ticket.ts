// AuthTktCookieHelper: the user id in a signed cookie (HMAC-SHA512), with a timeout and reissue,
// like Pyramid's auth ticket. The cookie is readable by whoever holds it but cannot be forged.
import type { Request } from '../http/request.js';
import { type CookieOptions, cookieHeader } from '../http/response.js';
import { secretList, sign, unsign } from './signing.js';

/** Options of AuthTktCookieHelper. */
export interface AuthTktOptions {
  /** A secret of at least 32 characters, or a list of them, newest first (for rotation). */
  secret: string | readonly string[];
  cookieName?: string;
  /** Seconds after which a ticket is no longer accepted (default: none). */
  timeout?: number | null;
  /** Seconds after which a still-valid ticket is reissued with a fresh time (default: none). */
  reissueTime?: number | null;
  /** Max-Age of the cookie in seconds (default: a browser-session cookie). */
  maxAge?: number | null;
  /** `'auto'` (default): Secure when the request came over https. */
  secure?: boolean | 'auto';
  httpOnly?: boolean;
  sameSite?: CookieOptions['sameSite'];
  path?: string;
  domain?: string;
}

/** What a valid ticket carries. */
export interface AuthTicket {
  readonly userid: string;
  /** Seconds since the epoch when the ticket was issued. */
  readonly issuedAt: number;
  readonly tokens: readonly string[];
  readonly userData: string;
}

const TOKEN = /^[A-Za-z][\w.-]*$/;

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function decodeTicket(payload: string): AuthTicket | null {
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { u, t, k, d } = data;
    if (typeof u !== 'string' || typeof t !== 'number' || !Array.isArray(k) || typeof d !== 'string')
      return null;
    if (!k.every((token) => typeof token === 'string')) return null;
    return { userid: u, issuedAt: t, tokens: k as string[], userData: d };
  } catch {
    return null;
  }
}

/**
 * Keeps the authenticated user id in a signed cookie. Use it inside a SecurityPolicy.
 * @example
 * const tickets = new AuthTktCookieHelper({ secret: process.env.AUTH_SECRET!, timeout: 3600, reissueTime: 360 });
 * const headers = tickets.remember(request, 'ada'); // [['Set-Cookie', 'auth_tkt=…']]
 */
export class AuthTktCookieHelper {
  readonly #secrets: string[];
  readonly #options: Required<Omit<AuthTktOptions, 'secret' | 'domain'>> & { domain?: string };
  readonly #identified = new WeakMap<Request, AuthTicket | null>();

  constructor(options: AuthTktOptions) {
    this.#secrets = secretList(options.secret, 'AuthTktCookieHelper');
    this.#options = {
      cookieName: 'auth_tkt',
      timeout: null,
      reissueTime: null,
      maxAge: null,
      secure: 'auto',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      ...options,
    };
  }

  /** The valid ticket of this request, or null (no cookie, a forged or expired one). Cached per request. */
  identify(request: Request): AuthTicket | null {
    if (this.#identified.has(request)) return this.#identified.get(request) ?? null;
    const ticket = this.#read(request);
    this.#identified.set(request, ticket);
    if (ticket !== null) this.#reissueIfOld(request, ticket);
    return ticket;
  }

  /** The user id of the valid ticket, or null. */
  authenticatedUserid(request: Request): string | null {
    return this.identify(request)?.userid ?? null;
  }

  /** The Set-Cookie headers that log `userid` in. */
  remember(
    request: Request,
    userid: string,
    extra: { tokens?: readonly string[]; userData?: string } = {},
  ): [string, string][] {
    const tokens = extra.tokens ?? [];
    const bad = tokens.find((token) => !TOKEN.test(token));
    if (bad !== undefined) throw new TypeError(`Invalid auth ticket token: ${JSON.stringify(bad)}`);
    const payload = { u: String(userid), t: now(), k: tokens, d: extra.userData ?? '' };
    const value = sign(Buffer.from(JSON.stringify(payload)).toString('base64url'), this.#secrets);
    return [['Set-Cookie', this.#cookie(request, value, this.#options.maxAge)]];
  }

  /** The Set-Cookie headers that log the user out. */
  forget(request: Request): [string, string][] {
    return [['Set-Cookie', this.#cookie(request, '', 0)]];
  }

  #read(request: Request): AuthTicket | null {
    const cookie = request.cookies[this.#options.cookieName];
    if (!cookie) return null;
    const payload = unsign(cookie, this.#secrets);
    const ticket = payload === null ? null : decodeTicket(payload);
    if (ticket === null) return null;
    const { timeout } = this.#options;
    if (timeout !== null && ticket.issuedAt + timeout < now()) return null;
    return ticket;
  }

  #reissueIfOld(request: Request, ticket: AuthTicket): void {
    const { reissueTime, cookieName } = this.#options;
    if (reissueTime === null || now() - ticket.issuedAt <= reissueTime) return;
    request.addResponseCallback((_request, response) => {
      // A view that logged in or out already set the cookie: that one wins.
      const sets = response.headers
        .getAll('Set-Cookie')
        .some((header) => header.startsWith(`${cookieName}=`));
      if (sets) return;
      for (const [name, value] of this.remember(request, ticket.userid, ticket))
        response.headers.append(name, value);
    });
  }

  #cookie(request: Request, value: string, maxAge: number | null): string {
    const { cookieName, secure, httpOnly, sameSite, path, domain } = this.#options;
    return cookieHeader(cookieName, value, {
      path,
      httpOnly,
      sameSite,
      secure: secure === 'auto' ? request.scheme === 'https' : secure,
      ...(domain === undefined ? {} : { domain }),
      ...(maxAge === null ? {} : { maxAge, ...(maxAge === 0 ? { expires: new Date(0) } : {}) }),
    });
  }
}
