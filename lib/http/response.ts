// The Response a view may return (and that renderers fill): status, headers, cookies, body.
import { type SerializeOptions, serialize } from 'cookie';
import { ZigguratError } from '../errors.js';
import { type HeadersInit, headersInternals, ResponseHeaders } from './response-headers.js';

/** What a Response body may be. */
export type ResponseBody = string | Buffer | Uint8Array | NodeJS.ReadableStream | null;

/** Options of `new Response(body, init)`. */
export interface ResponseInit {
  status?: number;
  headers?: HeadersInit;
  contentType?: string;
}

/** Options of setCookie; secure defaults are HttpOnly, SameSite=Lax and Path=/. */
export interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict' | 'none' | boolean;
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
}

/**
 * A Set-Cookie header value, with the secure defaults of setCookie (HttpOnly, SameSite=Lax, Path=/).
 * A name, value or attribute a header cannot carry is a ZIG_ERR_HEADER_VALUE error, raised here.
 * @example return [['Set-Cookie', cookieHeader('auth', ticket, { maxAge: 3600 })]];
 */
export function cookieHeader(name: string, value: string, options: CookieOptions = {}): string {
  const settings: SerializeOptions = { path: '/', httpOnly: true, sameSite: 'lax', ...options };
  try {
    return serialize(name, value, settings);
  } catch (error) {
    // The cookie library refuses names, attributes and values (a lone surrogate) a header cannot carry.
    throw new ZigguratError(
      'ZIG_ERR_HEADER_VALUE',
      `The Set-Cookie header for cookie ${JSON.stringify(name)} cannot be made: ${(error as Error).message}`,
      { statusCode: 500, cause: error },
    );
  }
}

/** The content type of a rendered or string body whose renderer or view named none (not exported from the index). */
export const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Internal access for the framework (not exported from the index). */
export let responseInternals: {
  /**
   * Give the response its renderer's content type (checked at commit), unless the view set one: kept
   * aside, without making the headers, while nothing has asked for them.
   */
  setRenderedType(response: Response, type: string): void;
  /**
   * Call `fn(key, value)` for each header by lower-case key (the rendered content type too); returns
   * the Content-Type (null without one).
   */
  writeHeaders<T>(
    response: Response,
    fn: (this: T, key: string, value: string | string[]) => void,
    thisArg: T,
  ): string | null;
};

/** Set a renderer's content type, checked when its view was committed (no check per response). */
function putContentType(headers: ResponseHeaders, type: string): void {
  headersInternals.setChecked(headers, 'content-type', 'Content-Type', type);
}

function checkStatus(status: number): number {
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    throw new RangeError(`A response status must be an integer from 100 to 999, got ${status}`);
  }
  return status;
}

/**
 * An HTTP response. Return one from a view to bypass the renderer.
 * @example
 * return new Response('created', { status: 201, contentType: 'text/plain', headers: { 'X-Id': '7' } });
 */
export class Response {
  body: ResponseBody;
  #status = 200;
  /** Made on first use: most rendered responses send only their renderer's content type. */
  #headers: ResponseHeaders | null = null;
  /**
   * The renderer's content type while no header has been asked for (see responseInternals): it
   * becomes the Content-Type header when the headers are, and is written as such otherwise.
   */
  #renderedType: string | null = null;

  static {
    responseInternals = {
      setRenderedType: (response, type) => {
        const headers = response.#headers;
        if (headers === null) response.#renderedType = type;
        else if (!headers.has('content-type')) putContentType(headers, type);
      },
      writeHeaders: (response, fn, thisArg) => {
        const headers = response.#headers;
        if (headers !== null) return headersInternals.writeEach(headers, fn, thisArg);
        const type = response.#renderedType;
        if (type !== null) fn.call(thisArg, 'content-type', type);
        return type;
      },
    };
  }

  constructor(body: ResponseBody = null, init?: ResponseInit) {
    this.body = body;
    if (init === undefined) return;
    if (init.headers !== undefined) this.#headers = new ResponseHeaders(init.headers);
    if (init.status !== undefined) this.status = init.status;
    if (init.contentType !== undefined) this.contentType = init.contentType;
  }

  /**
   * A JSON response.
   * @example return Response.json({ ok: true }, { status: 202 });
   */
  static json(value: unknown, init: ResponseInit = {}): Response {
    return new Response(JSON.stringify(value) ?? 'null', {
      contentType: 'application/json; charset=utf-8',
      ...init,
    });
  }

  /** The response's headers (case-insensitive; Set-Cookie keeps one entry per cookie). */
  get headers(): ResponseHeaders {
    if (this.#headers === null) {
      this.#headers = new ResponseHeaders();
      if (this.#renderedType !== null) putContentType(this.#headers, this.#renderedType);
    }
    return this.#headers;
  }

  get status(): number {
    return this.#status;
  }

  set status(value: number) {
    this.#status = checkStatus(value);
  }

  get contentType(): string | undefined {
    return this.headers.get('content-type');
  }

  set contentType(value: string | undefined) {
    if (value === undefined) this.headers.delete('content-type');
    else headersInternals.setKnown(this.headers, 'content-type', 'Content-Type', value);
  }

  /**
   * The Location header. Set, it is made a URI (non-ASCII percent-encoded as UTF-8, `%XX` kept);
   * a control character in it throws ZIG_ERR_HEADER_VALUE.
   * @example response.location = '/Ωmega'; // Location: /%CE%A9mega
   */
  get location(): string | undefined {
    return this.headers.get('location');
  }

  set location(value: string | undefined) {
    if (value === undefined) this.headers.delete('location');
    else headersInternals.setKnown(this.headers, 'location', 'Location', value);
  }

  /**
   * Add a Set-Cookie header (HttpOnly, SameSite=Lax and Path=/ unless told otherwise).
   * @example request.response.setCookie('theme', 'dark', { maxAge: 3600 });
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): this {
    this.headers.append('Set-Cookie', cookieHeader(name, value, options));
    return this;
  }

  /** Expire a cookie in the browser (give the same path and domain it was set with). */
  deleteCookie(name: string, options: Omit<CookieOptions, 'maxAge' | 'expires'> = {}): this {
    return this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) });
  }
}
