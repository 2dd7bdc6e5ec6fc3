// SessionAuthenticationHelper: the authenticated user id kept in the session, with a new session id at log-in and log-out.
import type { Request } from '../http/request.js';

/**
 * Keeps the user id in `request.session` (include the session add-on). remember and forget
 * change the session, so they return no headers; the session cookie carries the change.
 * Log-in and log-out always give the session a new id (against session fixation) and a new CSRF
 * token, keeping its other data; log-out, with the session add-on's revocation on, also ends every
 * other session of the user.
 * @example
 * const helper = new SessionAuthenticationHelper();
 * helper.remember(request, 'ada'); // then helper.authenticatedUserid(request) === 'ada'
 */
export class SessionAuthenticationHelper {
  readonly #key: string;

  constructor(options: { prefix?: string } = {}) {
    this.#key = `${options.prefix ?? 'auth.'}userid`;
  }

  /**
   * Log `userid` in: the session keeps its data under a new id (Django's login() with cycle_key()),
   * or starts empty when another user was logged in (flush()), and is bound to the user for revocation.
   */
  remember(request: Request, userid: string): [string, string][] {
    const session = request.session;
    const current = session.get(this.#key);
    if (current !== undefined && current !== userid) session.invalidate();
    else session.rotate();
    session.set(this.#key, userid);
    session.bindUser?.(userid);
    return [];
  }

  /**
   * Log out: the user id leaves the session, which keeps its other data under a new id (as Pyramid's
   * forget keeps what is not the user's id), with a new CSRF token; the user's sessions elsewhere are
   * revoked when the session add-on keeps generations. Call `request.session.invalidate()` as well
   * to drop everything.
   */
  forget(request: Request): [string, string][] {
    const session = request.session;
    const userid = this.authenticatedUserid(request);
    if (userid !== null) session.revokeUser?.(userid);
    session.rotate();
    session.delete(this.#key);
    session.bindUser?.(null);
    return [];
  }

  /** The user id in the session, or null. */
  authenticatedUserid(request: Request): string | null {
    const userid = request.session.get(this.#key);
    return typeof userid === 'string' ? userid : null;
  }
}
