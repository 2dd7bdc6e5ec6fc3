// The errors a failed CSRF check raises (a bad token 400, a foreign origin 403), which exception views can catch.
import { HTTPBadRequest } from '../../lib/index.js';

/** The CSRF token was missing or wrong (400). */
export class BadCSRFToken extends HTTPBadRequest {
  static override readonly title: string = 'Bad CSRF Token';
  static override readonly explanation: string =
    'Access is denied. This server can not verify that your cross-site request forgery token belongs to your login session.';
}

/**
 * An unsafe request came from an origin that is neither this app's nor trusted, or (on https) had no
 * trustworthy Referer: refused with 403, as Django does. A BadCSRFToken, so one exception view catches both.
 */
export class BadCSRFOrigin extends BadCSRFToken {
  static override readonly status: number = 403;
  static override readonly title: string = 'Bad CSRF Origin';
  static override readonly explanation: string =
    'Access is denied. This server can not verify that the origin or referrer of your request matches this site.';
}
