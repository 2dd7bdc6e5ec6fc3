import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { Configurator, HTTPSeeOther, type Request, type Resource, type Settings } from '../../lib/index.js';
import { call } from '../helpers.js';
import { listenLocally, rawHttp } from '../http/raw-http.js';

const fixture = (path: string) => fileURLToPath(new URL(`../../../test/fixtures/${path}`, import.meta.url));

const root: Resource = { __name__: '', __parent__: null, __getitem__: () => undefined };

/** An app with a route, a redirect, traversal, a static view, a not-found view and a probe that takes any host. */
async function hostApp(settings: Settings = {}, options: FastifyServerOptions = {}) {
  const seen = { views: 0, notFound: 0 };
  const config = new Configurator({ settings, rootFactory: () => root });
  config.addStaticView('static', fixture('static'));
  config.addRoute('hello', '/hello');
  config.addRoute('away', '/away');
  config.addView(
    (request: Request) => {
      seen.views++;
      return {
        route: request.routeUrl('hello'),
        resource: request.resourceUrl(root),
        asset: request.staticUrl('static/hello.txt'),
        url: request.url,
      };
    },
    { routeName: 'hello', renderer: 'json' },
  );
  config.addView((request: Request) => new HTTPSeeOther(request.routeUrl('hello')), { routeName: 'away' });
  config.addNotFoundView(
    (request: Request) => {
      seen.notFound++;
      request.response.status = 404;
      return { home: request.routeUrl('hello') };
    },
    { renderer: 'json' },
  );
  config.configureFastify((app) => {
    app.get('/probe', { config: { zigguratAnyHost: true } }, async () => 'up');
  });
  const app = await config.makeApp(options);
  return { app, seen };
}

const get = (app: FastifyInstance, url: string, host: string, headers: Record<string, string> = {}) =>
  call(app, { method: 'GET', url, headers: { host, ...headers } });

describe('the Host header', () => {
  it('answers 400 (ZIG_ERR_BAD_HOST) for a malformed Host before anything runs, static files included, and a well-formed one', async () => {
    const { app, seen } = await hostApp({ 'ziggurat.allowed_hosts': '*' });
    const malformed = [
      'a b',
      '[',
      '%',
      'x:99999',
      'x:0',
      'x:',
      '[::1',
      'a..b',
      '1.2.3.256',
      'a,b',
      'exa\tmple',
    ];
    for (const host of malformed) {
      for (const url of ['/hello', '/static/hello.txt', '/missing', '/%zz', '/probe']) {
        const response = await get(app, url, host);
        assert.equal(response.status, 400, `${JSON.stringify(host)} ${url}`);
        assert.match(response.body, /ZIG_ERR_BAD_HOST/);
      }
    }
    assert.deepEqual(seen, { views: 0, notFound: 0 });
    const { app: named } = await hostApp({ 'ziggurat.allowed_hosts': 'example.com [::1]' });
    // Well-formed: with a port, a trailing dot, in any case, an IPv6 literal.
    for (const host of ['example.com', 'EXAMPLE.com:8080', 'example.com.', '[::1]:6543']) {
      const response = await get(named, '/hello', host);
      assert.equal(response.status, 200, host);
      assert.equal(response.json.route, `http://${host}/hello`);
    }
    assert.equal((await get(named, '/static/hello.txt', 'example.com')).body, 'hello from static\n');
  });

  it('refuses several Host headers, an empty one, and none at all (over HTTP)', async (t) => {
    const { app } = await hostApp();
    t.after(() => app.close());
    const port = await listenLocally(app);
    const several = await rawHttp(
      port,
      'GET /hello HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close',
    );
    assert.equal(several.status, 400);
    assert.match(several.body, /several Host headers \(ZIG_ERR_BAD_HOST\)/);
    const staticSeveral = await rawHttp(
      port,
      'GET /static/hello.txt HTTP/1.1\r\nHost: localhost\r\nhost: localhost\r\nConnection: close',
    );
    assert.equal(staticSeveral.status, 400);
    const empty = await rawHttp(port, 'GET /hello HTTP/1.1\r\nHost:\r\nConnection: close');
    assert.deepEqual([empty.status, /ZIG_ERR_BAD_HOST/.test(empty.body)], [400, true]);
    const none = await rawHttp(port, 'GET /hello HTTP/1.0');
    assert.deepEqual([none.status, /ZIG_ERR_HOST_NOT_ALLOWED/.test(none.body)], [400, true]);
    const probe = await rawHttp(port, 'GET /probe HTTP/1.0');
    assert.deepEqual([probe.status, probe.body], [200, 'up'], 'an HTTP/1.0 probe without Host');
    const good = await rawHttp(port, 'GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close');
    assert.equal(good.status, 200);
  });

  it('checks X-Forwarded-Host, the host the app uses, when Fastify trusts the proxy', async () => {
    const { app: trusting } = await hostApp(
      { 'ziggurat.allowed_hosts': 'site.example' },
      { trustProxy: true },
    );
    const forwarded = (value: string) => get(trusting, '/hello', 'localhost', { 'x-forwarded-host': value });
    assert.equal((await forwarded('site.example')).json.route, 'http://site.example/hello');
    assert.match((await forwarded('a b')).body, /ZIG_ERR_BAD_HOST/);
    assert.match((await forwarded('evil.example')).body, /ZIG_ERR_HOST_NOT_ALLOWED/);
    const { app: direct } = await hostApp({ 'ziggurat.allowed_hosts': 'site.example' });
    const ignored = await get(direct, '/hello', 'site.example', { 'x-forwarded-host': 'evil.example' });
    assert.equal(ignored.json.route, 'http://site.example/hello', 'not from an untrusted peer');
  });
});

