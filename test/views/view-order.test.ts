// The order views are tried in, as Pyramid's MultiView orders them: more predicates first, then the
// heavier predicates (not registration order), and accept views in the order the Accept header prefers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Configurator } from '../../lib/index.js';
import { appWith, call, label } from '../helpers.js';

const json = { renderer: 'json' } as const;
type Options = Record<string, unknown>;

/** An app whose route `r` has these views, registered in this order. */
function viewsApp(views: ReadonlyArray<[string, Options]>) {
  return appWith(
    (config: Configurator) => {
      config.addRoute('r', '/r/{k}');
      for (const [name, options] of views)
        config.addView(label(name), { routeName: 'r', ...json, ...options });
      // The views answer JSON whatever the Accept header, so the test reads which one was chosen.
    },
    { settings: { 'api.browsable': false } },
  );
}

async function winner(views: ReadonlyArray<[string, Options]>, url: string, headers: Options = {}) {
  return (await call(await viewsApp(views), { url, headers: headers as Record<string, string> })).json?.view;
}

const xhr = { 'x-requested-with': 'XMLHttpRequest' };

describe('ties between views with as many predicates', () => {
  it('go to the heavier predicate whatever the registration order', async () => {
    const xhrView: [string, Options] = ['xhr', { xhr: true }];
    const matchView: [string, Options] = ['match', { matchParam: 'k=v' }];
    assert.equal(await winner([xhrView, matchView], '/r/v', xhr), 'match');
    assert.equal(await winner([matchView, xhrView], '/r/v', xhr), 'match');
  });

  it('weigh requestParam over requestMethod, and the heaviest differing predicate decides', async () => {
    const method: [string, Options] = ['method', { requestMethod: 'GET' }];
    const param: [string, Options] = ['param', { requestParam: 'a' }];
    assert.equal(await winner([method, param], '/r/x?a=1'), 'param');
    assert.equal(await winner([param, method], '/r/x?a=1'), 'param');
    // xhr + header against requestMethod + requestParam: header is the heaviest of the four.
    const light: [string, Options] = ['xhr+header', { xhr: true, header: 'X-A' }];
    const heavy: [string, Options] = ['method+param', { requestMethod: 'GET', requestParam: 'a' }];
    const both = { ...xhr, 'x-a': '1' };
    assert.equal(await winner([heavy, light], '/r/x?a=1', both), 'xhr+header');
    assert.equal(await winner([light, heavy], '/r/x?a=1', both), 'xhr+header');
  });

  it("weigh the app's own predicates over the built-ins (they are registered later)", async () => {
    const app = await appWith((config) => {
      config.addViewPredicate('always', () => ({
        text: () => 'always',
        phash: () => 'always',
        call: () => true,
      }));
      config.addRoute('r', '/r/{k}');
      config.addView(label('match'), { routeName: 'r', matchParam: 'k=v', ...json });
      config.addView(label('custom'), { routeName: 'r', always: true, ...json } as object);
    });
    assert.equal((await call(app, '/r/v')).json?.view, 'custom');
  });

  it('still put more predicates before fewer, and keep registration order between equals', async () => {
    const views: Array<[string, Options]> = [
      ['plain', {}],
      ['first', { requestParam: 'a' }],
      ['second', { requestParam: 'b' }],
      ['two', { xhr: true, requestMethod: 'GET' }],
    ];
    assert.equal(await winner(views, '/r/x?a=1&b=1', xhr), 'two');
    assert.equal(await winner(views, '/r/x?a=1&b=1'), 'first');
    assert.equal(await winner(views, '/r/x'), 'plain');
  });

  it('do not change with the order add-ons are included in', async () => {
    const byXhr = (config: Configurator) =>
      config.addView(label('xhr'), { routeName: 'r', xhr: true, ...json });
    const byParam = (config: Configurator) =>
      config.addView(label('param'), { routeName: 'r', requestParam: 'a', ...json });
    for (const order of [
      [byXhr, byParam],
      [byParam, byXhr],
    ]) {
      const app = await appWith(async (config) => {
        config.addRoute('r', '/r/{k}');
        for (const addon of order) await config.include(addon);
      });
      assert.equal((await call(app, { url: '/r/x?a=1', headers: xhr })).json?.view, 'param');
    }
  });
});

