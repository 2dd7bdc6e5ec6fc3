// A small case-insensitive header map for responses; Set-Cookie keeps one entry per cookie. Names
// and values are checked when set (Location is made a URI first), so a response never fails to send.
import { ZigguratError } from '../errors.js';
import { iriToUri } from './iri.js';

type HeaderValue = string | number;

/** What ResponseHeaders accepts at construction. */
export type HeadersInit =
  | Readonly<Record<string, HeaderValue | readonly string[]>>
  | Iterable<readonly [string, string]>
  | ResponseHeaders;

interface Entry {
  /** The lower-case name, which lookups compare. */
  readonly key: string;
  /** The first spelling, kept for output. */
  readonly name: string;
  values: string[];
}

/** What one header sends: its only value, Set-Cookie's values as a list, any other's joined with ', '. */
function outputValue({ key, values }: Entry): string | string[] {
  if (values.length === 1) return values[0] as string;
  return key === 'set-cookie' ? [...values] : values.join(', ');
}

/** Internal access for the framework (not exported from the index). */
export let headersInternals: {
  /** Set a header whose lower-case key and spelling the framework knows to be safe (the value is checked). */
  setKnown(headers: ResponseHeaders, key: string, name: string, value: string): void;
  /**
   * Set a header whose key, spelling and value were all checked before (at commit): what a
   * renderer's content type is on every response, so the check is not repeated per request.
   */
  setChecked(headers: ResponseHeaders, key: string, name: string, value: string): void;
  /** The value a header would store, checked as set() checks it: throws ZIG_ERR_HEADER_VALUE. */
  checkValue(key: string, name: string, value: string): string;
  /**
   * Call `fn(key, value)` for each header, by lower-case key (what Fastify stores them by); returns
   * the Content-Type among them (null without one).
   */
  writeEach<T>(
    headers: ResponseHeaders,
    fn: (this: T, key: string, value: string | string[]) => void,
    thisArg: T,
  ): string | null;
};

// Per character code below 128: 1 for the token characters a header name may have (RFC 9110).
const TOKEN_CHARS = new Uint8Array(128);
for (const char of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_CHARS[char.charCodeAt(0)] = 1;
}

function headerError(message: string): ZigguratError {
  return new ZigguratError('ZIG_ERR_HEADER_VALUE', message, { statusCode: 500 });
}

function describeChar(text: string, index: number): string {
  const code = text.codePointAt(index) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${index}`;
}

function checkName(name: string): string {
  // A loop over a table rather than a regex: this runs for every header of every response.
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128 || TOKEN_CHARS[code] === 0) {
      throw headerError(
        `The header name ${JSON.stringify(name)} has a character HTTP does not allow (${describeChar(name, i)})`,
      );
    }
  }
  if (name.length === 0) throw headerError('A header name must not be empty');
  return name;
}

/**
 * The position of the first character Node refuses in a header value (controls but tab, DEL, and,
 * unless `anyAbove` because they will be encoded, characters above U+00FF), or -1.
 */
function badValueChar(value: string, anyAbove: boolean): number {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || (code > 0xff && !anyAbove)) return i;
  }
  return -1;
}

/**
 * The value to store for header `key` (spelled `name`), checked. A Location is an IRI made a URI
 * (non-ASCII percent-encoded); a control character in it is refused all the same, as anywhere.
 */
function checkValue(key: string, name: string, value: string): string {
  const location = key === 'location';
  const bad = badValueChar(value, location);
  if (bad !== -1) {
    throw headerError(
      `The ${name} header's value has a character HTTP does not allow (${describeChar(value, bad)})`,
    );
  }
  return location ? locationOf(value) : value;
}

function locationOf(value: string): string {
  try {
    return iriToUri(value);
  } catch (error) {
    throw headerError(`The Location header's value cannot be made a URI: ${(error as Error).message}`);
  }
}

/**
 * Response headers: case-insensitive, first spelling kept for output. A name that is not an HTTP
 * token, or a value with a character Node would refuse to send, throws ZIG_ERR_HEADER_VALUE when
 * set; a Location is made a URI (see Response.location).
 * @example
 * response.headers.set('Cache-Control', 'no-store');
 * response.headers.append('Set-Cookie', 'a=1');
 */
export class ResponseHeaders {
  // A list rather than a Map: a response has a handful of headers, and a short scan is cheaper
  // than hashing (this is made for every response).
  readonly #entries: Entry[] = [];

  static {
    headersInternals = {
      setKnown: (headers, key, name, value) => headers.#put(key, name, checkValue(key, name, String(value))),
      setChecked: (headers, key, name, value) => headers.#put(key, name, value),
      checkValue,
      writeEach: (headers, fn, thisArg) => {
        let contentType: string | null = null;
        for (const entry of headers.#entries) {
          const value = outputValue(entry);
          if (entry.key === 'content-type') contentType = String(value);
          fn.call(thisArg, entry.key, value);
        }
        return contentType;
      },
    };
  }

  constructor(init?: HeadersInit) {
    if (init === undefined) return;
    if (init instanceof ResponseHeaders) {
      for (const [name, value] of init) for (const item of [value].flat()) this.append(name, item);
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        for (const item of Array.isArray(value) ? value : [value]) this.append(name, item as HeaderValue);
      }
    }
  }

  get size(): number {
    return this.#entries.length;
  }

  #indexOf(key: string): number {
    for (let i = 0; i < this.#entries.length; i++) if (this.#entries[i]?.key === key) return i;
    return -1;
  }

  #find(key: string): Entry | undefined {
    const index = this.#indexOf(key);
    return index === -1 ? undefined : this.#entries[index];
  }

  /** One header's value; several values are joined with ', ' (Set-Cookie: use getAll). */
  get(name: string): string | undefined {
    const values = this.#find(name.toLowerCase())?.values;
    if (values === undefined) return undefined;
    return values.length === 1 ? values[0] : values.join(', ');
  }

  getAll(name: string): string[] {
    return [...(this.#find(name.toLowerCase())?.values ?? [])];
  }

  has(name: string): boolean {
    return this.#find(name.toLowerCase()) !== undefined;
  }

  set(name: string, value: HeaderValue): this {
    const key = checkName(name).toLowerCase();
    this.#put(key, name, checkValue(key, name, String(value)));
    return this;
  }

  #put(key: string, name: string, value: string): void {
    const entry = this.#find(key);
    if (entry) entry.values = [value];
    else this.#entries.push({ key, name, values: [value] });
  }

  append(name: string, value: HeaderValue): this {
    const key = checkName(name).toLowerCase();
    const text = checkValue(key, name, String(value));
    const entry = this.#find(key);
    if (entry) entry.values.push(text);
    else this.#entries.push({ key, name, values: [text] });
    return this;
  }

  delete(name: string): boolean {
    const index = this.#indexOf(name.toLowerCase());
    if (index === -1) return false;
    this.#entries.splice(index, 1);
    return true;
  }

  /** One entry per header: Set-Cookie with several values as an array, any other joined with ', '. */
  *entries(): IterableIterator<[string, string | string[]]> {
    for (const entry of this.#entries) yield [entry.name, outputValue(entry)];
  }

  /** Call `fn(value, name)` for each header (with `this` as thisArg), values as entries() gives them. */
  forEach<T>(fn: (this: T, value: string | string[], name: string) => void, thisArg?: T): void {
    for (const entry of this.#entries) fn.call(thisArg as T, outputValue(entry), entry.name);
  }

  [Symbol.iterator](): IterableIterator<[string, string | string[]]> {
    return this.entries();
  }

  toObject(): Record<string, string | string[]> {
    return Object.fromEntries(this.entries());
  }
}
