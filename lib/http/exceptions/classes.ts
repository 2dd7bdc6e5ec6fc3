// One class per HTTP status, each a Response (return it) that can also be thrown.
import {
  HTTPClientError,
  type HTTPException,
  type HTTPExceptionOptions,
  HTTPRedirection,
  HTTPServerError,
} from './base.js';

/** 300 Multiple Choices. */
export class HTTPMultipleChoices extends HTTPRedirection {
  static override readonly status: number = 300;
  static override readonly title: string = 'Multiple Choices';
  static override readonly explanation: string = 'There are several representations of the resource.';
}

/** 301 Moved Permanently. */
export class HTTPMovedPermanently extends HTTPRedirection {
  static override readonly status: number = 301;
  static override readonly title: string = 'Moved Permanently';
  static override readonly explanation: string = 'The resource has moved permanently.';
}

/** 302 Found. */
export class HTTPFound extends HTTPRedirection {
  static override readonly status: number = 302;
  static override readonly title: string = 'Found';
  static override readonly explanation: string = 'The resource was found at another location.';
}

/** 303 See Other. */
export class HTTPSeeOther extends HTTPRedirection {
  static override readonly status: number = 303;
  static override readonly title: string = 'See Other';
  static override readonly explanation: string = 'The response can be found at another location.';
}

/** 304 Not Modified. */
export class HTTPNotModified extends HTTPRedirection {
  static override readonly status: number = 304;
  static override readonly title: string = 'Not Modified';
  static override readonly explanation: string = 'The resource has not been modified.';
}

/** 305 Use Proxy. */
export class HTTPUseProxy extends HTTPRedirection {
  static override readonly status: number = 305;
  static override readonly title: string = 'Use Proxy';
  static override readonly explanation: string = 'The resource must be accessed through a proxy.';
}

/** 307 Temporary Redirect. */
export class HTTPTemporaryRedirect extends HTTPRedirection {
  static override readonly status: number = 307;
  static override readonly title: string = 'Temporary Redirect';
  static override readonly explanation: string = 'The resource is temporarily at another location.';
}

/** 308 Permanent Redirect. */
export class HTTPPermanentRedirect extends HTTPRedirection {
  static override readonly status: number = 308;
  static override readonly title: string = 'Permanent Redirect';
  static override readonly explanation: string = 'The resource is permanently at another location.';
}

/** 400 Bad Request. */
export class HTTPBadRequest extends HTTPClientError {
  static override readonly status: number = 400;
  static override readonly title: string = 'Bad Request';
  static override readonly explanation: string = 'The server could not understand the request.';
}

/** 401 Unauthorized. */
export class HTTPUnauthorized extends HTTPClientError {
  static override readonly status: number = 401;
  static override readonly title: string = 'Unauthorized';
  static override readonly explanation: string = 'The request needs valid credentials.';
}

/** 402 Payment Required. */
export class HTTPPaymentRequired extends HTTPClientError {
  static override readonly status: number = 402;
  static override readonly title: string = 'Payment Required';
  static override readonly explanation: string = 'Payment is required to access this resource.';
}

/** 403 Forbidden. */
export class HTTPForbidden extends HTTPClientError {
  static override readonly status: number = 403;
  static override readonly title: string = 'Forbidden';
  static override readonly explanation: string = 'Access to this resource is denied.';
  /** When a view permission was denied: the security policy's answer (an ACLPermitsResult explains itself). */
  result: unknown = null;
}

/** 404 Not Found. */
export class HTTPNotFound extends HTTPClientError {
  static override readonly status: number = 404;
  static override readonly title: string = 'Not Found';
  static override readonly explanation: string = 'The resource could not be found.';
}

/** 405 Method Not Allowed. `allow` sets the Allow header. */
export class HTTPMethodNotAllowed extends HTTPClientError {
  static override readonly status: number = 405;
  static override readonly title: string = 'Method Not Allowed';
  static override readonly explanation: string = 'The method is not allowed for this resource.';

  constructor(options: HTTPExceptionOptions & { allow?: readonly string[] } = {}) {
    super(options);
    if (options.allow) this.headers.set('Allow', options.allow.join(', '));
  }
}

/** 406 Not Acceptable. */
export class HTTPNotAcceptable extends HTTPClientError {
  static override readonly status: number = 406;
  static override readonly title: string = 'Not Acceptable';
  static override readonly explanation: string = 'The resource has no representation the client accepts.';
}

