import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Configurator, Request, URLGenerationError } from '../../lib/index.js';
import { DummyRequest, testConfig } from '../../lib/testing/index.js';
import { appWith, call, label } from '../helpers.js';

const echo = (request: Request) => ({ route: request.matchedRoute?.name ?? null, match: request.matchdict });

async function routeApp(routes: Array<[string, string, object?]>) {
  return appWith((config: Configurator) => {
    for (const [name, pattern, options] of routes) {
      config.addRoute(name, pattern, options);
      config.addView(echo, { routeName: name, renderer: 'json' });
    }
  });
}

describe('URL dispatch', () => {
  it('matches {name} segments and hands them over decoded', async () => {
    const app = await routeApp([['user', '/users/{id}']]);
    const res = await call(app, '/users/caf%C3%A9');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { route: 'user', match: { id: 'café' } });
  });

  it('keeps %2F inside its segment', async () => {
    const app = await routeApp([
      ['one', '/a/{x}'],
      ['two', '/b/{x}/{y}'],
    ]);
    assert.deepEqual((await call(app, '/a/x%2Fy')).json, { route: 'one', match: { x: 'x/y' } });
    assert.equal((await call(app, '/b/x%2Fy')).status, 404);
  });

  it('never matches an empty {name}', async () => {
    const app = await routeApp([['user', '/users/{id}']]);
    assert.equal((await call(app, '/users/')).status, 404);
  });

  it('applies {name:regex} including nested {n,m} quantifiers', async () => {
    const app = await routeApp([['year', '/archive/{year:\\d{4}}']]);
    assert.deepEqual((await call(app, '/archive/2024')).json, { route: 'year', match: { year: '2024' } });
    assert.equal((await call(app, '/archive/24')).status, 404);
  });

  it('gives *rest as an array of decoded segments, [] when empty', async () => {
    const app = await routeApp([['files', '/files/*rest']]);
    assert.deepEqual((await call(app, '/files/a/b%20c/d%2Fe')).json?.match, { rest: ['a', 'b c', 'd/e'] });
    assert.deepEqual((await call(app, '/files/')).json?.match, { rest: [] });
  });

  it('matches Unicode literal segments however the client encodes them', async () => {
    const app = await routeApp([['pena', '/la peña/{x}']]);
    assert.equal((await call(app, '/la%20pe%C3%B1a/1')).status, 200);
    assert.deepEqual((await call(app, '/la%20pe%C3%B1a/1')).json?.match, { x: '1' });
  });

  it('splits mixed {name}.{ext} segments greedily like Pyramid', async () => {
    const app = await routeApp([['file', '/dl/{name}.{ext}']]);
    assert.deepEqual((await call(app, '/dl/report.final.pdf')).json?.match, {
      name: 'report.final',
      ext: 'pdf',
    });
  });

  it('lets {path:.*} span slashes', async () => {
    const app = await routeApp([['any', '/raw/{path:.*}']]);
    assert.deepEqual((await call(app, '/raw/a/b/c')).json?.match, { path: 'a/b/c' });
  });

  it('lets Fastify decide between static, {param} and *rest routes', async () => {
    const app = await routeApp([
      ['rest', '/p/*rest'],
      ['param', '/p/{x}'],
      ['static', '/p/new'],
    ]);
    assert.equal((await call(app, '/p/new')).json?.route, 'static');
    assert.equal((await call(app, '/p/other')).json?.route, 'param');
    assert.equal((await call(app, '/p/a/b')).json?.route, 'rest');
  });

  it('still gives a path to the route its grammar matches when Fastify ranked another shape first', async () => {
    const app = await routeApp([
      ['word', '/files/{name:\\w+}'],
      ['rest', '/files/*rest'],
      ['year', '/y/{year:\\d{4}}'],
      ['any', '/y/{slug}.html'],
    ]);
    assert.equal((await call(app, '/files/abc')).json?.route, 'word');
    assert.deepEqual((await call(app, '/files/a-b')).json, { route: 'rest', match: { rest: ['a-b'] } });
    assert.equal((await call(app, '/y/2024')).json?.route, 'year');
    assert.deepEqual((await call(app, '/y/news.html')).json, { route: 'any', match: { slug: 'news' } });
    assert.equal((await call(app, '/y/nothing')).status, 404);
  });

  it('tries routes sharing a pattern in registration order by their predicates', async () => {
    const app = await appWith(
      (config) => {
        config.addRoute('json', '/thing', { accept: 'application/json' });
        config.addRoute('html', '/thing');
        config.addView(label('json'), { routeName: 'json', renderer: 'json' });
        config.addView(label('html'), { routeName: 'html', renderer: 'json' });
        // JSON to browsers too (not the browsable page), so the test reads which route answered.
      },
      { settings: { 'api.browsable': false } },
    );
    assert.equal(
      (await call(app, { url: '/thing', headers: { accept: 'application/json' } })).json?.view,
      'json',
    );
    assert.equal((await call(app, { url: '/thing', headers: { accept: 'text/html' } })).json?.view, 'html');
  });

  it('falls through to traversal from the default root when no route predicate matches', async () => {
    const app = await appWith((config) => {
      config.addRoute('xhr-only', '/about', { xhr: true });
      config.addView(label('route'), { routeName: 'xhr-only', renderer: 'json' });
      config.addView(label('global about'), { name: 'about', renderer: 'json' });
    });
    assert.equal((await call(app, '/about')).json?.view, 'global about');
    const xhr = await call(app, { url: '/about', headers: { 'x-requested-with': 'XMLHttpRequest' } });
    assert.equal(xhr.json?.view, 'route');
  });

  it('honours the header, requestParam and requestMethod route predicates', async () => {
    const app = await appWith((config) => {
      config.addRoute('beta', '/x', { header: 'X-Beta:^yes' });
      config.addRoute('param', '/x', { requestParam: 'mode=fast' });
      config.addRoute('post', '/x', { requestMethod: 'POST' });
      for (const name of ['beta', 'param', 'post'])
        config.addView(label(name), { routeName: name, renderer: 'json' });
    });
    assert.equal((await call(app, { url: '/x', headers: { 'x-beta': 'yes please' } })).json?.view, 'beta');
    assert.equal((await call(app, '/x?mode=fast')).json?.view, 'param');
    assert.equal((await call(app, { method: 'POST', url: '/x' })).json?.view, 'post');
    const wrong = await call(app, { method: 'DELETE', url: '/x' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'POST');
  });

  it('answers 405 with Allow when a method-restricted route gets another method', async () => {
    const app = await appWith((config) => {
      config.addRoute('items', '/items', { requestMethod: ['GET', 'POST'] });
      config.addView(label('items'), { routeName: 'items', renderer: 'json' });
    });
    const res = await call(app, { method: 'PUT', url: '/items' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD, POST');
  });

  it('runs custom route predicates, which may change the matchdict', async () => {
    const app = await appWith((config) => {
      config.addRoutePredicate('upper', (value: boolean) => ({
        text: () => `upper = ${value}`,
        phash: () => `upper = ${value}`,
        call: (info) => {
          info.match.name = String(info.match.name).toUpperCase();
          return value;
        },
      }));
      config.addRoute('shout', '/shout/{name}', { upper: true } as object);
      config.addView(echo, { routeName: 'shout', renderer: 'json' });
    });
    assert.deepEqual((await call(app, '/shout/ada')).json?.match, { name: 'ADA' });
  });

  it('answers 400 for malformed escapes and invalid UTF-8, on routes and off them', async () => {
    const app = await routeApp([
      ['user', '/users/{id}'],
      ['raw', '/raw/{path:.*}'],
    ]);
    for (const url of ['/users/%zz', '/users/%C3%28', '/raw/a/%E2%82', '/nowhere/%zz']) {
      const res = await call(app, url);
      assert.equal(res.status, 400, url);
      assert.doesNotMatch(res.body, /at .*\.js/);
    }
  });

  it('rejects bad patterns at commit with the code and the call site', async () => {
    await assert.rejects(
      appWith((config) => config.addRoute('bad', '/x/{unclosed')),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'ZIG_ERR_ROUTE_PATTERN');
        assert.match(error.message, /routes\.test\.ts:\d+/);
        return true;
      },
    );
  });

  it('rejects unknown route options as ZIG_ERR_CONFIG_OPTION, suggesting the closest and listing the known ones', async () => {
    await assert.rejects(
      appWith((config) => config.addRoute('r', '/r', { requestMetod: 'GET' } as object)),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'ZIG_ERR_CONFIG_OPTION');
        assert.match(
          error.message,
          /addRoute\('r'\): unknown option 'requestMetod' \(did you mean 'requestMethod'\?\) \(options: .*requestMethod/,
        );
        assert.match(error.message, /routes\.test\.ts:\d+/);
        return true;
      },
    );
  });
});

