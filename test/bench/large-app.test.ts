// The bench's generated large app: the Ziggurat and plain Fastify sides register the same routes
// (add-ons with a route prefix, scanned view classes) and answer the same.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { generateLargeApp, type LargeApp, ROUTES_PER_ADDON } from '../../bench/large-app.js';
import { listRoutes, listViews } from '../../lib/index.js';

async function build(generated: LargeApp, side: 'plain' | 'ziggurat'): Promise<FastifyInstance> {
  const url = pathToFileURL(join(generated.directory, side, 'app.js')).href;
  const { build } = (await import(url)) as { build(): Promise<FastifyInstance> };
  return build();
}

describe('the generated large app', () => {
  let generated: LargeApp;
  let plain: FastifyInstance;
  let ziggurat: FastifyInstance;

  before(async () => {
    generated = await generateLargeApp(3);
    [plain, ziggurat] = [await build(generated, 'plain'), await build(generated, 'ziggurat')];
  });
  after(async () => {
    await Promise.all([plain?.close(), ziggurat?.close()]);
    await generated?.remove();
  });

  it('has 20 routes of two views per add-on on the Ziggurat side, half of the views scanned', () => {
    assert.equal(generated.routes, 3 * ROUTES_PER_ADDON);
    assert.equal(listRoutes(ziggurat).length, generated.routes);
    const views = listViews(ziggurat);
    assert.equal(views.length, 2 * generated.routes);
    assert.equal(views.filter((view) => view.location.includes('@viewConfig')).length, generated.routes);
    assert.ok(views.every((view) => view.location.includes(generated.directory)));
  });

  it('answers the same on both sides', async () => {
    const json = { accept: 'application/json', 'x-client': 'bench' };
    const requests = [
      { method: 'GET' as const, url: '/a2/r3/7', headers: {} },
      { method: 'GET' as const, url: '/a0/r19/7', headers: json },
      { method: 'POST' as const, url: '/a1/r4/8', headers: json },
      { method: 'POST' as const, url: '/a1/r14/8', headers: json },
      { method: 'HEAD' as const, url: '/a2/r12/8', headers: {} },
    ];
    for (const request of requests) {
      const [fromPlain, fromZiggurat] = await Promise.all([plain.inject(request), ziggurat.inject(request)]);
      assert.equal(fromZiggurat.statusCode, 200, `${request.method} ${request.url}`);
      assert.equal(fromPlain.statusCode, 200, `${request.method} ${request.url}`);
      // (For HEAD, plain Fastify's handler answers for the method it was given and inject keeps the
      // body that a real response would not send.)
      if (request.method !== 'HEAD')
        assert.equal(fromZiggurat.body, fromPlain.body, `${request.method} ${request.url}`);
    }
  });

  it('refuses a POST without the header its second view asks for, on both sides', async () => {
    const request = { method: 'POST' as const, url: '/a0/r4/8', headers: { accept: 'application/json' } };
    assert.ok((await plain.inject(request)).statusCode >= 400);
    assert.ok((await ziggurat.inject(request)).statusCode >= 400);
  });
});
