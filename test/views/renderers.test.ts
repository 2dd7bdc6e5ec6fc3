import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

describe('renderers', () => {
  it('renders json and string with their content types', async () => {
    const app = await appWith((config) => {
      config.addRoute('j', '/j');
      config.addRoute('s', '/s');
      config.addView(() => ({ a: [1, 'two'] }), { routeName: 'j', renderer: 'json' });
      config.addView(() => 42, { routeName: 's', renderer: 'string' });
    });
    const json = await call(app, '/j');
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(json.json, { a: [1, 'two'] });
    const text = await call(app, '/s');
    assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(text.body, '42');
  });

  it('runs a renderer factory once per renderer name, never per request', async () => {
    const made: string[] = [];
    const app = await appWith((config) => {
      config.addRenderer('.txt', ({ name }) => {
        made.push(name);
        return (value, system) => `${name}:${String(value)}:${system.renderer}`;
      });
      config.addRoute('a', '/a');
      config.addRoute('b', '/b');
      config.addView(() => 'x', { routeName: 'a', renderer: 'one.txt' });
      config.addView(() => 'y', { routeName: 'b', renderer: 'two.txt' });
      config.addView(() => 'z', { routeName: 'b', renderer: 'one.txt', requestMethod: 'POST' });
    });
    for (let i = 0; i < 3; i++) await call(app, '/a');
    assert.equal((await call(app, '/b')).body, 'two.txt:y:two.txt');
    assert.deepEqual(made.sort(), ['one.txt', 'two.txt']);
  });

  it('lets the view set status, headers and cookies on request.response', async () => {
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => {
          request.response.status = 201;
          request.response.headers.set('X-Id', '9');
          request.response.setCookie('seen', 'yes');
          return { created: true };
        },
        { routeName: 'r', renderer: 'json' },
      );
    });
    const res = await call(app, '/r');
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-id'], '9');
    assert.match(String(res.headers['set-cookie']), /seen=yes; .*HttpOnly/);
    assert.deepEqual(res.json, { created: true });
  });

  it("sends a renderer's own content type, unless the view set one", async () => {
    const app = await appWith((config) => {
      config.addRenderer('csv', () =>
        Object.assign((value: unknown) => String(value), { contentType: 'text/csv' }),
      );
      config.addRoute('c', '/c');
      config.addRoute('t', '/t');
      config.addView(() => 'a,b', { routeName: 'c', renderer: 'csv' });
      config.addView(
        (request: Request) => {
          request.response.contentType = 'text/plain; charset=utf-8';
          return 'a,b';
        },
        { routeName: 't', renderer: 'csv' },
      );
    });
    assert.equal((await call(app, '/c')).headers['content-type'], 'text/csv');
    assert.equal((await call(app, '/t')).headers['content-type'], 'text/plain; charset=utf-8');
  });

  it("shows the renderer's content type in the rendered response's headers, and sends what callbacks changed", async () => {
    const seen: Array<Record<string, string | string[]>> = [];
    const app = await appWith((config) => {
      config.addRoute('plain', '/plain');
      config.addRoute('status', '/status');
      config.addRoute('read', '/read');
      const remember = (request: Request) =>
        request.addResponseCallback((_request, response) => {
          seen.push(response.headers.toObject());
          response.headers.set('X-After', 'yes');
        });
      config.addView(
        (request: Request) => {
          remember(request);
          return { a: 1 };
        },
        { routeName: 'plain', renderer: 'json' },
      );
      // Only the status touched: the response exists before rendering, without headers.
      config.addView(
        (request: Request) => {
          remember(request);
          request.response.status = 202;
          return 'text';
        },
        { routeName: 'status', renderer: 'string' },
      );
      // Headers read (empty) before rendering: the renderer's content type is still added.
      config.addView(
        (request: Request) => {
          remember(request);
          assert.equal(request.response.headers.size, 0);
          return { b: 2 };
        },
        { routeName: 'read', renderer: 'json' },
      );
    });
    const plain = await call(app, '/plain');
    const status = await call(app, '/status');
    const read = await call(app, '/read');
    assert.deepEqual(seen, [
      { 'Content-Type': 'application/json; charset=utf-8' },
      { 'Content-Type': 'text/plain; charset=utf-8' },
      { 'Content-Type': 'application/json; charset=utf-8' },
    ]);
    assert.equal(status.status, 202);
    for (const res of [plain, status, read]) assert.equal(res.headers['x-after'], 'yes');
    assert.equal(plain.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(status.headers['content-type'], 'text/plain; charset=utf-8');
  });

  it("fails at commit when a renderer's content type is no valid header value, naming the view", async () => {
    await assert.rejects(
      appWith((config) => {
        config.addRenderer('bad', () =>
          Object.assign((value: unknown) => String(value), { contentType: 'text/html\r\nX-Injected: 1' }),
        );
        config.addRoute('r', '/r');
        config.addView(() => 'x', { routeName: 'r', renderer: 'bad' });
      }),
      (error: Error & { code?: string }) =>
        error.name === 'ConfigurationError' &&
        error.code === 'ZIG_ERR_HEADER_VALUE' &&
        /Content-Type/.test(error.message) &&
        /renderer 'bad' of the view at .*renderers\.test\.ts:\d+/.test(error.message),
    );
  });

  it('fails at commit when a view names an unknown renderer', async () => {
    await assert.rejects(
      appWith((config) => {
        config.addRoute('r', '/r');
        config.addView(() => ({}), { routeName: 'r', renderer: 'page.mustache' });
      }),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_RENDERER_UNKNOWN' && /renderers\.test\.ts:\d+/.test(error.message),
    );
  });
});