/** 407 Proxy Authentication Required. */
export class HTTPProxyAuthenticationRequired extends HTTPClientError {
  static override readonly status: number = 407;
  static override readonly title: string = 'Proxy Authentication Required';
  static override readonly explanation: string = 'The proxy needs valid credentials.';
}

/** 408 Request Timeout. */
export class HTTPRequestTimeout extends HTTPClientError {
  static override readonly status: number = 408;
  static override readonly title: string = 'Request Timeout';
  static override readonly explanation: string = 'The server timed out waiting for the request.';
}

/** 409 Conflict. */
export class HTTPConflict extends HTTPClientError {
  static override readonly status: number = 409;
  static override readonly title: string = 'Conflict';
  static override readonly explanation: string =
    'The request conflicts with the current state of the resource.';
}

/** 410 Gone. */
export class HTTPGone extends HTTPClientError {
  static override readonly status: number = 410;
  static override readonly title: string = 'Gone';
  static override readonly explanation: string = 'The resource is no longer available.';
}

/** 411 Length Required. */
export class HTTPLengthRequired extends HTTPClientError {
  static override readonly status: number = 411;
  static override readonly title: string = 'Length Required';
  static override readonly explanation: string = 'The request needs a Content-Length header.';
}

/** 412 Precondition Failed. */
export class HTTPPreconditionFailed extends HTTPClientError {
  static override readonly status: number = 412;
  static override readonly title: string = 'Precondition Failed';
  static override readonly explanation: string = 'A precondition of the request failed.';
}

/** 413 Request Entity Too Large. */
export class HTTPRequestEntityTooLarge extends HTTPClientError {
  static override readonly status: number = 413;
  static override readonly title: string = 'Request Entity Too Large';
  static override readonly explanation: string = 'The request body is too large.';
}

/** 414 Request-URI Too Long. */
export class HTTPRequestURITooLong extends HTTPClientError {
  static override readonly status: number = 414;
  static override readonly title: string = 'Request-URI Too Long';
  static override readonly explanation: string = 'The request URI is too long.';
}

/** 415 Unsupported Media Type. */
export class HTTPUnsupportedMediaType extends HTTPClientError {
  static override readonly status: number = 415;
  static override readonly title: string = 'Unsupported Media Type';
  static override readonly explanation: string = "The request body's media type is not supported.";
}

/** 416 Request Range Not Satisfiable. */
export class HTTPRequestRangeNotSatisfiable extends HTTPClientError {
  static override readonly status: number = 416;
  static override readonly title: string = 'Request Range Not Satisfiable';
  static override readonly explanation: string = 'The requested range cannot be served.';
}

/** 417 Expectation Failed. */
export class HTTPExpectationFailed extends HTTPClientError {
  static override readonly status: number = 417;
  static override readonly title: string = 'Expectation Failed';
  static override readonly explanation: string = 'The Expect header cannot be met.';
}

/** 418 I'm a teapot. */
export class HTTPImATeapot extends HTTPClientError {
  static override readonly status: number = 418;
  static override readonly title: string = "I'm a teapot";
  static override readonly explanation: string = 'The server refuses to brew coffee because it is a teapot.';
}

/** 422 Unprocessable Entity. */
export class HTTPUnprocessableEntity extends HTTPClientError {
  static override readonly status: number = 422;
  static override readonly title: string = 'Unprocessable Entity';
  static override readonly explanation: string = 'The request was well-formed but could not be processed.';
}

/** 423 Locked. */
export class HTTPLocked extends HTTPClientError {
  static override readonly status: number = 423;
  static override readonly title: string = 'Locked';
  static override readonly explanation: string = 'The resource is locked.';
}

/** 424 Failed Dependency. */
export class HTTPFailedDependency extends HTTPClientError {
  static override readonly status: number = 424;
  static override readonly title: string = 'Failed Dependency';
  static override readonly explanation: string = 'The request depended on another request that failed.';
}

/** 428 Precondition Required. */
export class HTTPPreconditionRequired extends HTTPClientError {
  static override readonly status: number = 428;
  static override readonly title: string = 'Precondition Required';
  static override readonly explanation: string = 'The request must be conditional.';
}

/** 429 Too Many Requests. */
export class HTTPTooManyRequests extends HTTPClientError {
  static override readonly status: number = 429;
  static override readonly title: string = 'Too Many Requests';
  static override readonly explanation: string = 'Too many requests were sent in a given amount of time.';
}

