// The checks: the token from the form field or header, and the Origin (or, on https, the Referer).
import {
  originAllowed,
  parseTrustedOrigins,
  type Request,
  requestOrigin,
  schemeAndHost,
  type TrustedOrigin,
  trustedHost,
} from '../../lib/index.js';
import { BadCSRFOrigin, BadCSRFToken } from './errors.js';
import { storedCsrfToken, tokensMatch } from './tokens.js';

/** The CSRF options, from the `csrf.*` settings. */
export interface CsrfOptions {
  /** The form field that carries the token (default `csrf_token`). */
  readonly field: string;
  /** The header that carries the token (default `X-CSRF-Token`). */
  readonly header: string;
  /** Methods never checked (default GET, HEAD, OPTIONS, TRACE). */
  readonly safeMethods: ReadonlySet<string>;
  /** Check Origin (on http and https) and, on https without Origin, Referer (default true). */
  readonly checkOrigin: boolean;
  /**
   * Origins besides the request's own that may send unsafe requests: `https://admin.example.com`,
   * `https://*.example.com` (the domain and its subdomains), or a bare host, which means https.
   */
  readonly trustedOrigins: readonly string[];
  /** Accept an https request with neither Origin nor Referer (default false). */
  readonly allowNoOrigin: boolean;
}

function suppliedToken(request: Request, options: CsrfOptions): string | null {
  const header = request.headerValue(options.header);
  if (header) return header;
  const body = request.body;
  if (body !== null && typeof body === 'object' && Object.hasOwn(body, options.field)) {
    const value = (body as Record<string, unknown>)[options.field];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** Raise BadCSRFToken unless the request carries the session's token. */
export function checkCsrfToken(request: Request, options: CsrfOptions): void {
  const expected = storedCsrfToken(request);
  const supplied = suppliedToken(request, options);
  if (expected === null || supplied === null || !tokensMatch(expected, supplied)) {
    throw new BadCSRFToken({
      detail: supplied === null ? 'The CSRF token is missing' : 'The CSRF token is wrong',
    });
  }
}

/** Origin given: it must be the request's own or a trusted one, on http as on https ('null' is neither). */
function checkOrigin(request: Request, origin: string, trusted: readonly TrustedOrigin[]): void {
  if (originAllowed(request, origin, trusted)) return;
  throw new BadCSRFOrigin({ detail: `Origin checking failed: ${origin} does not match any trusted origins` });
}

/** No Origin, on https: the Referer must be an https page of this host or of a trusted one. */
function checkReferer(request: Request, options: CsrfOptions, trusted: readonly TrustedOrigin[]): void {
  const referer = request.headerValue('referer');
  if (referer === undefined) {
    if (options.allowNoOrigin) return;
    throw new BadCSRFOrigin({
      detail: 'Referer checking failed: the request has neither Origin nor Referer',
    });
  }
  const found = schemeAndHost(referer);
  if (found === null)
    throw new BadCSRFOrigin({ detail: 'Referer checking failed: the Referer is malformed' });
  // An http page may be a man in the middle's: https trusts only https.
  if (found.scheme !== 'https') {
    throw new BadCSRFOrigin({
      detail: 'Referer checking failed: the Referer is insecure while the request is https',
    });
  }
  if (found.host === requestOrigin(request)?.host || trustedHost(found.host, trusted)) return;
  throw new BadCSRFOrigin({
    detail: `Referer checking failed: ${referer} does not match any trusted origins`,
  });
}

/**
 * Raise BadCSRFOrigin (403) unless the request may come from where it says (Django's CsrfViewMiddleware):
 * an `Origin` header, on http as on https, must be the request's own origin or a trusted one; without
 * one, an https request needs a `Referer` from this host or a trusted one. Behind a TLS-terminating
 * proxy, the scheme and host are the forwarded ones when Fastify's trustProxy trusts the proxy.
 */
export function checkCsrfOrigin(request: Request, options: CsrfOptions): void {
  const trusted = parseTrustedOrigins(options.trustedOrigins);
  const origin = request.headerValue('origin');
  if (origin !== undefined) checkOrigin(request, origin, trusted);
  else if (request.scheme === 'https') checkReferer(request, options, trusted);
}
