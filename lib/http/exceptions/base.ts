// The base of the HTTP exceptions: a Response that can be thrown, with a body negotiated from Accept.
import { acceptQuality } from '../accept-header.js';
import { Response, type ResponseInit } from '../response.js';
import type { HeadersInit } from '../response-headers.js';

/** Options of an HTTP exception. */
export interface HTTPExceptionOptions {
  /** What went wrong, shown in the generated body (escaped). */
  detail?: string;
  headers?: HeadersInit;
  /** A body of your own instead of the generated one. */
  body?: string;
  contentType?: string;
}

const NO_BODY = new Set([204, 304]);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

type Format = 'plain' | 'html' | 'json';

/** text/plain unless the client prefers HTML or JSON (ties go to plain text). */
function negotiate(accept: string | undefined): Format {
  const offers: Array<[Format, string]> = [
    ['plain', 'text/plain'],
    ['html', 'text/html'],
    ['json', 'application/json'],
  ];
  let best: Format = 'plain';
  let bestQuality = acceptQuality(accept, 'text/plain');
  for (const [format, type] of offers.slice(1)) {
    const quality = acceptQuality(accept, type);
    if (quality > bestQuality) [best, bestQuality] = [format, quality];
  }
  return best;
}

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
    Error.captureStackTrace(this, new.target);
  }

  /** The detail when given, else the class's explanation. */
  get message(): string {
    return this.detail ?? this.explanation;
  }

  get name(): string {
    return this.constructor.name;
  }

  /** Fill in a body negotiated from the Accept header, unless there is one (or the status has none). */
  prepareBody(accept: string | undefined): void {
    if (this.body !== null) return;
    if (NO_BODY.has(this.status)) return;
    const format = negotiate(accept);
    if (format === 'json') {
      this.contentType = 'application/json; charset=utf-8';
      this.body = JSON.stringify({ status: this.status, title: this.title, message: this.message });
    } else if (format === 'html') {
      this.contentType = 'text/html; charset=utf-8';
      this.body = this.#html();
    } else {
      this.contentType = 'text/plain; charset=utf-8';
      this.body = `${this.status} ${this.title}\n\n${this.#plainMessage()}\n`;
    }
  }

  #plainMessage(): string {
    const location = this.location;
    return location === undefined ? this.message : `${this.message}\n${location}`;
  }

  #html(): string {
    const heading = `${this.status} ${escapeHtml(this.title)}`;
    const location = this.location;
    const link =
      location === undefined ? '' : `\n<p><a href="${escapeHtml(location)}">${escapeHtml(location)}</a></p>`;
    return (
      `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${heading}</title></head>\n` +
      `<body>\n<h1>${heading}</h1>\n<p>${escapeHtml(this.message)}</p>${link}\n</body>\n</html>\n`
    );
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