describe('route URL generation', () => {
  async function generatingApp() {
    return appWith((config) => {
      config.addRoute('user', '/users/{id}');
      config.addRoute('file', '/files/*rest');
      config.addRoute('gen', '/gen');
      config.addView(echo, { routeName: 'user', renderer: 'json' });
      config.addView(echo, { routeName: 'file', renderer: 'json' });
      config.addView(
        (request: Request) => ({
          path: request.routePath(String(request.query.name), {
            params: JSON.parse(String(request.query.params)),
          }),
        }),
        { routeName: 'gen', renderer: 'json' },
      );
    });
  }

  it('builds paths and URLs with params, elements, query and anchor', async () => {
    const config = testConfig();
    config.addRoute('user', '/users/{id}');
    await config.commit();
    const request = new DummyRequest({ registry: config.registry, host: 'example.com:8080' });
    assert.equal(request.routePath('user', { params: { id: 'a b' } }), '/users/a%20b');
    assert.equal(
      request.routeUrl('user', {
        params: { id: 7 },
        elements: ['edit', 'x/y'],
        query: { tag: ['a', 'b c'] },
        anchor: 'top',
      }),
      'http://example.com:8080/users/7/edit/x%2Fy?tag=a&tag=b+c#top',
    );
    assert.equal(request.routePath('user', { params: { id: 1 }, query: 'raw=1&x=2' }), '/users/1?raw=1&x=2');
  });

  it('throws clear errors for an unknown route or a missing parameter', async () => {
    const config = testConfig();
    config.addRoute('user', '/users/{id}');
    await config.commit();
    const request = new DummyRequest({ registry: config.registry });
    assert.throws(
      () => request.routePath('nope'),
      (error: URLGenerationError) => error.code === 'ZIG_ERR_ROUTE_UNKNOWN',
    );
    assert.throws(
      () => request.routePath('user'),
      (error: URLGenerationError) => error.code === 'ZIG_ERR_ROUTE_PARAM',
    );
    // clients resolve '.' and '..' as dot segments, so no URL can carry them
    assert.throws(() => request.routePath('user', { params: { id: '..' } }), /cannot be a URL path segment/);
  });

  it('generates URLs that route back to the same matchdict', async () => {
    const app = await generatingApp();
    const cases: Array<[string, Record<string, unknown>]> = [
      ...['plain', 'a/b', 'a b', 'ü%', '...', '?#&', '+=;'].map((id): [string, Record<string, unknown>] => [
        'user',
        { id },
      ]),
      ['file', { rest: ['x/y', 'z', 'sp ace'] }],
      ['file', { rest: [] }],
    ];
    for (const [name, params] of cases) {
      const query = new URLSearchParams({ name, params: JSON.stringify(params) });
      const path = (await call(app, `/gen?${query}`)).json?.path as string;
      assert.deepEqual((await call(app, path)).json?.match, params, path);
    }
  });
});

