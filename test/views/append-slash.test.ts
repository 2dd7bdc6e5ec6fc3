// addNotFoundView's appendSlash, as Pyramid's AppendSlashNotFoundViewFactory: `/foo` that only `/foo/`
// routes is redirected there (307 by default, so unsafe methods keep their method and body).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Configurator,
  HTTPMovedPermanently,
  HTTPNotFound,
  notFoundViewConfig,
  type Request,
  type ZigguratError,
} from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

const notFound = (request: Request) => ({ notFound: request.path });

function slashApp(configure: (config: Configurator) => void) {
  return appWith((config) => {
    config.addRoute('foo', '/foo/');
    config.addRoute('item', '/items/{id}/');
    config.addView(() => ({ ok: true }), { routeName: 'foo', renderer: 'json' });
    config.addView((request: Request) => ({ item: request.matchdict.id }), {
      routeName: 'item',
      renderer: 'json',
    });
    configure(config);
  });
}

describe('appendSlash', () => {
  it('redirects to the slash-appended path, query kept, with a 307', async () => {
    const app = await slashApp((config) =>
      config.addNotFoundView(notFound, { appendSlash: true, renderer: 'json' }),
    );
    const redirected = await call(app, '/foo?a=1&b=2');
    assert.equal(redirected.status, 307);
    assert.equal(redirected.headers.location, '/foo/?a=1&b=2');
    assert.equal((await call(app, '/items/7')).headers.location, '/items/7/');
    assert.deepEqual((await call(app, '/foo/')).json, { ok: true });
  });

  it('keeps the method of unsafe requests (307)', async () => {
    const app = await slashApp((config) =>
      config.addNotFoundView(notFound, { appendSlash: true, renderer: 'json' }),
    );
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const redirected = await call(app, { method, url: '/foo' });
      assert.equal(redirected.status, 307);
      assert.equal(redirected.headers.location, '/foo/');
    }
  });

  it("answers with the app's not-found view when no route matches with a slash either", async () => {
    const app = await slashApp((config) =>
      config.addNotFoundView(notFound, { appendSlash: true, renderer: 'json' }),
    );
    const missing = await call(app, '/bar');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { notFound: '/bar' });
    assert.deepEqual((await call(app, '/nothing/')).json, { notFound: '/nothing/' });
  });

  it('takes a redirect class or a redirect status instead', async () => {
    const permanent = await slashApp((config) =>
      config.addNotFoundView(notFound, { appendSlash: HTTPMovedPermanently, renderer: 'json' }),
    );
    assert.equal((await call(permanent, '/foo')).status, 301);
    const status = await slashApp((config) =>
      config.addNotFoundView(notFound, { appendSlash: 308, renderer: 'json' }),
    );
    assert.equal((await call(status, '/foo?x')).status, 308);
    assert.equal((await call(status, '/foo?x')).headers.location, '/foo/?x');
  });

  it('needs no view of its own: the plain 404 answers otherwise', async () => {
    const app = await slashApp((config) => config.addNotFoundView(null, { appendSlash: true }));
    assert.equal((await call(app, '/foo')).status, 307);
    assert.equal((await call(app, '/bar')).status, 404);
  });

  it('works on a scanned @notFoundViewConfig class', async () => {
    @notFoundViewConfig({ appendSlash: true, renderer: 'json' })
    class NotFoundPage {
      call() {
        return { page: 'not found' };
      }
    }
    const app = await slashApp((config) => void config.scan(NotFoundPage));
    assert.equal((await call(app, '/foo')).status, 307);
    assert.deepEqual((await call(app, '/bar')).json, { page: 'not found' });
  });

  for (const bad of [HTTPNotFound, 404, 304, 'yes']) {
    it(`refuses appendSlash: ${typeof bad === 'function' ? bad.name : JSON.stringify(bad)} at the call`, async () => {
      await assert.rejects(
        slashApp((config) => config.addNotFoundView(notFound, { appendSlash: bad as never })),
        (error: ZigguratError) =>
          error.code === 'ZIG_ERR_CONFIG_OPTION' && /appendSlash.*append-slash\.test\.ts/.test(error.message),
      );
    });
  }
});
