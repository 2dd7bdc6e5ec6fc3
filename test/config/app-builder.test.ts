// The Fastify app makeApp builds from many routes: they are added by several plugins (in the app's
// own context), and each still answers, with the app's error and not-found handling.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, HTTPBadRequest, type Request } from '../../lib/index.js';
import { call } from '../helpers.js';

class Boom extends Error {}

/** More routes than one plugin adds: `/r<i>/{id}` for GET, and every 100th also for POST. */
async function manyRoutes(count: number) {
  const config = new Configurator();
  for (let i = 0; i < count; i++) {
    config.addRoute(`r${i}`, `/r${i}/{id}`);
    config.addView((request: Request) => ({ route: i, id: request.matchdict.id }), {
      routeName: `r${i}`,
      renderer: 'json',
      requestMethod: i % 100 === 0 ? ['GET', 'POST'] : 'GET',
    });
  }
  config.addRoute('boom', '/boom');
  config.addView(
    () => {
      throw new Boom();
    },
    { routeName: 'boom' },
  );
  config.addExceptionView(() => ({ error: 'boom' }), { context: Boom, renderer: 'json' });
  config.addExceptionView(() => ({ error: 'bad request' }), { context: HTTPBadRequest, renderer: 'json' });
  config.addNotFoundView(() => ({ error: 'not here' }), { renderer: 'json' });
  return config.makeApp();
}

describe('makeApp with many routes', () => {
  it('answers on every route, whichever plugin added it', async () => {
    const app = await manyRoutes(1201);
    for (const i of [0, 499, 500, 1000, 1200]) {
      const answer = await call(app, `/r${i}/7`);
      assert.equal(answer.status, 200, `route ${i}`);
      assert.deepEqual(answer.json, { route: i, id: '7' });
    }
    assert.equal((await call(app, { method: 'HEAD', url: '/r1199/7' })).status, 200);
    assert.deepEqual((await call(app, { method: 'POST', url: '/r1100/7' })).json, { route: 1100, id: '7' });
    const refused = await call(app, { method: 'POST', url: '/r1101/7' });
    assert.equal(refused.status, 405);
    assert.equal(refused.headers.allow, 'GET, HEAD');
  });

  it("keeps the app's exception and not-found views for the last routes added", async () => {
    const app = await manyRoutes(1201);
    assert.deepEqual((await call(app, '/boom')).json, { error: 'boom' });
    assert.deepEqual((await call(app, '/nowhere')).json, { error: 'not here' });
    // An error Fastify raises before the view (a body that is not JSON) goes to the app's handler.
    const badBody = await call(app, {
      method: 'POST',
      url: '/r1200/7',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    assert.equal(badBody.status, 400);
    assert.deepEqual(badBody.json, { error: 'bad request' });
  });
});
