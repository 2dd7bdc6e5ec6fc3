// Routes that only generate URLs (static and external routes), and inheritSlash under a route prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Configurator, listRoutes, type Request, type URLGenerationError } from '../../lib/index.js';
import { DummyRequest, testConfig } from '../../lib/testing/index.js';
import { appWith, call } from '../helpers.js';

const hasCode = (code: string, pattern?: RegExp) => (error: Error & { code?: string }) =>
  error.code === code && (pattern === undefined || pattern.test(error.message));

describe('static routes', () => {
  it('generate URLs but never match a request', async () => {
    const app = await appWith((config) => {
      config.addRoute('name', 'path/{foo}', { static: true });
      config.addRoute('home', '/');
      config.addView((request: Request) => ({ url: request.routeUrl('name', { params: { foo: 'a' } }) }), {
        routeName: 'home',
        renderer: 'json',
      });
      config.addView(() => ({ traversal: true }), { name: 'path', renderer: 'json' });
    });
    assert.deepEqual((await call(app, '/')).json, { url: 'http://localhost/path/a' });
    // the path falls through to traversal, as if the route did not exist
    assert.deepEqual((await call(app, '/path/a')).json, { traversal: true });
  });

  it('are skipped by the fall-through and by appendSlash', async () => {
    const app = await appWith((config) => {
      config.addRoute('item', '/items/{id}', { xhr: true });
      config.addRoute('generated', '/items/*rest', { static: true });
      config.addRoute('docs-url', '/docs/', { static: true });
      config.addView(() => ({ xhr: true }), { routeName: 'item', renderer: 'json' });
      config.addNotFoundView(null, { appendSlash: true });
    });
    assert.deepEqual(
      (await call(app, { method: 'GET', url: '/items/1', headers: { 'x-requested-with': 'XMLHttpRequest' } }))
        .json,
      {
        xhr: true,
      },
    );
    // the static wildcard route matches the path, but only generates URLs: the 404 stands
    assert.equal((await call(app, '/items/1')).status, 404);
    // '/docs/' is only a static route: no redirect to it
    assert.equal((await call(app, '/docs')).status, 404);
  });

  it('are listed without methods', async () => {
    const config = testConfig();
    config.addRoute('name', '/path/{foo}', { static: true });
    config.addRoute('ext', 'https://example.org/{x}');
    await config.commit();
    const listed = listRoutes(config).map(({ name, pattern, methods }) => ({ name, pattern, methods }));
    assert.deepEqual(listed, [
      { name: 'name', pattern: '/path/{foo}', methods: [] },
      { name: 'ext', pattern: 'https://example.org/{x}', methods: [] },
    ]);
  });

  it('refuse options that only matter when matching, and views that name them', async () => {
    const config = testConfig();
    for (const options of [
      { requestMethod: 'GET' },
      { factory: () => null },
      { traverse: '/{foo}' },
      { xhr: true },
    ]) {
      assert.throws(
        () => config.addRoute('name', '/path/{foo}', { static: true, ...options }),
        hasCode('ZIG_ERR_CONFIG_OPTION', /static route only generates URLs.*route-kinds\.test\.ts:\d+/),
        JSON.stringify(options),
      );
    }
    const withView = testConfig();
    withView.addRoute('name', '/path', { static: true });
    withView.addView(() => 'never', { routeName: 'name', renderer: 'string' });
    await assert.rejects(() => withView.commit(), /names route 'name', which only generates URLs/);
  });
});

