// The checks: the token from the form field or header, and on https the Origin (or Referer).
import type { Request } from '../../lib/index.js';
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
  /** Check Origin/Referer on https (default true). */
  readonly checkOrigin: boolean;
  /** Origins besides the request's own that may post (`https://app.example.com`), or hosts. */
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

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'null:' ? null : url.origin;
  } catch {
    return null;
  }
}

function isTrusted(origin: string, request: Request, trusted: readonly string[]): boolean {
  if (origin === `${request.scheme}://${request.host}`) return true;
  const { host } = new URL(origin);
  return trusted.some((entry) => (entry.includes('://') ? originOf(entry) === origin : entry === host));
}

/** On https, raise BadCSRFOrigin unless Origin (or Referer) is this host or a trusted origin. */
export function checkCsrfOrigin(request: Request, options: CsrfOptions): void {
  if (request.scheme !== 'https') return;
  const origin = request.headerValue('origin');
  const source = origin !== undefined && origin !== 'null' ? origin : request.headerValue('referer');
  if (source === undefined) {
    if (options.allowNoOrigin) return;
    throw new BadCSRFOrigin({ detail: 'The request has neither Origin nor Referer' });
  }
  const found = originOf(source);
  if (found === null || !isTrusted(found, request, options.trustedOrigins)) {
    throw new BadCSRFOrigin({ detail: `The origin ${found ?? JSON.stringify(source)} is not trusted` });
  }
}