describe('literal text between placeholders', () => {
  /** An app whose routes echo their matchdict and the path routePath gives for it. */
  async function roundTripApp(routes: Array<[string, string]>) {
    return appWith((config) => {
      for (const [name, pattern] of routes) {
        config.addRoute(name, pattern);
        config.addView(
          (request: Request) => ({
            match: request.matchdict,
            path: request.routePath(name, { params: request.matchdict }),
          }),
          { routeName: name, renderer: 'json' },
        );
      }
    });
  }

  /** A DummyRequest of a committed configuration with these routes. */
  async function requestFor(routes: Array<[string, string]>) {
    const config = testConfig();
    for (const [name, pattern] of routes) config.addRoute(name, pattern);
    await config.commit();
    return new DummyRequest({ registry: config.registry });
  }

  it("generates and matches the README's /dl/{name}.{ext}", async () => {
    const request = await requestFor([['dl', '/dl/{name}.{ext}']]);
    assert.equal(request.routePath('dl', { params: { name: 'a', ext: 'pdf' } }), '/dl/a.pdf');
    assert.equal(request.routePath('dl', { params: { name: 'a.b', ext: 'pdf' } }), '/dl/a.b.pdf');
    const app = await roundTripApp([['dl', '/dl/{name}.{ext}']]);
    assert.deepEqual((await call(app, '/dl/a.pdf')).json, {
      match: { name: 'a', ext: 'pdf' },
      path: '/dl/a.pdf',
    });
    assert.equal((await call(app, '/dl/apdf')).status, 404);
  });

  it("generates and matches Pyramid's foo/{baz}/biz/{buz:[^/\\.]+}.{bar}", async () => {
    const request = await requestFor([
      ['custom', 'foo/{baz}/biz/{buz:[^/\\.]+}.{bar}'],
      ['grouped', 'foo/{baz}/biz2/{buz:(?:[^/\\.]+)}.{bar}'],
    ]);
    for (const name of ['custom', 'grouped']) {
      const path = request.routePath(name, { params: { baz: 1, buz: 2, bar: 'html' } });
      assert.equal(path, name === 'custom' ? '/foo/1/biz/2.html' : '/foo/1/biz2/2.html');
    }
    const app = await roundTripApp([['custom', 'foo/{baz}/biz/{buz:[^/\\.]+}.{bar}']]);
    assert.deepEqual((await call(app, '/foo/baz/biz/buz.bar')).json?.match, {
      baz: 'baz',
      buz: 'buz',
      bar: 'bar',
    });
    assert.equal((await call(app, '/foo/baz/biz/buz/bar')).status, 404);
  });

  it('works with any literal between two placeholders, in generation and matching', async () => {
    const separators = [
      '.',
      '..',
      '-',
      '_',
      '~',
      '.-.',
      ',',
      ';',
      '=',
      '@',
      ':',
      '+',
      '!',
      "'",
      '$',
      ' ',
      'é',
      '%',
      'x',
    ];
    const routes = separators.map((separator, i): [string, string] => [`r${i}`, `/s${i}/{a}${separator}{b}`]);
    const app = await roundTripApp(routes);
    const request = await requestFor(routes);
    for (const [name] of routes) {
      const path = request.routePath(name, { params: { a: 'left', b: 'right' } });
      const res = await call(app, path);
      assert.deepEqual(res.json, { match: { a: 'left', b: 'right' }, path }, `${name} ${path}`);
    }
  });

  it('refuses values that would match back differently, and dot segments made of several pieces', async () => {
    const request = await requestFor([
      ['dl', '/dl/{name}.{ext}'],
      ['two', '/two/{a}{b}'],
    ]);
    assert.throws(
      () => request.routePath('dl', { params: { name: 'a', ext: 'b.pdf' } }),
      (error: URLGenerationError) =>
        error.code === 'ZIG_ERR_ROUTE_PARAM' &&
        error.message.includes('"/dl/a.b.pdf" would match back as {"name":"a.b","ext":"pdf"}'),
    );
    // '.' alone is refused as a segment, but inside one it is an ordinary character
    assert.equal(request.routePath('dl', { params: { name: '.', ext: 'pdf' } }), '/dl/..pdf');
    assert.throws(
      () => request.routePath('two', { params: { a: '.', b: '.' } }),
      /'\.\.' cannot be a URL path segment/,
    );
  });
});