describe('external routes', () => {
  async function externalRequest(scheme: 'http' | 'https' = 'http') {
    const config = testConfig();
    config.addRoute('youtube', 'https://youtube.com/watch/{video_id}');
    config.addRoute('cdn', '//cdn.example.com/{file}');
    config.addRoute('bare', 'http://example.org');
    await config.commit();
    return new DummyRequest({ registry: config.registry, scheme, host: 'example.com' });
  }

  it('generate absolute URLs on their own site, with the request scheme for //host patterns', async () => {
    const request = await externalRequest('https');
    assert.equal(
      request.routeUrl('youtube', { params: { video_id: 'abcd' }, query: { t: 10 }, elements: ['x'] }),
      'https://youtube.com/watch/abcd/x?t=10',
    );
    assert.equal(
      request.routeUrl('cdn', { params: { file: 'a b.css' } }),
      'https://cdn.example.com/a%20b.css',
    );
    assert.equal(
      (await externalRequest('http')).routeUrl('cdn', { params: { file: 'a' } }),
      'http://cdn.example.com/a',
    );
    assert.equal(
      request.routeUrl('cdn', { params: { file: 'a' }, scheme: 'http' }),
      'http://cdn.example.com/a',
    );
    assert.equal(request.routeUrl('bare'), 'http://example.org/');
  });

  it('refuse a path or an appUrl, which cannot point to another site', async () => {
    const request = await externalRequest();
    assert.throws(
      () => request.routePath('youtube', { params: { video_id: 'abcd' } }),
      (error: URLGenerationError) =>
        error.code === 'ZIG_ERR_ROUTE_EXTERNAL' && error.message.includes('youtube'),
    );
    assert.throws(
      () => request.routeUrl('youtube', { params: { video_id: 'abcd' }, appUrl: 'http://x' }),
      (error: URLGenerationError) => error.code === 'ZIG_ERR_ROUTE_EXTERNAL',
    );
  });

  it('never match, ignore the route prefix, and refuse placeholders in the host', async () => {
    const app = await appWith((config) => {
      config.include(
        (inner: Configurator) => {
          inner.addRoute('ext', 'https://example.org/watch/{id}');
          inner.addRoute('local', '/watch/{id}');
          inner.addView((request: Request) => ({ url: request.routeUrl('ext', { params: { id: 1 } }) }), {
            routeName: 'local',
            renderer: 'json',
          });
        },
        { routePrefix: 'api' },
      );
    });
    assert.deepEqual((await call(app, '/api/watch/1')).json, { url: 'https://example.org/watch/1' });
    assert.equal((await call(app, '/watch/1')).status, 404);
    assert.throws(
      () => testConfig().addRoute('bad', 'https://{tenant}.example.org/'),
      hasCode('ZIG_ERR_ROUTE_PATTERN', /host cannot hold placeholders/),
    );
  });
});

describe('inheritSlash', () => {
  async function prefixedApp(pattern: string, inheritSlash?: boolean) {
    return appWith((config) => {
      config.include(
        (inner: Configurator) => {
          inner.addRoute('users', pattern, inheritSlash === undefined ? {} : { inheritSlash });
          inner.addView((request: Request) => ({ path: request.routePath('users') }), {
            routeName: 'users',
            renderer: 'json',
          });
        },
        { routePrefix: '/users/' },
      );
    });
  }

  it("makes the pattern '' under a route prefix the prefix itself, without a trailing slash", async () => {
    const app = await prefixedApp('', true);
    assert.deepEqual((await call(app, '/users')).json, { path: '/users' });
    assert.equal((await call(app, '/users/')).status, 404);
  });

  it("without it, '' and '/' under a prefix end with a slash (Pyramid's default)", async () => {
    for (const pattern of ['', '/']) {
      const app = await prefixedApp(pattern);
      assert.deepEqual((await call(app, '/users/')).json, { path: '/users/' }, pattern);
      assert.equal((await call(app, '/users')).status, 404, pattern);
    }
  });

  it("is refused with any other pattern than '', and means '/' without a prefix", async () => {
    for (const pattern of ['/', 'x']) {
      assert.throws(
        () => testConfig().addRoute('users', pattern, { inheritSlash: true }),
        hasCode('ZIG_ERR_CONFIG_OPTION', /inheritSlash needs the pattern ''/),
        pattern,
      );
    }
    const config = testConfig();
    config.addRoute('home', '', { inheritSlash: true });
    await config.commit();
    assert.equal(new DummyRequest({ registry: config.registry }).routePath('home'), '/');
  });
});
