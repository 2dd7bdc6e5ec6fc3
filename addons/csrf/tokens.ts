// The CSRF token: random, kept in the session, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Request, CSRF_TOKEN_KEY as SESSION_KEY } from '../../lib/index.js';

/** The session's CSRF token, made (and stored) on first use. */
export function getCsrfToken(request: Request): string {
  const token = request.session.get(SESSION_KEY);
  return typeof token === 'string' ? token : newCsrfToken(request);
}

/**
 * Replace the session's CSRF token and return the new one (`request.session.rotate()` renews it too,
 * as log-in does).
 */
export function newCsrfToken(request: Request): string {
  const token = randomBytes(32).toString('base64url');
  request.session.set(SESSION_KEY, token);
  return token;
}

/** The session's token if it has one, without making one. */
export function storedCsrfToken(request: Request): string | null {
  const token = request.session.get(SESSION_KEY);
  return typeof token === 'string' ? token : null;
}

/** Equal, in time that does not depend on the contents (both are hashed to one length first). */
export function tokensMatch(expected: string, supplied: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(supplied));
}
