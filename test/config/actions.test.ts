import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ConfigurationConflictError,
  Configurator,
  type Handler,
  listStaticViews,
  listTweens,
  listViews,
  type Request,
  Response,
} from '../../lib/index.js';
import { call, label } from '../helpers.js';

function conflictOf(error: unknown): ConfigurationConflictError {
  assert.equal((error as { code?: string }).code, 'ZIG_ERR_CONFIG_CONFLICT');
  return error as ConfigurationConflictError;
}

describe('actions and conflicts', () => {
  it('names both call sites as file:line when two views claim the same thing', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addView(label('one'), { routeName: 'r', renderer: 'json' });
    config.addView(label('two'), { routeName: 'r', renderer: 'json' });
    await assert.rejects(config.commit(), (error) => {
      const conflict = conflictOf(error);
      assert.equal(conflict.sites.length, 2);
      for (const site of conflict.sites) assert.match(site.location, /test\/config\/actions\.test\.ts:\d+$/);
      assert.notEqual(conflict.sites[0]?.location, conflict.sites[1]?.location);
      assert.match(conflict.message, /actions\.test\.ts:\d+[\s\S]*actions\.test\.ts:\d+/);
      return true;
    });
  });

  it('does not treat views with different predicates as a conflict', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addView(label('get'), { routeName: 'r', renderer: 'json', requestMethod: 'GET' });
    config.addView(label('post'), { routeName: 'r', renderer: 'json', requestMethod: 'POST' });
    await config.commit();
  });

  it('lets the including configuration silently override what it includes', async () => {
    const config = new Configurator();
    config.include((addon) => {
      addon.addRoute('r', '/r');
      addon.addView(label('addon'), { routeName: 'r', renderer: 'json' });
    });
    config.addView(label('app'), { routeName: 'r', renderer: 'json' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/r')).json?.view, 'app');
  });

  it('reports a conflict between two sibling includes, naming both', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.include(function first(addon) {
      addon.addView(label('first'), { routeName: 'r', renderer: 'json' });
    });
    config.include(function second(addon) {
      addon.addView(label('second'), { routeName: 'r', renderer: 'json' });
    });
    await assert.rejects(config.commit(), (error) => {
      const conflict = conflictOf(error);
      assert.match(conflict.message, /first/);
      assert.match(conflict.message, /second/);
      return true;
    });
  });

  it('resolves a sibling conflict when the app registers its own version', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.include((addon) => addon.addView(label('first'), { routeName: 'r', renderer: 'json' }));
    config.include((addon) => addon.addView(label('second'), { routeName: 'r', renderer: 'json' }));
    config.addView(label('app'), { routeName: 'r', renderer: 'json' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/r')).json?.view, 'app');
  });

  it('runs an add-on included twice only once', async () => {
    let runs = 0;
    const addon = (config: Configurator) => {
      runs++;
      config.addRoute('once', '/once');
    };
    const config = new Configurator();
    config.include(addon);
    config.include({ includeme: addon });
    config.include((inner) => inner.include(addon));
    await config.commit();
    assert.equal(runs, 1);
  });

  it('awaits async add-ons at commit, nested ones too', async () => {
    const config = new Configurator();
    config.include(async (addon) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      addon.addRoute('late', '/late');
      addon.include(async (inner) => {
        await Promise.resolve();
        inner.addView(label('late'), { routeName: 'late', renderer: 'json' });
      });
    });
    const app = await config.makeApp();
    assert.equal((await call(app, '/late')).json?.view, 'late');
  });

  it('fails the commit with the error of an async add-on that failed before it, awaited or not', async () => {
    const config = new Configurator();
    void config.include(async () => {
      throw new Error('add-on broke early');
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await assert.rejects(config.commit(), /add-on broke early/);
  });

  it('runs renderers and predicates before the views that use them, whatever the call order', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addView(() => 'x', { routeName: 'r', renderer: 'shout', loud: true } as object);
    config.addViewPredicate('loud', () => ({ text: () => 'loud', phash: () => 'loud', call: () => true }));
    config.addRenderer('shout', () => (value) => `${String(value).toUpperCase()}!`);
    const app = await config.makeApp();
    assert.equal((await call(app, '/r')).body, 'X!');
  });

  it('lets a later commit override an earlier one without conflict', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addRenderer('fmt', () => () => 'one');
    await config.commit();
    config.addRenderer('fmt', () => () => 'two');
    config.addView(() => null, { routeName: 'r', renderer: 'fmt' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/r')).body, 'two');
  });

  it('lets a view registered after a commit replace the committed one of the same predicates', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addView(label('v1'), { routeName: 'r', renderer: 'json', xhr: true });
    config.addView(label('other'), { routeName: 'r', renderer: 'json', xhr: false });
    await config.commit();
    config.addView(label('v2'), { routeName: 'r', renderer: 'json', xhr: true });
    const app = await config.makeApp();
    const xhr = { 'x-requested-with': 'XMLHttpRequest' };
    assert.equal((await call(app, { method: 'GET', url: '/r', headers: xhr })).json?.view, 'v2');
    assert.equal((await call(app, '/r')).json?.view, 'other');
    assert.equal(listViews(config).length, 2);
  });

  it('keeps the replaced view in its place among the views of its slot', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addView(label('first'), { routeName: 'r', renderer: 'json', requestParam: 'a' });
    config.addView(label('second'), { routeName: 'r', renderer: 'json', requestParam: 'b' });
    await config.commit();
    config.addView(label('first again'), { routeName: 'r', renderer: 'json', requestParam: 'a' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/r?a=1&b=1')).json?.view, 'first again');
  });

  it('lets exception and not-found views registered after a commit replace the committed ones', async () => {
    const config = new Configurator();
    config.addRoute('boom', '/boom');
    config.addView(
      () => {
        throw new RangeError('out');
      },
      { routeName: 'boom' },
    );
    config.addExceptionView(() => new Response('one', { status: 500 }), { context: RangeError });
    config.addNotFoundView(() => new Response('nothing here (1)', { status: 404 }));
    await config.commit();
    config.addExceptionView(() => new Response('two', { status: 500 }), { context: RangeError });
    config.addNotFoundView(() => new Response('nothing here (2)', { status: 404 }));
    const app = await config.makeApp();
    assert.equal((await call(app, '/boom')).body, 'two');
    assert.equal((await call(app, '/nowhere')).body, 'nothing here (2)');
  });

  it('lets a tween, a static view or a route added after a commit replace the committed one', async () => {
    const config = new Configurator();
    const tagging = (tag: string) =>
      Object.defineProperty(
        (handler: Handler) => async (request: Request) => {
          const response = await handler(request);
          response.headers.append('X-Tag', tag);
          return response;
        },
        'name',
        { value: 'tagging' },
      );
    config.addRoute('r', '/r');
    config.addView(label('r'), { routeName: 'r', renderer: 'json' });
    config.addTween(tagging('one'));
    config.addStaticView('static', new URL('../../../test/fixtures/static/', import.meta.url));
    await config.commit();
    config.addTween(tagging('two'));
    config.addStaticView('static', new URL('../../../test/fixtures/static-override/', import.meta.url));
    config.addRoute('r', '/moved');
    const app = await config.makeApp();
    const moved = await call(app, '/moved');
    assert.equal(moved.headers['x-tag'], 'two');
    assert.equal(moved.json?.view, 'r');
    assert.deepEqual(
      listTweens(app).map((tween) => tween.name),
      ['INGRESS', 'tagging', 'ziggurat.excview', 'MAIN'],
    );
    assert.equal(listStaticViews(app).length, 1);
    assert.match(listStaticViews(app)[0]?.directory ?? '', /static-override/);
  });

  it('still detects conflicts within the commit that follows another', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    await config.commit();
    config.addView(label('one'), { routeName: 'r', renderer: 'json' });
    config.addView(label('two'), { routeName: 'r', renderer: 'json' });
    await assert.rejects(config.commit(), { code: 'ZIG_ERR_CONFIG_CONFLICT' });
  });

  it('wraps an error thrown by an action with its call site', async () => {
    const config = new Configurator();
    config.action('custom', () => {
      throw new Error('boom');
    });
    await assert.rejects(config.commit(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ZIG_ERR_CONFIG_EXECUTION');
      assert.match(error.message, /boom[\s\S]*actions\.test\.ts:\d+/);
      return true;
    });
  });
});
