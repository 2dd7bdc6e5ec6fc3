import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Configurator,
  HTTPNotFound,
  type Request,
  Response,
  viewDefaults,
  type ZigguratError,
} from '../../lib/index.js';
import { appWith, call, label } from '../helpers.js';

function withRoute(configure: (config: Configurator) => void) {
  return appWith((config) => {
    config.addRoute('r', '/r');
    configure(config);
  });
}

describe('views', () => {
  it('calls a function view with the request', async () => {
    const app = await withRoute((config) =>
      config.addView((request: Request) => ({ method: request.method, path: request.path }), {
        routeName: 'r',
        renderer: 'json',
      }),
    );
    assert.deepEqual((await call(app, '/r?x=1')).json, { method: 'GET', path: '/r' });
  });

  it('makes a view class per request and calls its `call` method, or the one named by attr', async () => {
    class Greeting {
      constructor(private readonly request: Request) {}
      call() {
        return { hello: this.request.query.name };
      }
      other() {
        return 'other';
      }
    }
    const app = await appWith((config) => {
      config.addRoute('a', '/a');
      config.addRoute('b', '/b');
      config.addView(Greeting, { routeName: 'a', renderer: 'json' });
      config.addView(Greeting, { routeName: 'b', attr: 'other', renderer: 'string' });
    });
    assert.deepEqual((await call(app, '/a?name=Ada')).json, { hello: 'Ada' });
    assert.equal((await call(app, '/b')).body, 'other');
  });

  it('rejects a view class without the method at the call site', async () => {
    class NoCall {}
    await assert.rejects(
      withRoute((config) => config.addView(NoCall, { routeName: 'r' })),
      (error: Error & { code: string }) =>
        error.code === 'ZIG_ERR_CONFIG_OPTION' && /views\.test\.ts/.test(error.message),
    );
  });

  it('tries views with more predicates first, then in registration order', async () => {
    const app = await withRoute((config) => {
      config.addView(label('plain'), { routeName: 'r', renderer: 'json' });
      config.addView(label('two'), { routeName: 'r', renderer: 'json', xhr: true, requestParam: 'a' });
      config.addView(label('one'), { routeName: 'r', renderer: 'json', requestParam: 'a' });
    });
    const xhr = { 'x-requested-with': 'XMLHttpRequest' };
    assert.equal((await call(app, { url: '/r?a=1', headers: xhr })).json?.view, 'two');
    assert.equal((await call(app, '/r?a=1')).json?.view, 'one');
    assert.equal((await call(app, '/r')).json?.view, 'plain');
  });

  it('answers 404 when no candidate matches and 405 with Allow when only the method failed', async () => {
    const app = await withRoute((config) => {
      config.addView(label('get'), { routeName: 'r', renderer: 'json', requestMethod: 'GET' });
      config.addView(label('post'), { routeName: 'r', renderer: 'json', requestMethod: 'POST', xhr: true });
    });
    const put = await call(app, { method: 'PUT', url: '/r' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.allow, 'GET, HEAD');
    const xhrPut = await call(app, {
      method: 'PUT',
      url: '/r',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    assert.equal(xhrPut.headers.allow, 'GET, HEAD, POST');
    const mismatch = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(label('x'), { routeName: 'r', renderer: 'json', xhr: true });
    });
    assert.equal((await call(mismatch, '/r')).status, 404);
  });

  it('answers HEAD with GET views, without a body', async () => {
    const app = await withRoute((config) =>
      config.addView(label('get'), { routeName: 'r', renderer: 'json', requestMethod: 'GET' }),
    );
    const head = await call(app, { method: 'HEAD', url: '/r' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('evaluates accept, header, pathInfo, matchParam and custom view predicates', async () => {
    const app = await appWith(
      (config) => {
        config.addViewPredicate('even', (value: boolean) => ({
          text: () => `even = ${value}`,
          phash: () => `even = ${value}`,
          call: (_context, request) => (Number(request.matchdict.n) % 2 === 0) === value,
        }));
        config.addRoute('n', '/n/{n}');
        config.addView(label('even'), { routeName: 'n', renderer: 'json', even: true } as object);
        config.addView(label('seven'), { routeName: 'n', renderer: 'json', matchParam: 'n=7' });
        config.addView(label('json'), { routeName: 'n', renderer: 'json', accept: 'application/json' });
        config.addView(label('beta'), {
          routeName: 'n',
          renderer: 'json',
          header: 'X-Beta',
          pathInfo: '^/n/1',
        });
        // JSON to browsers too (not the browsable page), so the test reads which view was chosen.
      },
      { settings: { 'api.browsable': false } },
    );
    // An acceptable accept view comes first (Pyramid's MultiView), so these ask for HTML.
    const html = { accept: 'text/html' };
    assert.equal((await call(app, { url: '/n/4', headers: html })).json?.view, 'even');
    assert.equal((await call(app, { url: '/n/7', headers: html })).json?.view, 'seven');
    assert.equal((await call(app, '/n/4')).json?.view, 'json');
    assert.equal(
      (await call(app, { url: '/n/9', headers: { accept: 'application/json' } })).json?.view,
      'json',
    );
    assert.equal(
      (await call(app, { url: '/n/11', headers: { 'x-beta': '1', accept: 'text/html' } })).json?.view,
      'beta',
    );
    assert.equal((await call(app, { url: '/n/9', headers: { accept: 'text/html' } })).status, 404);
  });

  it('awaits async views and async predicates', async () => {
    const app = await withRoute((config) => {
      config.addViewPredicate('slowly', () => ({
        text: () => 'slowly',
        phash: () => 'slowly',
        call: async () => true,
      }));
      config.addView(async () => ({ async: true }), {
        routeName: 'r',
        renderer: 'json',
        slowly: true,
      } as object);
    });
    assert.deepEqual((await call(app, '/r')).json, { async: true });
  });

  it('sends a returned Response as it is', async () => {
    const app = await withRoute((config) =>
      config.addView(
        () => new Response('made', { status: 201, headers: { 'X-Made': 'yes' }, contentType: 'text/plain' }),
        {
          routeName: 'r',
        },
      ),
    );
    const res = await call(app, '/r');
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-made'], 'yes');
    assert.equal(res.body, 'made');
  });

  it('rejects unknown view options with the known ones, and unknown routes, at commit', async () => {
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', rendrer: 'json' } as object)),
      /unknown option 'rendrer' \(did you mean 'renderer'\?\) \(options: .*renderer/,
    );
    await assert.rejects(
      appWith((config) => config.addView(label('x'), { routeName: 'missing' })),
      /route 'missing', which does not exist .*views\.test\.ts:\d+/,
    );
  });

  it('calls an unknown view option ZIG_ERR_CONFIG_OPTION, suggesting the closest option, at its call site', async () => {
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', premission: 'edit' } as object)),
      (error: ZigguratError) => {
        assert.equal(error.code, 'ZIG_ERR_CONFIG_OPTION');
        assert.match(error.message, /unknown option 'premission' \(did you mean 'permission'\?\)/);
        assert.match(error.message, /views\.test\.ts:\d+/);
        return true;
      },
    );
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', zzz: 1 } as object)),
      (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_OPTION' && !/did you mean/.test(error.message),
    );
  });

  it('answers with traversal view names when no route matches (default root)', async () => {
    const app = await appWith((config) => {
      config.addView(label('home'), { renderer: 'json' });
      config.addView(label('about'), { name: 'about', renderer: 'json' });
    });
    assert.equal((await call(app, '/')).json?.view, 'home');
    assert.equal((await call(app, '/about')).json?.view, 'about');
    assert.equal((await call(app, '/missing')).status, 404);
  });

  it('reports a view without a renderer that returns plain data as a 500 without details', async () => {
    const app = await withRoute((config) => config.addView(() => ({ x: 1 }), { routeName: 'r' }));
    const res = await call(app, '/r');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.body, /renderer|views\.test/);
  });

  it('finds a simple route its views alike whether or not they depend on the context', async () => {
    class Shop {}
    class Closed extends Shop {}
    let root: Shop = new Shop();
    const app = await appWith((config) => {
      config.setRootFactory(() => root);
      // Context-free: the route's own view, then global ones only with useGlobalViews.
      config.addRoute('own', '/own');
      config.addView(label('own'), { routeName: 'own', renderer: 'json' });
      config.addRoute('shared', '/shared', { useGlobalViews: true });
      config.addRoute('alone', '/alone');
      config.addView(label('global'), { renderer: 'json' });
      // Context classes: the root the factory makes decides.
      config.addRoute('shop', '/shop');
      config.addView(label('any shop'), { routeName: 'shop', context: Shop, renderer: 'json' });
      config.addView(label('closed shop'), { routeName: 'shop', context: Closed, renderer: 'json' });
      // Several routes behind one Fastify path are matched by their patterns in order.
      config.addRoute('item', '/items/{id:\\d+}');
      config.addRoute('slug', '/items/{slug}');
      config.addView((request: Request) => ({ id: request.matchdict.id }), {
        routeName: 'item',
        renderer: 'json',
      });
      config.addView((request: Request) => ({ slug: request.matchdict.slug }), {
        routeName: 'slug',
        renderer: 'json',
      });
    });
    assert.deepEqual((await call(app, '/own')).json, { view: 'own' });
    assert.deepEqual((await call(app, '/shared')).json, { view: 'global' });
    assert.equal((await call(app, '/alone')).status, 404);
    assert.deepEqual((await call(app, '/shop')).json, { view: 'any shop' });
    root = new Closed();
    assert.deepEqual((await call(app, '/shop')).json, { view: 'closed shop' });
    assert.deepEqual((await call(app, '/items/42')).json, { id: '42' });
    assert.deepEqual((await call(app, '/items/tea')).json, { slug: 'tea' });
  });
});

describe('addView as Pyramid registers views', () => {
  @viewDefaults({ routeName: 'item', renderer: 'json', requestMethod: 'GET' })
  class ItemView {
    constructor(private readonly request: Request) {}
    call() {
      return { item: this.request.matchdict.id };
    }
    text() {
      return `item ${String(this.request.matchdict.id)}`;
    }
  }

  it("applies a class's @viewDefaults to an imperative addView, under the options given", async () => {
    const app = await appWith((config) => {
      config.addRoute('item', '/items/{id}');
      config.addRoute('text', '/text/{id}');
      config.addView(ItemView);
      config.addView(ItemView, { routeName: 'text', attr: 'text', renderer: 'string' });
    });
    assert.deepEqual((await call(app, '/items/7')).json, { item: '7' });
    assert.equal((await call(app, '/text/7')).body, 'item 7');
    assert.equal((await call(app, { method: 'POST', url: '/items/7' })).status, 405);
  });

  it('sees a defaulted addView and the same view declared in full as one (a conflict)', async () => {
    await assert.rejects(
      appWith((config) => {
        config.addRoute('item', '/items/{id}');
        config.addView(ItemView);
        config.addView(ItemView, { routeName: 'item', renderer: 'json', requestMethod: 'GET' });
      }),
      (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
    );
  });

  class OutOfStock extends Error {}
  /** Route `buy`, whose view raises OutOfStock. */
  const buyingFails = (config: Configurator) => {
    config.addRoute('buy', '/buy');
    config.addView(
      () => {
        throw new OutOfStock('none left');
      },
      { routeName: 'buy' },
    );
  };

  it('makes a view whose context is an error class an exception view too', async () => {
    const app = await appWith((config) => {
      buyingFails(config);
      config.addView((request: Request) => ({ sorry: (request.exception as Error).message }), {
        context: OutOfStock,
        renderer: 'json',
      });
      config.addView((request: Request) => ({ missing: request.path }), {
        context: HTTPNotFound,
        renderer: 'json',
      });
    });
    const sorry = await call(app, '/buy');
    assert.equal(sorry.status, 500);
    assert.deepEqual(sorry.json, { sorry: 'none left' });
    const missing = await call(app, '/nowhere');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { missing: '/nowhere' });
  });

  it('keeps a named view for an error class an ordinary view, and conflicts with an equal exception view', async () => {
    const named = await appWith((config) => {
      buyingFails(config);
      config.addView(label('named'), { context: OutOfStock, name: 'why', renderer: 'json' });
    });
    assert.equal((await call(named, '/buy')).status, 500);
    assert.equal((await call(named, '/buy')).json, undefined);
    await assert.rejects(
      appWith((config) => {
        config.addView(label('view'), { context: OutOfStock, renderer: 'json' });
        config.addExceptionView(label('exception view'), { context: OutOfStock, renderer: 'json' });
      }),
      (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
    );
  });
});