/** 431 Request Header Fields Too Large. */
export class HTTPRequestHeaderFieldsTooLarge extends HTTPClientError {
  static override readonly status: number = 431;
  static override readonly title: string = 'Request Header Fields Too Large';
  static override readonly explanation: string = "The request's headers are too large.";
}

/** 500 Internal Server Error. */
export class HTTPInternalServerError extends HTTPServerError {
  static override readonly status: number = 500;
  static override readonly title: string = 'Internal Server Error';
  static override readonly explanation =
    'The server has either erred or is incapable of performing the requested operation.';
}

/** 501 Not Implemented. */
export class HTTPNotImplemented extends HTTPServerError {
  static override readonly status: number = 501;
  static override readonly title: string = 'Not Implemented';
  static override readonly explanation: string = 'The server does not support this request.';
}

/** 502 Bad Gateway. */
export class HTTPBadGateway extends HTTPServerError {
  static override readonly status: number = 502;
  static override readonly title: string = 'Bad Gateway';
  static override readonly explanation: string = 'An upstream server sent an invalid response.';
}

/** 503 Service Unavailable. */
export class HTTPServiceUnavailable extends HTTPServerError {
  static override readonly status: number = 503;
  static override readonly title: string = 'Service Unavailable';
  static override readonly explanation: string = 'The server is temporarily unavailable.';
}

/** 504 Gateway Timeout. */
export class HTTPGatewayTimeout extends HTTPServerError {
  static override readonly status: number = 504;
  static override readonly title: string = 'Gateway Timeout';
  static override readonly explanation: string = 'An upstream server did not answer in time.';
}

/** 505 HTTP Version Not Supported. */
export class HTTPVersionNotSupported extends HTTPServerError {
  static override readonly status: number = 505;
  static override readonly title: string = 'HTTP Version Not Supported';
  static override readonly explanation: string = 'The HTTP version is not supported.';
}

/** 507 Insufficient Storage. */
export class HTTPInsufficientStorage extends HTTPServerError {
  static override readonly status: number = 507;
  static override readonly title: string = 'Insufficient Storage';
  static override readonly explanation: string = 'The server cannot store what the request needs.';
}

/** An HTTP exception class. */
export type HTTPExceptionClass = (abstract new (
  ...args: never[]
) => HTTPException) & { readonly status: number };

/** Every HTTP exception class, by status. */
export const STATUS_CLASSES: ReadonlyMap<number, HTTPExceptionClass> = new Map(
  (
    [
      HTTPMultipleChoices,
      HTTPMovedPermanently,
      HTTPFound,
      HTTPSeeOther,
      HTTPNotModified,
      HTTPUseProxy,
      HTTPTemporaryRedirect,
      HTTPPermanentRedirect,
      HTTPBadRequest,
      HTTPUnauthorized,
      HTTPPaymentRequired,
      HTTPForbidden,
      HTTPNotFound,
      HTTPMethodNotAllowed,
      HTTPNotAcceptable,
      HTTPProxyAuthenticationRequired,
      HTTPRequestTimeout,
      HTTPConflict,
      HTTPGone,
      HTTPLengthRequired,
      HTTPPreconditionFailed,
      HTTPRequestEntityTooLarge,
      HTTPRequestURITooLong,
      HTTPUnsupportedMediaType,
      HTTPRequestRangeNotSatisfiable,
      HTTPExpectationFailed,
      HTTPImATeapot,
      HTTPUnprocessableEntity,
      HTTPLocked,
      HTTPFailedDependency,
      HTTPPreconditionRequired,
      HTTPTooManyRequests,
      HTTPRequestHeaderFieldsTooLarge,
      HTTPInternalServerError,
      HTTPNotImplemented,
      HTTPBadGateway,
      HTTPServiceUnavailable,
      HTTPGatewayTimeout,
      HTTPVersionNotSupported,
      HTTPInsufficientStorage,
    ] as HTTPExceptionClass[]
  ).map((cls) => [cls.status, cls]),
);

/**
 * The HTTP exception for a status.
 * @example throw exceptionResponse(409, { detail: 'Already taken' });
 */
export function exceptionResponse(status: number, options: HTTPExceptionOptions = {}): HTTPException {
  const cls = STATUS_CLASSES.get(status);
  if (cls === undefined) throw new RangeError(`No HTTP exception class for status ${status}`);
  if (cls.prototype instanceof HTTPRedirection) {
    return new (cls as unknown as new (location: string, options: HTTPExceptionOptions) => HTTPException)(
      '/',
      options,
    );
  }
  return new (cls as unknown as new (options: HTTPExceptionOptions) => HTTPException)(options);
}
