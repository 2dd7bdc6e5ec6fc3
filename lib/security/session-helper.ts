// SessionAuthenticationHelper: the authenticated user id kept in the session.
import type { Request } from '../http/request.js';

/**
 * Keeps the user id in `request.session` (include the session add-on). remember and forget
 * change the session, so they return no headers; the session cookie carries the change.
 * @example
 * const helper = new SessionAuthenticationHelper();
 * helper.remember(request, 'ada'); // then helper.authenticatedUserid(request) === 'ada'
 */
export class SessionAuthenticationHelper {
  readonly #key: string;

  constructor(options: { prefix?: string } = {}) {
    this.#key = `${options.prefix ?? 'auth.'}userid`;
  }

  /** Log `userid` in. Invalidate the session first when a different user was logged in. */
  remember(request: Request, userid: string): [string, string][] {
    const session = request.session;
    const current = session.get(this.#key);
    if (current !== undefined && current !== userid) session.invalidate();
    session.set(this.#key, userid);
    return [];
  }

  /** Log out: the whole session is invalidated, so nothing of the user's lingers in it. */
  forget(request: Request): [string, string][] {
    request.session.invalidate();
    return [];
  }

  /** The user id in the session, or null. */
  authenticatedUserid(request: Request): string | null {
    const userid = request.session.get(this.#key);
    return typeof userid === 'string' ? userid : null;
  }
}
