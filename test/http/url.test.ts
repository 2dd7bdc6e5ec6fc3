// URL generation options, as Pyramid's route_url, current_route_url and resource_url take them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, ResourceUrlInfo, URLGenerationError } from '../../lib/index.js';
import { DummyRequest, type DummyRequestOptions, testConfig } from '../../lib/testing/index.js';
import { appWith as appWithSettings, call } from '../helpers.js';
import { Folder, makeTree } from '../tree.js';

/** An app that answers example.com too (only localhost is allowed by default). */
const appWith = (configure: Parameters<typeof appWithSettings>[0]) =>
  appWithSettings(configure, { settings: { 'ziggurat.allowed_hosts': 'example.com localhost' } });

async function requestWith(options: DummyRequestOptions = {}) {
  const config = testConfig();
  config.addRoute('flub', '/1/2/3');
  config.addRoute('user', '/users/{id}');
  config.addRoute('site', '/site/*traverse');
  await config.commit();
  return new DummyRequest({ registry: config.registry, ...options });
}

describe('default ports', () => {
  it('leaves out the default port of the scheme (80 for http, 443 for https), keeps any other', async () => {
    const cases: Array<[string, 'http' | 'https', string]> = [
      ['example.com:80', 'http', 'http://example.com'],
      ['example.com:443', 'https', 'https://example.com'],
      ['example.com:8080', 'http', 'http://example.com:8080'],
      ['example.com:4443', 'https', 'https://example.com:4443'],
      ['example.com:443', 'http', 'http://example.com:443'],
      ['example.com', 'http', 'http://example.com'],
      ['[::1]:80', 'http', 'http://[::1]'],
      ['[::1]:6543', 'http', 'http://[::1]:6543'],
    ];
    for (const [host, scheme, origin] of cases) {
      const request = await requestWith({ host, scheme });
      assert.equal(request.applicationUrl, origin, host);
      assert.equal(request.routeUrl('flub'), `${origin}/1/2/3`, host);
      assert.equal(request.resourceUrl(makeTree().docs), `${origin}/docs/`, host);
    }
  });

  it('applies to real requests: Host example.com:80 gives http://example.com/', async () => {
    const app = await appWith((config) => {
      config.addRoute('home', '/');
      config.addView((request: Request) => ({ home: request.routeUrl('home'), url: request.url }), {
        routeName: 'home',
        renderer: 'json',
      });
    });
    const res = await call(app, { url: '/?x=1', headers: { host: 'example.com:80' } });
    assert.deepEqual(res.json, { home: 'http://example.com/', url: 'http://example.com/?x=1' });
  });
});

describe('appUrl, scheme, host and port', () => {
  it('replace parts of the prefix as Pyramid does (a new scheme brings its default port)', async () => {
    const request = await requestWith({ host: 'example.com:5432' });
    const cases: Array<[object, string]> = [
      [{ appUrl: 'http://example2.com' }, 'http://example2.com/1/2/3'],
      [{ appUrl: 'http://example2.com', scheme: 'https', host: 'ignored' }, 'http://example2.com/1/2/3'],
      [{ host: 'someotherhost.com' }, 'http://someotherhost.com:5432/1/2/3'],
      [{ host: 'someotherhost.com:8000' }, 'http://someotherhost.com:8000/1/2/3'],
      [{ host: 'someotherhost.com:8000', port: 9000 }, 'http://someotherhost.com:9000/1/2/3'],
      [{ port: '8080' }, 'http://example.com:8080/1/2/3'],
      [{ port: 80 }, 'http://example.com/1/2/3'],
      [{ scheme: 'https' }, 'https://example.com/1/2/3'],
      [{ scheme: 'https', port: '8080' }, 'https://example.com:8080/1/2/3'],
      [{ scheme: 'http' }, 'http://example.com/1/2/3'],
    ];
    for (const [options, url] of cases)
      assert.equal(request.routeUrl('flub', options), url, JSON.stringify(options));
  });

  it('a host without a port keeps the request port, or none when it was the default', async () => {
    const request = await requestWith({ host: 'example.com' });
    assert.equal(request.routeUrl('flub', { host: 'someotherhost.com' }), 'http://someotherhost.com/1/2/3');
    const secure = await requestWith({ host: 'example.com', scheme: 'https' });
    assert.equal(secure.routeUrl('flub', { scheme: 'http' }), 'http://example.com/1/2/3');
  });

  it('work with elements, query and anchor, and on resource URLs (plain or through a route)', async () => {
    const request = await requestWith({ host: 'example.com:8080' });
    assert.equal(
      request.routeUrl('flub', {
        elements: ['element1'],
        appUrl: 'http://example2.com',
        anchor: 'anchor',
        query: { q: '1' },
      }),
      'http://example2.com/1/2/3/element1?q=1#anchor',
    );
    const { docs } = makeTree();
    assert.equal(request.resourceUrl(docs, { appUrl: 'http://somewhere.com' }), 'http://somewhere.com/docs/');
    assert.equal(request.resourceUrl(docs, { scheme: 'https' }), 'https://example.com/docs/');
    assert.equal(
      request.resourceUrl(docs, { host: 'someotherhost.com' }),
      'http://someotherhost.com:8080/docs/',
    );
    assert.equal(request.resourceUrl(docs, { port: '8181' }), 'http://example.com:8181/docs/');
    assert.equal(
      request.resourceUrl(docs, 'e1', {
        route: 'site',
        scheme: 'https',
        host: 'host',
        port: 99,
        query: { a: '1' },
        anchor: 'x',
      }),
      'https://host:99/site/docs/e1?a=1#x',
    );
  });

  it('are ignored by the path methods, which never have a prefix', async () => {
    const request = await requestWith();
    assert.equal(
      request.routePath('flub', { appUrl: 'http://x', scheme: 'https', host: 'h', port: 1 }),
      '/1/2/3',
    );
    assert.equal(request.resourcePath(makeTree().docs, { scheme: 'https' }), '/docs/');
  });
});

