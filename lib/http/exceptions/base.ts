// The base of the HTTP exceptions: a Response that can be thrown, with a body negotiated from Accept.
import { Response, type ResponseInit } from '../response.js';
import type { HeadersInit } from '../response-headers.js';
import { errorBody } from './error-body.js';

/** Options of an HTTP exception. */
export interface HTTPExceptionOptions {
  /** What went wrong, shown in the generated body (escaped). */
  detail?: string;
  headers?: HeadersInit;
  /** A body of your own instead of the generated one. */
  body?: string;
  contentType?: string;
  /**
   * Members of the JSON problem document besides the generated ones: a `type` URI, an `instance`,
   * extension members such as `errors` (RFC 9457).
   */
  problem?: Readonly<Record<string, unknown>>;
}

const NO_BODY = new Set([204, 304]);

/**
 * The base of every HTTP exception: a Response with a status, a title and a detail.
 * @example throw new HTTPNotFound({ detail: 'No such page' });
 */
export class HTTPException extends Response {
  static readonly status: number = 500;
  static readonly title: string = 'HTTP Exception';
  static readonly explanation: string = '';
  readonly title: string;
  readonly explanation: string;
  detail: string | undefined;
  /** Members the JSON problem document adds to (or replaces of) the generated ones. */
  readonly problem: Readonly<Record<string, unknown>> | undefined;
  readonly isHTTPException = true;
  declare readonly stack: string;

  constructor(options: HTTPExceptionOptions = {}) {
    const cls = new.target as typeof HTTPException;
    const init: ResponseInit = { status: cls.status };
    if (options.headers !== undefined) init.headers = options.headers;
    if (options.contentType !== undefined) init.contentType = options.contentType;
    super(options.body ?? null, init);
    this.title = cls.title;
    this.explanation = cls.explanation;
    this.detail = options.detail;
    this.problem = options.problem;
    Error.captureStackTrace(this, new.target);
  }

  /** The detail when given, else the class's explanation. */
  get message(): string {
    return this.detail ?? this.explanation;
  }

  get name(): string {
    return this.constructor.name;
  }

  /**
   * Fill in a body negotiated from the Accept header, unless there is one (or the status has none):
   * HTML for browsers (and `*\/*`), an `application/problem+json` document for JSON clients, plain
   * text otherwise (and without an Accept header). With `jsonFirst` (a JSON API's request), the
   * problem document also answers `*\/*`. Made only when the exception is answered.
   */
  prepareBody(accept: string | undefined, jsonFirst = false): void {
    if (this.body !== null) return;
    if (NO_BODY.has(this.status)) return;
    const { contentType, body } = errorBody(
      {
        status: this.status,
        title: this.title,
        explanation: this.explanation,
        detail: this.detail,
        location: this.location,
        problem: this.problem,
      },
      accept,
      jsonFirst,
    );
    this.contentType = contentType;
    this.body = body;
  }
}

/** 4xx and 5xx. */
export class HTTPError extends HTTPException {}

/** 4xx: the client's mistake. */
export class HTTPClientError extends HTTPError {}

/** 5xx: the server's failure. */
export class HTTPServerError extends HTTPError {}

/** 3xx: redirects take the location first. */
export class HTTPRedirection extends HTTPException {
  constructor(location: string, options: HTTPExceptionOptions = {}) {
    super(options);
    if (NO_BODY.has(this.status)) return;
    this.location = location;
  }
}
