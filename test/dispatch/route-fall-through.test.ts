// When the route Fastify picks refuses a request (its predicates, or a regex Fastify cannot see), the
// other routes whose patterns match are tried in Fastify's precedence order, as Pyramid tries the
// next matching route; then traversal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Configurator, explainPath, type Request } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

const echo = (request: Request) => ({ route: request.matchedRoute?.name ?? null, match: request.matchdict });
const xhr = { 'x-requested-with': 'XMLHttpRequest' };

/** Routes, each with a JSON view echoing which route matched. */
function routesApp(routes: Array<[string, string, object?]>, configure?: (config: Configurator) => void) {
  return appWith((config) => {
    for (const [name, pattern, options] of routes) {
      config.addRoute(name, pattern, options);
      config.addView(echo, { routeName: name, renderer: 'json' });
    }
    configure?.(config);
  });
}

describe('falling through to the next matching route', () => {
  it('tries a route of lower precedence when the picked one fails its predicates', async () => {
    const app = await routesApp([
      ['ajax-user', '/users/{id}', { xhr: true }],
      ['anything', '/users/*rest'],
    ]);
    assert.equal((await call(app, { url: '/users/7', headers: xhr })).json?.route, 'ajax-user');
    assert.deepEqual((await call(app, '/users/7')).json, { route: 'anything', match: { rest: ['7'] } });
  });

  it("goes in Fastify's precedence order (static before {param} before *rest), not registration order", async () => {
    const app = await routesApp([
      ['both', '/{p}/{q}'],
      ['static-b', '/{p}/b'],
      ['picky', '/a/{x}', { requestParam: 'go' }],
    ]);
    assert.equal((await call(app, '/a/b?go=1')).json?.route, 'picky');
    assert.equal((await call(app, '/a/b')).json?.route, 'static-b');
    assert.equal((await call(app, '/a/c')).json?.route, 'both');
    // Segment by segment, as find-my-way backtracks: a static first segment wins over any later one.
    const withRest = await routesApp([
      ['both', '/{p}/{q}'],
      ['static-b', '/{p}/b'],
      ['picky', '/a/{x}', { requestParam: 'go' }],
      ['rest', '/a/*rest'],
    ]);
    assert.equal((await call(withRest, '/a/b')).json?.route, 'rest');
  });

  it('reaches a plain {param} route when a regex the router cannot see refuses the path', async () => {
    const app = await routesApp([
      ['number', '/a/{x:\\d+}'],
      ['pair', '/{p}/{q}'],
    ]);
    assert.equal((await call(app, '/a/12')).json?.route, 'number');
    assert.deepEqual((await call(app, '/a/b')).json, { route: 'pair', match: { p: 'a', q: 'b' } });
  });

  it('waits for async route predicates on the way', async () => {
    const app = await routesApp(
      [
        ['slow', '/s/{x}', { slowly: 'yes' }],
        ['next', '/s/*rest', { slowly: 'no' }],
      ],
      (config) =>
        config.addRoutePredicate('slowly', (value: string) => ({
          text: () => `slowly ${value}`,
          phash: () => `slowly ${value}`,
          call: async (_info, request) => (request.query.slow === 'yes') === (value === 'yes'),
        })),
    );
    assert.equal((await call(app, '/s/1?slow=yes')).json?.route, 'slow');
    assert.equal((await call(app, '/s/1?slow=no')).json?.route, 'next');
  });

  it('falls through to traversal when no other route matches', async () => {
    const app = await routesApp([['ajax', '/x/{a}', { xhr: true }]], (config) =>
      config.addView((request: Request) => ({ traversal: request.viewName, subpath: request.subpath }), {
        name: 'x',
        renderer: 'json',
      }),
    );
    assert.deepEqual((await call(app, '/x/1')).json, { traversal: 'x', subpath: ['1'] });
  });

  it('answers 405 with the methods of every route that refused only the method', async () => {
    const app = await routesApp([
      ['post', '/f/{a}', { requestMethod: 'POST' }],
      ['put', '/f/*rest', { requestMethod: 'PUT' }],
    ]);
    assert.equal((await call(app, { method: 'PUT', url: '/f/1' })).json?.route, 'put');
    const refused = await call(app, '/f/1');
    assert.equal(refused.status, 405);
    assert.equal(refused.headers.allow, 'POST, PUT');
  });

  it('is what explainPath shows', async () => {
    const app = await routesApp([
      ['ajax-user', '/users/{id}', { xhr: true }],
      ['anything', '/users/*rest'],
      ['elsewhere', '/other'],
    ]);
    const explained = await explainPath(app, '/users/7');
    assert.deepEqual(
      explained.routes.map((route) => [route.name, route.matched, route.predicates.every((p) => p.passed)]),
      [
        ['ajax-user', true, false],
        ['anything', true, true],
      ],
    );
    assert.equal(explained.route?.name, 'anything');
  });
});
