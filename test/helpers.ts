// Shared test helpers: build an app from a configure function and inject requests into it.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Configurator, type ConfiguratorOptions } from '../lib/index.js';

/** Build an app: configure a fresh Configurator, then makeApp. */
export async function appWith(
  configure: (config: Configurator) => void | Promise<void>,
  options: ConfiguratorOptions = {},
): Promise<FastifyInstance> {
  const config = new Configurator(options);
  await configure(config);
  return config.makeApp();
}

/** Inject a request and return status, headers and body (parsed as JSON when it is JSON or a problem document). */
export async function call(app: FastifyInstance, options: InjectOptions | string) {
  const response = await app.inject(typeof options === 'string' ? { method: 'GET', url: options } : options);
  const type = String(response.headers['content-type'] ?? '');
  const isJson = type.startsWith('application/json') || type.startsWith('application/problem+json');
  const json = isJson && response.body !== '' ? JSON.parse(response.body) : undefined;
  return { status: response.statusCode, headers: response.headers, body: response.body, json };
}

/** A view returning JSON of a fixed label, for dispatch tests. */
export const label = (name: string) => () => ({ view: name });

/** Carries cookies between injected requests, as a browser would (expiry by Max-Age=0 or a past Expires). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** Take the Set-Cookie headers of a response. */
  update(headers: Record<string, unknown>): this {
    const raw = headers['set-cookie'];
    const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
    for (const line of lines as string[]) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const expired = attributes.some(
        (attribute) =>
          /^max-age=0$/i.test(attribute) ||
          (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()),
      );
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return this;
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Inject with the jar's cookies and keep the cookies the response sets. */
  async call(app: FastifyInstance, options: InjectOptions | string) {
    const base: InjectOptions = typeof options === 'string' ? { method: 'GET', url: options } : options;
    const response = await call(app, { ...base, headers: { ...base.headers, cookie: this.header() } });
    this.update(response.headers);
    return response;
  }
}
