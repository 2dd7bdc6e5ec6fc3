// Refuses cross-site form posts: a browser sends Basic credentials with every request to the site,
// including a form on another site posting here, so a POST must come from the app's own pages.
import { type Handler, HTTPForbidden, type Request } from 'ziggurat';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request that changes something came from another site (by its Origin header). */
export function isCrossSite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headerValue('origin');
  return origin !== undefined && origin !== request.applicationUrl;
}

/** A tween answering 403 to cross-site POSTs (add it with `config.addTween(originCheck)`). */
export function originCheck(handler: Handler): Handler {
  return async (request) => {
    if (isCrossSite(request)) return new HTTPForbidden({ detail: 'Cross-site requests are refused' });
    return handler(request);
  };
}
