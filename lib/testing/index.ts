// lib/testing/ (ziggurat/testing): unit-testing views without a server: testConfig() and DummyRequest.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Configurator, type ConfiguratorOptions } from '../config/configurator.js';
import { Registry } from '../config/registry.js';
import { Request } from '../http/request.js';
import { silentLog } from '../http/silent-log.js';
import type { Matchdict } from '../urldispatch/index.js';

export {
  type EventStreamReader,
  type OpenEventStreamOptions,
  openEventStream,
  type ReceivedEvent,
} from './event-stream.js';

/** Options of DummyRequest; everything defaults to a plain GET of `/`. */
export interface DummyRequestOptions {
  method?: string;
  /** The path (percent-encoded as a client would send it), optionally with a query string. */
  path?: string;
  headers?: Record<string, string | string[]>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  cookies?: Record<string, string>;
  matchdict?: Matchdict;
  context?: unknown;
  host?: string;
  scheme?: 'http' | 'https';
  /** The registry of a configurator (for routeUrl, settings, policies). */
  registry?: Registry;
}

function queryOf(path: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const search = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
}

/**
 * A Request for unit tests: no Fastify, no server.
 * @example
 * const request = new DummyRequest({ matchdict: { name: 'Ada' } });
 * assert.deepEqual(hello(request), { text: 'Hello Ada' });
 */
export class DummyRequest extends Request {
  constructor(options: DummyRequestOptions = {}) {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    headers.host ??= options.host ?? 'example.com';
    if (options.cookies) headers.cookie = cookieHeader(options.cookies);
    const path = options.path ?? '/';
    const fake = {
      method: (options.method ?? 'GET').toUpperCase(),
      url: path,
      headers,
      query: options.query ?? queryOf(path),
      body: options.body,
      protocol: options.scheme ?? 'http',
      host: String(headers.host),
      params: {},
      log: silentLog,
    };
    super(fake as unknown as FastifyRequest, {} as FastifyReply, options.registry ?? new Registry());
    if (options.matchdict) this.matchdict = options.matchdict;
    if (options.context !== undefined) this.context = options.context;
  }
}

/**
 * A Configurator for unit tests (commit it before generating URLs with a DummyRequest).
 * @example
 * const config = testConfig(); config.addRoute('home', '/'); await config.commit();
 * new DummyRequest({ registry: config.registry }).routePath('home'); // '/'
 */
export function testConfig(options: ConfiguratorOptions = {}): Configurator {
  return new Configurator(options);
}

export {
  connectWebSocket,
  injectWebSocket,
  type TestSocketClose,
  type TestSocketOptions,
  TestWebSocket,
  WebSocketRefused,
} from './websocket.js';
