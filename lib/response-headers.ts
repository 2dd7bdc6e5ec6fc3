// A small case-insensitive header map for responses; Set-Cookie keeps one entry per cookie.

type HeaderValue = string | number;

/** What ResponseHeaders accepts at construction. */
export type HeadersInit =
  | Readonly<Record<string, HeaderValue | readonly string[]>>
  | Iterable<readonly [string, string]>
  | ResponseHeaders;

interface Entry {
  name: string;
  values: string[];
}

function checkSafe(text: string, what: string): string {
  if (/[\r\n]/.test(text))
    throw new TypeError(`Header ${what} must not contain CR or LF: ${JSON.stringify(text)}`);
  return text;
}

/**
 * Response headers: case-insensitive, first spelling kept for output.
 * @example
 * response.headers.set('Cache-Control', 'no-store');
 * response.headers.append('Set-Cookie', 'a=1');
 */
export class ResponseHeaders {
  readonly #entries = new Map<string, Entry>();

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
    return this.#entries.size;
  }

  /** One header's value; several values are joined with ', ' (Set-Cookie: use getAll). */
  get(name: string): string | undefined {
    const values = this.#entries.get(name.toLowerCase())?.values;
    if (values === undefined) return undefined;
    return values.length === 1 ? values[0] : values.join(', ');
  }

  getAll(name: string): string[] {
    return [...(this.#entries.get(name.toLowerCase())?.values ?? [])];
  }

  has(name: string): boolean {
    return this.#entries.has(name.toLowerCase());
  }

  set(name: string, value: HeaderValue): this {
    const key = checkSafe(name, 'name').toLowerCase();
    const spelled = this.#entries.get(key)?.name ?? name;
    this.#entries.set(key, { name: spelled, values: [checkSafe(String(value), 'value')] });
    return this;
  }

  append(name: string, value: HeaderValue): this {
    const key = checkSafe(name, 'name').toLowerCase();
    const entry = this.#entries.get(key);
    const text = checkSafe(String(value), 'value');
    if (entry) entry.values.push(text);
    else this.#entries.set(key, { name, values: [text] });
    return this;
  }

  delete(name: string): boolean {
    return this.#entries.delete(name.toLowerCase());
  }

  /** One entry per header: Set-Cookie with several values as an array, any other joined with ', '. */
  *entries(): IterableIterator<[string, string | string[]]> {
    for (const [key, { name, values }] of this.#entries) {
      if (values.length === 1) yield [name, values[0] as string];
      else yield [name, key === 'set-cookie' ? [...values] : values.join(', ')];
    }
  }

  /** Call `fn(value, name)` for each header, values as entries() gives them. */
  forEach(fn: (value: string | string[], name: string) => void): void {
    for (const [key, { name, values }] of this.#entries) {
      if (values.length === 1) fn(values[0] as string, name);
      else fn(key === 'set-cookie' ? [...values] : values.join(', '), name);
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string | string[]]> {
    return this.entries();
  }

  toObject(): Record<string, string | string[]> {
    return Object.fromEntries(this.entries());
  }
}
