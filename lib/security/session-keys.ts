// The session keys Ziggurat's add-ons share: the CSRF token lives in the session, and rotating the session renews it.

/**
 * The session key of the CSRF token: `ziggurat/addons/csrf` keeps the token there, and a session's
 * `rotate()` drops it, so the next `request.csrfToken` is a new one (Django's rotate_token at log-in).
 * @example request.session.delete(CSRF_TOKEN_KEY); // what rotate() does to the token
 */
export const CSRF_TOKEN_KEY = '_csrft_';