describe('accept views', () => {
  const html: [string, Options] = ['html', { accept: 'text/html' }];
  const jsonView: [string, Options] = ['json', { accept: 'application/json' }];
  const text: [string, Options] = ['text', { accept: 'text/plain' }];

  it("are tried in the order of the Accept header's q-values", async () => {
    for (const views of [
      [html, jsonView],
      [jsonView, html],
    ]) {
      assert.equal(await winner(views, '/r/x', { accept: 'text/html;q=0.5, application/json' }), 'json');
      assert.equal(await winner(views, '/r/x', { accept: 'application/json;q=0.5, text/html' }), 'html');
      assert.equal(await winner(views, '/r/x', { accept: 'application/*;q=0.9, text/*;q=0.8' }), 'json');
    }
  });

  it("follow Pyramid's default order of media types without a header, or for */*", async () => {
    for (const views of [
      [jsonView, text, html],
      [html, text, jsonView],
    ]) {
      assert.equal(await winner(views, '/r/x'), 'html');
      assert.equal(await winner(views, '/r/x', { accept: '*/*' }), 'html');
    }
    assert.equal(await winner([jsonView, text], '/r/x'), 'text');
    assert.equal(await winner([jsonView, text], '/r/x', { accept: 'application/json, text/plain' }), 'text');
    // Equal q-values: the default order decides, not the header's order.
    assert.equal(await winner([jsonView, html], '/r/x', { accept: 'application/json, text/html' }), 'html');
  });

  it('put types outside the default order after it, and an offer with parameters before its bare type', async () => {
    const png: [string, Options] = ['png', { accept: 'image/png' }];
    assert.equal(await winner([png, jsonView], '/r/x'), 'json');
    const level: [string, Options] = ['level', { accept: 'text/html;level=1' }];
    assert.equal(await winner([html, level], '/r/x'), 'level');
  });

  it('come before views without an offer, as in Pyramid', async () => {
    const detailed: [string, Options] = ['detailed', { xhr: true, requestMethod: 'GET' }];
    assert.equal(await winner([detailed, jsonView], '/r/x', xhr), 'json');
    assert.equal(await winner([detailed, jsonView], '/r/x', { ...xhr, accept: 'text/html' }), 'detailed');
  });

  it('answer as the accept predicate says when a route has only one of them (no ordering to do)', async () => {
    const app = await viewsApp([jsonView]);
    // The same view asked again and again with headers that take turns: each gets its own answer.
    for (let round = 0; round < 3; round++) {
      assert.equal((await call(app, { url: '/r/x', headers: { accept: 'application/json' } })).status, 200);
      assert.equal((await call(app, { url: '/r/x', headers: { accept: 'text/html' } })).status, 404);
      assert.equal((await call(app, '/r/x')).status, 200);
      assert.equal(
        (await call(app, { url: '/r/x', headers: { accept: 'text/*, application/*;q=0.1' } })).status,
        200,
      );
      assert.equal(
        (await call(app, { url: '/r/x', headers: { accept: 'application/json;q=0' } })).status,
        404,
      );
    }
    // Only the method failing is a 405; the Accept header failing too is a 404, as with ordering.
    const posting = await viewsApp([['post', { accept: 'application/json', requestMethod: 'POST' }]]);
    const asJson = { accept: 'application/json' };
    assert.equal((await call(posting, { url: '/r/x', headers: asJson })).status, 405);
    assert.equal((await call(posting, { url: '/r/x', headers: { accept: 'text/html' } })).status, 404);
    assert.equal((await call(posting, { method: 'POST', url: '/r/x', headers: asJson })).status, 200);
  });

  it('order exception views too', async () => {
    const app = await appWith((config) => {
      config.addExceptionView(() => 'text', { context: Error, accept: 'text/plain', renderer: 'string' });
      config.addExceptionView(() => 'html', { context: Error, accept: 'text/html', renderer: 'string' });
      config.addRoute('boom', '/boom');
      config.addView(
        () => {
          throw new Error('boom');
        },
        { routeName: 'boom' },
      );
    });
    assert.equal((await call(app, '/boom')).body, 'html');
    assert.equal(
      (await call(app, { url: '/boom', headers: { accept: 'text/plain, text/html;q=0.1' } })).body,
      'text',
    );
  });
});
