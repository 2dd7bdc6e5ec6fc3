import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

declare module '../../lib/index.js' {
  interface Request {
    greeting?: string;
    shout?(text: string): string;
    counter?: number;
  }
}

describe('Request', () => {
  it('exposes method, path, url, headers, query, cookies and parsed JSON and form bodies', async () => {
    const app = await appWith((config) => {
      config.addRoute('r', '/r/{id}');
      config.addView(
        (request: Request) => ({
          method: request.method,
          path: request.path,
          url: request.url,
          agent: request.headers['x-agent'],
          query: request.query,
          cookies: request.cookies,
          body: request.body,
        }),
        { routeName: 'r', renderer: 'json' },
      );
    });
    const json = await call(app, {
      method: 'POST',
      url: '/r/1?a=1&a=2',
      headers: { 'x-agent': 'test', cookie: 'k=v; other=w' },
      payload: { hello: 'world' },
    });
    assert.deepEqual(json.json, {
      method: 'POST',
      path: '/r/1',
      url: 'http://localhost/r/1?a=1&a=2',
      agent: 'test',
      query: { a: ['1', '2'] },
      cookies: { k: 'v', other: 'w' },
      body: { hello: 'world' },
    });
    const form = await call(app, {
      method: 'POST',
      url: '/r/1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Ada+Lovelace&x=%26',
    });
    assert.deepEqual(form.json?.body, { name: 'Ada Lovelace', x: '&' });
  });

  it('reads one header by a name in any case; names of Object.prototype are no headers', async () => {
    const app = await appWith((config) => {
      config.addRoute('h', '/h');
      config.addView(
        (request: Request) => ({
          lower: request.headerValue('x-agent'),
          mixed: request.headerValue('X-Agent'),
          missing: request.headerValue('x-missing') ?? null,
          proto: [typeof request.headerValue('toString'), typeof request.headerValue('constructor')],
        }),
        { routeName: 'h', renderer: 'json' },
      );
    });
    const json = await call(app, {
      url: '/h',
      headers: { 'x-agent': 'test' },
    });
    assert.deepEqual(json.json, {
      lower: 'test',
      mixed: 'test',
      missing: null,
      proto: ['undefined', 'undefined'],
    });
  });

  it('answers 400 for a malformed JSON body, without details of the parser', async () => {
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(() => ({}), { routeName: 'r', renderer: 'json' });
    });
    const res = await call(app, {
      method: 'POST',
      url: '/r',
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    assert.equal(res.status, 400);
    assert.doesNotMatch(res.body, /node_modules|\.js:/);
  });

  it('adds request methods, properties and reified properties', async () => {
    let computed = 0;
    const app = await appWith((config) => {
      config.addRequestMethod((request: Request) => `hello ${request.path}`, 'greeting', { property: true });
      config.addRequestMethod((_request: Request, text: string) => text.toUpperCase(), 'shout');
      config.addRequestMethod(() => ++computed, 'counter', { reify: true });
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => ({
          greeting: request.greeting,
          shout: request.shout?.('hey'),
          counter: [request.counter, request.counter],
        }),
        { routeName: 'r', renderer: 'json' },
      );
    });
    assert.deepEqual((await call(app, '/r')).json, { greeting: 'hello /r', shout: 'HEY', counter: [1, 1] });
    assert.deepEqual((await call(app, '/r')).json?.counter, [2, 2]);
  });

  it('refuses a request method that would hide a Request member', async () => {
    const { Configurator } = await import('../../lib/index.js');
    const config = new Configurator();
    assert.throws(
      () => config.addRequestMethod(() => 1, 'matchdict'),
      (error: Error & { code?: string }) => error.code === 'ZIG_ERR_CONFIG_OPTION',
    );
  });

  it('runs response callbacks with the response and finished callbacks at the end', async () => {
    const finished: string[] = [];
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => {
          request.addResponseCallback((_req, response) => response.headers.set('X-Callback', 'ran'));
          request.addFinishedCallback((req) => void finished.push(req.path));
          return 'ok';
        },
        { routeName: 'r', renderer: 'string' },
      );
    });
    const res = await call(app, '/r');
    assert.equal(res.headers['x-callback'], 'ran');
    assert.deepEqual(finished, ['/r']);
  });

  it('raises a clear error for request.session without a session factory', async () => {
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => {
          try {
            return { session: request.session };
          } catch (error) {
            return { code: (error as { code?: string }).code };
          }
        },
        { routeName: 'r', renderer: 'json' },
      );
    });
    assert.deepEqual((await call(app, '/r')).json, { code: 'ZIG_ERR_NO_SESSION' });
  });
});
