import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Configurator,
  cookieHeader,
  HTTPSeeOther,
  type Request,
  Response,
  ZigguratError,
} from '../../lib/index.js';
import { call } from '../helpers.js';
import { listenLocally, rawHttp } from '../http/raw-http.js';

/**
 * Routes whose responses carry what HTTP refuses, set in each way an app can set it. With an onSend
 * hook, as plugins add, Node refuses the reply after the handler has returned, not within it.
 */
async function headerApp(withExceptionView: boolean, withOnSendHook = false) {
  const finished: string[] = [];
  const config = new Configurator();
  const route = (name: string, view: (request: Request) => unknown) => {
    config.addRoute(name, `/${name}`);
    config.addView(
      (request: Request) => {
        request.addFinishedCallback(() => void finished.push(name));
        return view(request);
      },
      { routeName: name, renderer: 'json' },
    );
  };
  route(
    'iri',
    () => new HTTPSeeOther('/Ωmega/ü?q=a b', { headers: [['Set-Cookie', cookieHeader('sid', 's1')]] }),
  );
  route('header', (request) => {
    request.response.headers.set('X-Name', 'Ωmega');
    return {};
  });
  route('cookie', (request) => {
    request.response.setCookie('a b', 'x');
    return {};
  });
  route('reply', (request) => {
    // Straight on Fastify's reply, past Ziggurat's checks: Node refuses it only when sending.
    request.fastify.reply.header('X-Raw', 'Ωmega');
    const response = new Response('fine', { contentType: 'text/plain' });
    response.setCookie('sid', 's2');
    return response;
  });
  if (withOnSendHook) {
    config.configureFastify((app) => {
      app.addHook('onSend', async (_request, reply, payload) => {
        reply.header('X-Hooked', 'yes');
        return payload;
      });
    });
  }
  if (withExceptionView) {
    config.addExceptionView(
      (request: Request) => {
        request.response.status = 500;
        return { page: 'error', code: (request.exception as ZigguratError).code };
      },
      { context: ZigguratError, renderer: 'json' },
    );
  }
  return { app: await config.makeApp(), finished };
}

describe('header values', () => {
  it('redirects to an IRI with its location percent-encoded, keeping the cookie set with it', async (t) => {
    const { app } = await headerApp(false);
    const response = await call(app, '/iri');
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/%CE%A9mega/%C3%BC?q=a%20b');
    assert.match(String(response.headers['set-cookie']), /^sid=s1;/);
    t.after(() => app.close());
    const wire = await rawHttp(
      await listenLocally(app),
      'GET /iri HTTP/1.1\r\nHost: localhost\r\nConnection: close',
    );
    assert.deepEqual([wire.status, wire.reason], [303, 'See Other']);
  });

  it('raises ZIG_ERR_HEADER_VALUE where a view sets a refused header or cookie: the exception view answers', async () => {
    const { app, finished } = await headerApp(true);
    for (const url of ['/header', '/cookie']) {
      const response = await call(app, url);
      assert.equal(response.status, 500, url);
      assert.deepEqual(response.json, { page: 'error', code: 'ZIG_ERR_HEADER_VALUE' }, url);
    }
    assert.deepEqual(finished, ['header', 'cookie']);
  });

  it('answers a whole 500 from Ziggurat when the reply is refused while sending, never a half-written one', async (t) => {
    for (const withOnSendHook of [false, true]) {
      const { app, finished } = await headerApp(false, withOnSendHook);
      t.after(() => app.close());
      const response = await app.inject('/reply');
      assert.equal(response.statusCode, 500);
      assert.equal(response.statusMessage, 'Internal Server Error');
      assert.match(response.body, /^500 Internal Server Error\n/);
      assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
      for (const name of ['x-raw', 'set-cookie']) assert.equal(response.headers[name], undefined);
      assert.equal(response.headers['x-hooked'], withOnSendHook ? 'yes' : undefined);
      assert.deepEqual(finished, ['reply'], 'finished callbacks still run');
      const port = await listenLocally(app);
      const wire = await rawHttp(port, 'GET /reply HTTP/1.1\r\nHost: localhost\r\nConnection: close');
      assert.deepEqual([wire.status, wire.reason], [500, 'Internal Server Error'], wire.raw);
      assert.match(wire.body, /^500 Internal Server Error\n/);
    }
  });

  it('lets the exception views answer a reply refused while sending, as ZIG_ERR_HEADER_VALUE', async () => {
    for (const withOnSendHook of [false, true]) {
      const { app } = await headerApp(true, withOnSendHook);
      const response = await call(app, '/reply');
      assert.deepEqual(
        [response.status, response.json],
        [500, { page: 'error', code: 'ZIG_ERR_HEADER_VALUE' }],
      );
    }
  });
});

describe('sending', () => {
  it('sends an asynchronous answer once, whatever time onSend hooks take', async () => {
    const lines: Array<{ level: number; msg?: string }> = [];
    const logger = { level: 'warn', stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
    const config = new Configurator();
    config.addRoute('slow', '/slow');
    config.addView(
      async (request: Request) => {
        request.addFinishedCallback(() => {});
        return { ok: true };
      },
      { routeName: 'slow', renderer: 'json' },
    );
    config.configureFastify((app) => {
      // As a compression plugin does: the payload is ready only some time later.
      app.addHook('onSend', async (_request, _reply, payload) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return payload;
      });
    });
    const app = await config.makeApp({ logger });
    const response = await call(app, '/slow');
    assert.deepEqual([response.status, response.json], [200, { ok: true }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(lines, [], 'no second send, no "Reply was already sent"');
  });

  it('sends content types as set, a JSON one without charset given utf-8 as Fastify does', async () => {
    const config = new Configurator();
    const types: Record<string, string | undefined> = {
      bare: 'application/json',
      upper: 'Application/JSON',
      problem: 'application/problem+json',
      csv: 'text/csv',
      none: undefined,
    };
    for (const [name, contentType] of Object.entries(types)) {
      config.addRoute(name, `/${name}`);
      config.addView(
        () => {
          const response = new Response('{"a":1}');
          if (contentType !== undefined) response.contentType = contentType;
          return response;
        },
        { routeName: name },
      );
    }
    config.addRoute('json', '/json');
    config.addView(() => ({ a: 1 }), { routeName: 'json', renderer: 'json' });
    config.addRoute('page', '/page');
    config.addView(() => 'page', { routeName: 'page', renderer: 'string' });
    const app = await config.makeApp();
    const typeOf = async (path: string) => (await call(app, path)).headers['content-type'];
    assert.equal(await typeOf('/bare'), 'application/json; charset=utf-8');
    assert.equal(await typeOf('/upper'), 'application/json; charset=utf-8');
    assert.equal(await typeOf('/problem'), 'application/problem+json; charset=utf-8');
    assert.equal(await typeOf('/csv'), 'text/csv');
    assert.equal(await typeOf('/none'), 'text/html; charset=utf-8');
    assert.equal(await typeOf('/json'), 'application/json; charset=utf-8');
    assert.equal(await typeOf('/page'), 'text/plain; charset=utf-8');
    assert.equal((await call(app, '/json')).body, '{"a":1}');
  });
});