describe('allowed hosts (ziggurat.allowed_hosts)', () => {
  it('by default answers only localhost, its subdomains, 127.0.0.1 and [::1]', async () => {
    const { app, seen } = await hostApp();
    for (const host of ['localhost', 'localhost:80', 'api.localhost:3000', '127.0.0.1:6543', '[::1]']) {
      assert.equal((await get(app, '/hello', host)).status, 200, host);
    }
    for (const host of ['example.com', '10.0.0.5', 'localhost.example.com']) {
      for (const url of ['/hello', '/static/hello.txt', '/missing', '/%zz']) {
        const response = await get(app, url, host);
        assert.equal(response.status, 400, `${host} ${url}`);
        assert.match(response.body, /ZIG_ERR_HOST_NOT_ALLOWED/);
      }
    }
    assert.deepEqual(seen, { views: 5, notFound: 0 });
  });

  it('takes a list or a string, matched without port and case; *.name, .name and * as documented', async () => {
    const { app } = await hostApp({
      'ziggurat.allowed_hosts': 'Example.com, *.apps.example.org .shop.example',
    });
    const status = async (host: string) => (await get(app, '/hello', host)).status;
    for (const host of [
      'example.com:8443',
      'EXAMPLE.COM',
      'a.apps.example.org',
      'shop.example',
      'x.shop.example',
    ]) {
      assert.equal(await status(host), 200, host);
    }
    for (const host of ['www.example.com', 'apps.example.org', 'evil.example', 'localhost']) {
      assert.equal(await status(host), 400, host);
    }
    const { app: listed } = await hostApp({ 'ziggurat.allowed_hosts': ['one.example', '10.0.0.5'] });
    assert.equal((await get(listed, '/hello', '10.0.0.5:8080')).status, 200);
    assert.equal((await get(listed, '/hello', 'two.example')).status, 400);
    const { app: any } = await hostApp({ 'ziggurat.allowed_hosts': '*' });
    assert.equal((await get(any, '/hello', 'whatever.example')).status, 200);
  });

  it('fails the commit with a ConfigurationError for a bad entry', async () => {
    for (const setting of ['example.com:8080', 'exa%mple.com', '', 'a*.example']) {
      await assert.rejects(
        new Configurator({ settings: { 'ziggurat.allowed_hosts': setting } }).commit(),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'ZIG_ERR_CONFIG');
          assert.match(error.message, /ziggurat\.allowed_hosts/);
          return true;
        },
      );
    }
  });

  it('lets a route configured with zigguratAnyHost answer any well-formed host', async () => {
    const { app } = await hostApp({ 'ziggurat.allowed_hosts': 'site.example' });
    assert.deepEqual(await get(app, '/probe', '10.0.0.5:8080').then((r) => [r.status, r.body]), [200, 'up']);
    assert.equal((await get(app, '/probe', 'a b')).status, 400, 'a malformed Host still is not');
    assert.equal((await get(app, '/hello', '10.0.0.5')).status, 400);
  });

  it('logs a refused host as a warning once, then at debug level', async () => {
    const lines: Array<{ level: number; code?: string; host?: string }> = [];
    const logger = { level: 'debug', stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
    const { app } = await hostApp({ 'ziggurat.allowed_hosts': 'site.example' }, { logger });
    for (let i = 0; i < 5; i++) await get(app, '/hello', 'evil.example');
    await get(app, '/hello', 'other.example');
    const refused = lines.filter((line) => line.code === 'ZIG_ERR_HOST_NOT_ALLOWED');
    const warnings = refused.filter((line) => line.level === 40).map((line) => line.host);
    assert.deepEqual(warnings, ['evil.example', 'other.example']);
    assert.equal(refused.filter((line) => line.level === 20).length, 4);
  });

  it('lets no hook a plugin adds see a request whose Host is refused, whatever the route', async () => {
    const seen: string[] = [];
    const record = (label: string) => (request: FastifyRequest, _reply: unknown, done: () => void) => {
      seen.push(`${label} ${request.host}`);
      done();
    };
    const config = new Configurator({ settings: { 'ziggurat.allowed_hosts': 'site.example' } });
    config.addStaticView('static', fixture('static'));
    config.addRoute('items', '/items');
    config.addView((request: Request) => ({ got: request.body }), { routeName: 'items', renderer: 'json' });
    config.configureFastify((app) => {
      // A hook on the app itself (as a fastify-plugin plugin adds it), one in a plugin's own
      // context, and one on a single route.
      app.addHook('preHandler', record('app'));
      app.register(async (scope) => {
        scope.addHook('onRequest', record('scope'));
        scope.get('/scoped', async () => 'scoped');
      });
      app.get('/own', { preValidation: record('route') }, async () => 'own');
    });
    const app = await config.makeApp();
    const post = (host: string, payload: string) =>
      call(app, {
        method: 'POST',
        url: '/items',
        headers: { host, 'content-type': 'application/json' },
        payload,
      });
    for (const url of ['/items', '/static/hello.txt', '/scoped', '/own', '/missing']) {
      const refused = await get(app, url, 'evil.example');
      assert.deepEqual([refused.status, /ZIG_ERR_HOST_NOT_ALLOWED/.test(refused.body)], [400, true], url);
    }
    assert.equal((await post('evil.example', '{"a":1}')).status, 400);
    assert.deepEqual(seen, []);
    assert.equal((await get(app, '/scoped', 'site.example')).body, 'scoped');
    assert.equal((await get(app, '/own', 'site.example')).body, 'own');
    assert.deepEqual((await post('site.example', '{"a":1}')).json, { got: { a: 1 } });
    assert.deepEqual(seen, [
      'scope site.example',
      'app site.example',
      'route site.example',
      'app site.example',
      'app site.example',
    ]);
  });

  it('answers a refused Host before a body Fastify cannot parse, in an app no plugin hooks into', async () => {
    const config = new Configurator({ settings: { 'ziggurat.allowed_hosts': 'site.example' } });
    config.addRoute('items', '/items');
    config.addView((request: Request) => ({ got: request.body }), { routeName: 'items', renderer: 'json' });
    const app = await config.makeApp();
    const post = (host: string) =>
      call(app, {
        method: 'POST',
        url: '/items',
        headers: { host, 'content-type': 'application/json' },
        payload: '{',
      });
    const refused = await post('evil.example');
    assert.deepEqual([refused.status, /ZIG_ERR_HOST_NOT_ALLOWED/.test(refused.body)], [400, true]);
    const malformed = await post('site.example');
    assert.deepEqual([malformed.status, /ZIG_ERR_HOST/.test(malformed.body)], [400, false]);
  });

  it('never lets a refused host into the URLs the app generates (routes, resources, static, redirects)', async () => {
    const { app, seen } = await hostApp({ 'ziggurat.allowed_hosts': 'site.example' });
    for (const url of ['/hello', '/away', '/missing', '/static/hello.txt', '/%zz']) {
      const evil = await get(app, url, 'evil.example', { accept: 'text/html' });
      assert.equal(evil.status, 400, url);
      assert.doesNotMatch(JSON.stringify([evil.headers, evil.body]), /evil\.example/, url);
    }
    assert.deepEqual(seen, { views: 0, notFound: 0 });
    const good = await get(app, '/hello', 'site.example');
    assert.deepEqual(good.json, {
      route: 'http://site.example/hello',
      resource: 'http://site.example/',
      asset: 'http://site.example/static/hello.txt',
      url: 'http://site.example/hello',
    });
    assert.equal((await get(app, '/away', 'site.example')).headers.location, 'http://site.example/hello');
  });
});