describe('query as an ordered list of pairs', () => {
  it('keeps the order and repeats keys, for routes and resources', async () => {
    const request = await requestWith();
    const query: Array<[string, unknown]> = [
      ['b', 1],
      ['a', 'x y'],
      ['b', 2],
      ['c', ['3', '4']],
      ['skip', null],
    ];
    assert.equal(request.routePath('flub', { query }), '/1/2/3?b=1&a=x+y&b=2&c=3&c=4');
    assert.equal(
      request.resourcePath(makeTree().docs, {
        query: [
          ['z', 1],
          ['a', 2],
        ],
      }),
      '/docs/?z=1&a=2',
    );
    assert.equal(request.routePath('flub', { query: [] }), '/1/2/3');
  });
});

describe('currentRouteUrl and currentRoutePath', () => {
  async function listApp() {
    return appWith((config) => {
      config.addRoute('list', '/list/{kind}/{page}');
      config.addRoute('other', '/other/{kind}');
      config.addView(
        (request: Request) => ({
          same: request.currentRoutePath(),
          next: request.currentRouteUrl({ params: { page: Number(request.matchdict.page) + 1 } }),
          noQuery: request.currentRoutePath({ params: { page: 1 }, query: undefined }),
          newQuery: request.currentRoutePath({ query: [['sort', 'date']], anchor: 'top' }),
          other: request.currentRoutePath({ route: 'other' }),
          elements: request.currentRoutePath({ elements: ['feed'] }),
        }),
        { routeName: 'list', renderer: 'json' },
      );
      config.addView(
        (request: Request) => {
          try {
            return { path: request.currentRoutePath() };
          } catch (error) {
            return { code: (error as URLGenerationError).code };
          }
        },
        { name: 'unrouted', renderer: 'json' },
      );
    });
  }

  it('generate the matched route with its matchdict, params overridden, query kept unless given', async () => {
    const app = await listApp();
    const res = await call(app, { url: '/list/books/2?sort=name&x=%20', headers: { host: 'example.com' } });
    assert.deepEqual(res.json, {
      same: '/list/books/2?sort=name&x=%20',
      next: 'http://example.com/list/books/3?sort=name&x=%20',
      noQuery: '/list/books/1',
      newQuery: '/list/books/2?sort=date#top',
      other: '/other/books?sort=name&x=%20',
      elements: '/list/books/2/feed?sort=name&x=%20',
    });
  });

  it('throw ZIG_ERR_ROUTE_UNKNOWN when the request matched no route', async () => {
    const app = await listApp();
    assert.deepEqual((await call(app, '/unrouted')).json, { code: 'ZIG_ERR_ROUTE_UNKNOWN' });
  });
});

