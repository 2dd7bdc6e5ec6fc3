// The errors a failed CSRF check raises: 400s that exception views can catch.
import { HTTPBadRequest } from '../../lib/index.js';

/** The CSRF token was missing or wrong (400). */
export class BadCSRFToken extends HTTPBadRequest {
  static override readonly title: string = 'Bad CSRF Token';
  static override readonly explanation: string =
    'Access is denied. This server can not verify that your cross-site request forgery token belongs to your login session.';
}

/** An https request came from an origin that is neither this host nor trusted (400). */
export class BadCSRFOrigin extends BadCSRFToken {
  static override readonly title: string = 'Bad CSRF Origin';
  static override readonly explanation: string =
    'Access is denied. This server can not verify that the origin or referrer of your request matches this site.';
}
