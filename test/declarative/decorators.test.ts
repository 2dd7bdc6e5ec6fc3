import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigurationError,
  Configurator,
  exceptionViewConfig,
  forbiddenViewConfig,
  HTTPForbidden,
  inject,
  injectable,
  NewRequest,
  NewResponse,
  notFoundViewConfig,
  Request,
  subscriber,
  viewConfig,
  viewDefaults,
} from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

class OutOfStock extends Error {}

describe('decorators', () => {
  it('registers one view per @viewConfig, stacked ones included, with @viewDefaults underneath', async () => {
    @viewDefaults({ renderer: 'json', routeName: 'a' })
    class Views {
      @viewConfig()
      @viewConfig({ routeName: 'b' })
      both(request: Request) {
        return { route: request.matchedRoute?.name };
      }

      @viewConfig({ routeName: 'c', renderer: 'string' })
      text() {
        return 'plain';
      }
    }
    const app = await appWith((config) => {
      for (const name of ['a', 'b', 'c']) config.addRoute(name, `/${name}`);
      config.scan(Views);
    });
    assert.deepEqual((await call(app, '/a')).json, { route: 'a' });
    assert.deepEqual((await call(app, '/b')).json, { route: 'b' });
    const text = await call(app, '/c');
    assert.equal(text.body, 'plain');
    assert.match(String(text.headers['content-type']), /^text\/plain/);
  });

  it('on a class, registers its call method, or the attr option', async () => {
    @viewConfig({ routeName: 'home', renderer: 'string' })
    @viewConfig({ routeName: 'about', renderer: 'string', attr: 'about' })
    class Page {
      call() {
        return 'home';
      }
      about() {
        return 'about';
      }
    }
    const app = await appWith((config) => {
      config.addRoute('home', '/');
      config.addRoute('about', '/about');
      config.scan(Page);
    });
    assert.equal((await call(app, '/')).body, 'home');
    assert.equal((await call(app, '/about')).body, 'about');
  });

  it('declares not-found, forbidden and exception views', async () => {
    @viewDefaults({ renderer: 'json', name: 'ignored-for-exception-views' })
    class ErrorViews {
      constructor(@inject(Request) private readonly request: Request) {}

      @notFoundViewConfig()
      notFound() {
        this.request.response.status = 404;
        return { missing: this.request.path };
      }

      @forbiddenViewConfig()
      forbidden() {
        this.request.response.status = 403;
        return { denied: true };
      }

      @exceptionViewConfig(OutOfStock)
      outOfStock() {
        this.request.response.status = 409;
        return { error: (this.request.exception as Error).message };
      }
    }
    const app = await appWith((config) => {
      config.addRoute('deny', '/deny');
      config.addRoute('buy', '/buy');
      config.addView(
        () => {
          throw new HTTPForbidden();
        },
        { routeName: 'deny' },
      );
      config.addView(
        () => {
          throw new OutOfStock('no more tea');
        },
        { routeName: 'buy' },
      );
      config.scan(ErrorViews);
    });
    assert.deepEqual(await call(app, '/nowhere').then((r) => [r.status, r.json]), [
      404,
      { missing: '/nowhere' },
    ]);
    assert.deepEqual(await call(app, '/deny').then((r) => [r.status, r.json]), [403, { denied: true }]);
    assert.deepEqual(await call(app, '/buy').then((r) => [r.status, r.json]), [
      409,
      { error: 'no more tea' },
    ]);
  });

  it('makes @subscriber classes per event through the container, with services and the Request', async () => {
    @injectable()
    class Counter {
      count = 0;
    }
    @injectable()
    @subscriber(NewRequest, NewResponse)
    class Tally {
      constructor(
        @inject(Counter) private readonly counter: Counter,
        @inject(Request) private readonly request: Request,
      ) {}
      handle(event: NewRequest | NewResponse) {
        this.counter.count += 1;
        if (event instanceof NewResponse) {
          event.response.headers.set('X-Count', String(this.counter.count));
          event.response.headers.set('X-Path', this.request.path);
        }
      }
    }
    const app = await appWith((config) => {
      config.registry.container.bind(Counter).toSelf().inSingletonScope();
      config.addRoute('r', '/r');
      config.addView(() => 'ok', { routeName: 'r', renderer: 'string' });
      config.scan(Tally);
    });
    const first = await call(app, '/r');
    const second = await call(app, '/r');
    assert.equal(first.headers['x-count'], '2');
    assert.equal(second.headers['x-count'], '4');
    assert.equal(second.headers['x-path'], '/r');
  });

  it('reports misuse where the decorator is written', () => {
    assert.throws(
      () => {
        class Wrong {
          @viewConfig({ routeName: 'x' })
          static view() {
            return 'no';
          }
          call() {
            return 'instance';
          }
        }
        return Wrong;
      },
      (error: unknown) =>
        error instanceof ConfigurationError && /@viewConfig is on static method view/.test(error.message),
    );
    assert.throws(
      () => subscriber(),
      /@subscriber needs one or more event classes at .*decorators\.test\.ts:\d+/,
    );
    assert.throws(() => exceptionViewConfig(undefined as never), /@exceptionViewConfig needs an error class/);
  });

  it('fails at commit for a subscriber class without handle()', async () => {
    @subscriber(NewRequest)
    class NoHandle {}
    const config = new Configurator();
    await assert.rejects(
      config.scan(NoHandle).then(() => config.commit()),
      /NoHandle has no handle\(event\) method/,
    );
  });

  it('types the options: a misspelled one is a compile error', () => {
    // @ts-expect-error rendrer is not a view option
    const decorator = viewConfig({ routeName: 'x', rendrer: 'json' });
    assert.equal(typeof decorator, 'function');
  });
});
