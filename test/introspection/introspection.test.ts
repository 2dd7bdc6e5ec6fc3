// Introspection through the public API: listRoutes, listViews, listTweens, explainPath on a Configurator's app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Configurator,
  explainPath,
  type Handler,
  listFastifyRoutes,
  listRoutes,
  listTweens,
  listViews,
  MAIN,
  type Request,
} from '../../lib/index.js';

class Item {
  constructor(readonly request: Request) {}
  show() {
    return {};
  }
}

async function makeApp() {
  const config = new Configurator();
  config.addRoute('item', '/items/{id:\\d+}', { requestMethod: 'GET' });
  config.addView(Item, { routeName: 'item', attr: 'show', renderer: 'json', requestParam: 'full' });
  config.addView(() => ({}), { routeName: 'item', renderer: 'json', permission: 'view' });
  config.addRoute('other', '/items/{slug}');
  const outer = (handler: Handler) => handler;
  const inner = (handler: Handler) => handler;
  config.addTween(inner, { under: 'outer' });
  config.addTween(outer);
  config.addTween(
    function nearMain(handler: Handler) {
      return handler;
    },
    { over: MAIN, under: 'inner' },
  );
  return { config, app: await config.makeApp() };
}

describe('introspection', () => {
  it('lists routes with their methods, predicates and views, and every view', async () => {
    const { config, app } = await makeApp();
    const [item, other] = listRoutes(app);
    assert.equal(item?.name, 'item');
    assert.deepEqual(item?.methods, ['GET', 'HEAD']);
    assert.deepEqual(item?.predicates, ['requestMethod = GET,HEAD']);
    assert.deepEqual(
      item?.views.map((view) => view.callable),
      ['Item.show', 'anonymous'],
    );
    assert.deepEqual(item?.views[0]?.predicates, ['requestParam full']);
    assert.equal(item?.views[1]?.permission, 'view');
    assert.deepEqual(other?.methods, ['*']);
    assert.match(item?.location ?? '', /introspection\.test\.[jt]s:\d+/);
    assert.deepEqual(
      listViews(config).map((view) => view.routeName),
      ['item', 'item'],
    );
  });

  it('lists the tweens from INGRESS to MAIN following over/under', async () => {
    const { app } = await makeApp();
    assert.deepEqual(
      listTweens(app).map((tween) => tween.name),
      ['INGRESS', 'outer', 'inner', 'nearMain', 'ziggurat.excview', 'MAIN'],
    );
  });

  it('explains a path: the route tried in order, and each candidate predicate verdict', async () => {
    const { app } = await makeApp();
    const explained = await explainPath(app, '/items/12?full=1');
    assert.equal(explained.route?.name, 'item');
    assert.deepEqual(explained.route?.matchdict, { id: '12' });
    assert.deepEqual(
      explained.views.map((view) => [view.callable, view.selected]),
      [
        ['Item.show', true],
        ['anonymous', false],
      ],
    );
    assert.deepEqual(explained.views[0]?.checks, [{ text: 'requestParam full', passed: true }]);
    const slug = await explainPath(app, '/items/abc');
    assert.deepEqual(
      slug.routes.map((route) => [route.name, route.matched]),
      [
        ['item', false],
        ['other', true],
      ],
    );
    assert.equal(slug.outcome, '404 Not Found');
  });

  it("lists the routes added to Fastify itself, not Ziggurat's routes nor its static views", async () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    config.addView(() => 'home', { routeName: 'home' });
    config.addStaticView('static', new URL('.', import.meta.url).pathname);
    config.configureFastify(async (app) => {
      app.get('/ping', async () => 'pong');
      app.route({ method: ['POST', 'PUT'], url: '/hooks/:id', handler: async () => 'ok' });
      await app.register(async (scope) => void scope.delete('/cache', async () => 'cleared'), {
        prefix: '/admin',
      });
    });
    const app = await config.makeApp();
    assert.deepEqual(listFastifyRoutes(app), [
      { url: '/ping', methods: ['GET', 'HEAD'] },
      { url: '/hooks/:id', methods: ['POST', 'PUT'] },
      { url: '/admin/cache', methods: ['DELETE'] },
    ]);
    assert.equal((await app.inject({ url: '/ping' })).body, 'pong');
    await app.close();
  });

  it('refuses something that is not a registry, a configurator or an app makeApp made', () => {
    assert.throws(() => listRoutes({} as never), { code: 'ZIG_ERR_CONFIG_OPTION' });
  });
});