describe('route pregenerators', () => {
  it("rewrite the elements and params of every URL of their route (Pyramid's pregenerator)", async () => {
    const seen: unknown[] = [];
    const app = await appWith((config) => {
      config.addRoute('flub', '/1/2/3', {
        pregenerator: (request, elements, params) => {
          seen.push([request.matchdict, elements, params]);
          return [['a'], {}];
        },
      });
      config.addRoute('page', '/{lang}/page/{name}', {
        pregenerator: (request, elements, params) => [
          elements,
          { lang: request.matchdict.lang ?? 'en', ...params },
        ],
      });
      config.addView(
        (request: Request) => ({
          flub: request.routeUrl('flub', { params: { x: 1 }, elements: ['e'], query: { q: 1 } }),
          page: request.routePath('page', { params: { name: 'intro' } }),
          french: request.routePath('page', { params: { name: 'intro', lang: 'fr' } }),
        }),
        { routeName: 'page', renderer: 'json' },
      );
    });
    const res = await call(app, { url: '/de/page/home', headers: { host: 'example.com' } });
    assert.deepEqual(res.json, {
      flub: 'http://example.com/1/2/3/a?q=1',
      page: '/de/page/intro',
      french: '/fr/page/intro',
    });
    assert.deepEqual(seen, [[{ lang: 'de', name: 'home' }, ['e'], { x: 1 }]]);
  });

  it('apply to resource URLs generated through their route', async () => {
    const config = testConfig();
    config.addRoute('site', '/{tenant}/*traverse', {
      pregenerator: (_request, elements, params) => [elements, { tenant: 'acme', ...params }],
    });
    await config.commit();
    const request = new DummyRequest({ registry: config.registry });
    assert.equal(
      request.resourcePath(makeTree().readme, 'edit', { route: 'site' }),
      '/acme/docs/readme/edit',
    );
  });

  it('must be functions', () => {
    const config = testConfig();
    assert.throws(
      () => config.addRoute('r', '/r', { pregenerator: 'nope' as never }),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_CONFIG_OPTION' && /pregenerator/.test(error.message),
    );
  });
});

class Linked extends Folder {
  calls: Array<[Request, ResourceUrlInfo]> = [];
  answer: string | null = 'https://cdn.example.com/linked/';

  __resource_url__(request: Request, info: ResourceUrlInfo): string | null {
    this.calls.push([request, info]);
    return this.answer;
  }
}

describe("a resource's __resource_url__ hook", () => {
  it('answers the resource URL, told the virtual and physical paths and the prefix', async () => {
    const { docs } = makeTree();
    const linked = docs.add((parent) => new Linked('linked', parent));
    const request = await requestWith({ host: 'example.com:5432' });
    assert.equal(
      request.resourceUrl(linked, 'a b', { query: { q: 1 }, anchor: 'x' }),
      'https://cdn.example.com/linked/a%20b?q=1#x',
    );
    const [[caller, info] = []] = linked.calls;
    assert.equal(caller, request);
    assert.deepEqual(info, {
      virtualPath: '/docs/linked/',
      physicalPath: '/docs/linked/',
      appUrl: 'http://example.com:5432',
    });
    request.resourcePath(linked);
    assert.equal(linked.calls[1]?.[1].appUrl, '');
  });

  it('may decline with null, and is not consulted for URLs through a route', async () => {
    const { docs } = makeTree();
    const linked = docs.add((parent) => new Linked('linked', parent));
    linked.answer = null;
    const request = await requestWith({ host: 'example.com' });
    assert.equal(request.resourceUrl(linked), 'http://example.com/docs/linked/');
    linked.answer = 'https://elsewhere/';
    assert.equal(request.resourcePath(linked, { route: 'site' }), '/site/docs/linked/');
    assert.equal(linked.calls.length, 1);
  });

  it('sees the virtual path below a virtual root', async () => {
    const tree = makeTree();
    const linked = tree.deep.add((parent) => new Linked('linked', parent));
    linked.answer = null;
    const request = await requestWith();
    request.virtualRoot = tree.docs;
    assert.equal(request.resourcePath(linked), '/deep/linked/');
    assert.deepEqual(linked.calls[0]?.[1], {
      virtualPath: '/deep/linked/',
      physicalPath: '/docs/deep/linked/',
      appUrl: '',
    });
  });
});
