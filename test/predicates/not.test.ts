// not(value): any predicate value negated (Pyramid's not_), on views, routes and custom predicates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, listViews, not, type ZigguratError } from '../../lib/index.js';
import { appWith, call, label } from '../helpers.js';

const json = { renderer: 'json' } as const;

function withRoute(configure: (config: Configurator) => void) {
  return appWith((config) => {
    config.addRoute('r', '/r');
    configure(config);
  });
}

describe('not(value)', () => {
  it('inverts a view predicate: requestMethod not POST answers any other method', async () => {
    const app = await withRoute((config) => {
      config.addView(label('read'), { routeName: 'r', requestMethod: not('POST'), ...json });
    });
    assert.equal((await call(app, '/r')).json?.view, 'read');
    assert.equal((await call(app, { method: 'PUT', url: '/r' })).json?.view, 'read');
    // A negated method is an ordinary predicate: its mismatch is a 404, not a 405 with Allow.
    assert.equal((await call(app, { method: 'POST', url: '/r' })).status, 404);
  });

  it('inverts any built-in value: header, requestParam, xhr, accept', async () => {
    const app = await withRoute((config) => {
      config.addView(label('no-beta'), {
        routeName: 'r',
        header: not('X-Beta'),
        requestParam: not('debug'),
        ...json,
      });
      config.addView(label('fallback'), { routeName: 'r', ...json });
    });
    assert.equal((await call(app, '/r')).json?.view, 'no-beta');
    assert.equal((await call(app, { url: '/r', headers: { 'x-beta': '1' } })).json?.view, 'fallback');
    assert.equal((await call(app, '/r?debug=1')).json?.view, 'fallback');
  });

  it('inverts a route predicate', async () => {
    const app = await appWith((config) => {
      config.addRoute('html', '/page', { xhr: not(true) });
      config.addRoute('ajax', '/page');
      config.addView(label('html'), { routeName: 'html', ...json });
      config.addView(label('ajax'), { routeName: 'ajax', ...json });
    });
    assert.equal((await call(app, '/page')).json?.view, 'html');
    const xhr = { 'x-requested-with': 'XMLHttpRequest' };
    assert.equal((await call(app, { url: '/page', headers: xhr })).json?.view, 'ajax');
  });

  it('inverts a custom predicate, async ones included', async () => {
    const app = await withRoute((config) => {
      config.addViewPredicate('flag', (value: string) => ({
        text: () => `flag = ${value}`,
        phash: () => `flag = ${value}`,
        call: async (_context, request) => request.query.flag === value,
      }));
      config.addView(label('not-on'), { routeName: 'r', flag: not('on'), ...json } as object);
      config.addView(label('on'), { routeName: 'r', ...json });
    });
    assert.equal((await call(app, '/r?flag=off')).json?.view, 'not-on');
    assert.equal((await call(app, '/r?flag=on')).json?.view, 'on');
  });

  it('describes itself with ! and is its own discriminator', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    config.addView(label('a'), { routeName: 'r', xhr: not(true) });
    config.addView(label('b'), { routeName: 'r', xhr: false });
    const app = await config.makeApp();
    assert.deepEqual(
      listViews(app).map((view) => view.predicates),
      [['!xhr = true'], ['xhr = false']],
    );
    await assert.rejects(
      withRoute((again) => {
        again.addView(label('a'), { routeName: 'r', header: not('X-A') });
        again.addView(label('b'), { routeName: 'r', header: not('X-A') });
      }),
      (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
    );
  });

  it('still checks the value it wraps at commit', async () => {
    await assert.rejects(
      withRoute((config) => config.addView(label('x'), { routeName: 'r', accept: not('text/*') })),
      (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_OPTION' && /not\.test\.ts/.test(error.message),
    );
  });
});
