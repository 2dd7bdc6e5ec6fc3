// A route's only view, in an app without tweens of its own, is reached the short way (MAIN's steps
// reduced at commit): what the view sees and what the app answers must be what the long way gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Configurator, type Handler, HTTPNotFound, type Request, Response } from '../../lib/index.js';

const passThrough = (handler: Handler) => (request: Request) => handler(request);

/** One app; `longWay` adds a tween of the app's own, which keeps every request on the general path. */
async function itemApp(longWay: boolean): Promise<{ app: FastifyInstance; finished: string[] }> {
  const finished: string[] = [];
  const config = new Configurator();
  if (longWay) config.addTween(passThrough);
  config.addRoute('item', '/items/{id}');
  config.addRoute('other', '/items/*rest');
  config.addRoute('files', '/files/*subpath');
  config.addView(
    (request: Request) => {
      if (request.matchdict.id === '0') throw new HTTPNotFound({ detail: 'no item 0' });
      if (request.matchdict.id === '13') throw new RangeError('unlucky');
      request.addResponseCallback((_request, response) => {
        response.headers.set('X-Callback', 'ran');
      });
      request.addFinishedCallback((done) => void finished.push(String(done.matchdict.id)));
      return {
        matchdict: request.matchdict,
        route: request.matchedRoute?.name,
        contextIsRoot: request.context === request.root && request.root !== null,
        virtualRootIsRoot: request.virtualRoot === request.root,
        viewName: request.viewName,
        subpath: request.subpath,
        traversed: request.traversed,
      };
    },
    { routeName: 'item', requestMethod: 'GET', renderer: 'json' },
  );
  config.addView((request: Request) => ({ rest: request.matchdict.rest }), {
    routeName: 'other',
    renderer: 'json',
  });
  config.addView((request: Request) => ({ subpath: request.subpath, context: request.context !== null }), {
    routeName: 'files',
    renderer: 'json',
  });
  config.addExceptionView(
    (request: Request) => new Response(`caught ${(request.exception as Error).message}`, { status: 500 }),
    { context: RangeError },
  );
  return { app: await config.makeApp(), finished };
}

async function answers(app: FastifyInstance, url: string) {
  const response = await app.inject({ url });
  return { status: response.statusCode, callback: response.headers['x-callback'], body: response.body };
}

describe("a route's only view, the short way", () => {
  for (const url of ['/items/7', '/items/0', '/items/13', '/items/', '/items/7/more', '/files/a/b%20c']) {
    it(`answers ${url} as the general path does`, async () => {
      const short = await itemApp(false);
      const long = await itemApp(true);
      assert.deepEqual(await answers(short.app, url), await answers(long.app, url));
      assert.deepEqual(short.finished, long.finished);
    });
  }

  it('sets the match and the root as context, runs callbacks, exception views and the fall-through', async () => {
    const { app, finished } = await itemApp(false);
    const found = await answers(app, '/items/7');
    assert.equal(found.status, 200);
    assert.equal(found.callback, 'ran');
    assert.deepEqual(JSON.parse(found.body), {
      matchdict: { id: '7' },
      route: 'item',
      contextIsRoot: true,
      virtualRootIsRoot: true,
      viewName: '',
      subpath: [],
      traversed: [],
    });
    assert.deepEqual(finished, ['7']);
    assert.equal((await answers(app, '/items/0')).status, 404);
    assert.deepEqual(await answers(app, '/items/13'), {
      status: 500,
      callback: undefined,
      body: 'caught unlucky',
    });
    // An empty segment is no `{id}`: the catch-all route answers.
    assert.deepEqual(JSON.parse((await answers(app, '/items/')).body), { rest: [] });
    // A `*subpath` route's subpath, as traversal would leave it.
    assert.deepEqual(JSON.parse((await answers(app, '/files/a/b%20c')).body), {
      subpath: ['a', 'b c'],
      context: true,
    });
    await app.close();
  });
});
