import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyServerOptions } from 'fastify';
import { Configurator, type Request } from '../../../lib/index.js';
import { DummyRequest, testConfig } from '../../../lib/testing/index.js';
import { appWith, call } from '../../helpers.js';
import { listenLocally, rawHttp } from '../../http/raw-http.js';
import { Document, Folder, makeTree } from '../../tree.js';

async function urlRequest() {
  const config = testConfig();
  config.addRoute('site', '/site/*traverse');
  config.addRoute('tenant', '/t/{tenant}/*traverse');
  await config.commit();
  return new DummyRequest({ registry: config.registry, host: 'example.com' });
}

describe('resource URLs', () => {
  it('quotes each name, ends with a slash, then appends elements, query and anchor', async () => {
    const { root, slashed, deeper } = makeTree();
    const request = await urlRequest();
    assert.equal(request.resourcePath(root), '/');
    assert.equal(request.resourcePath(deeper), '/docs/deep/deeper/');
    assert.equal(request.resourcePath(slashed), '/a%20b/x%2Fy/');
    assert.equal(
      request.resourceUrl(deeper, 'edit', 'a b', { query: { q: 'x y' }, anchor: 'top' }),
      'http://example.com/docs/deep/deeper/edit/a%20b?q=x+y#top',
    );
  });

  it('joins a route path and the resource path without a double slash', async () => {
    const { root, readme } = makeTree();
    const request = await urlRequest();
    assert.equal(request.resourcePath(root, { route: 'site' }), '/site/');
    assert.equal(request.resourcePath(readme, { route: 'site' }), '/site/docs/readme/');
    assert.equal(
      request.resourcePath(readme, 'edit', { route: 'tenant', params: { tenant: 'acme' } }),
      '/t/acme/docs/readme/edit',
    );
  });

  it('generates URLs that traverse back to the same resource', async () => {
    const tree = makeTree();
    const app = await appWith((config) => {
      config.setRootFactory(() => tree.root);
      config.addView(
        (request: Request) => ({
          name: (request.context as Folder).__name__,
          self: request.resourcePath(request.context),
        }),
        { context: Folder, renderer: 'json' },
      );
      config.addView((request: Request) => ({ doc: request.resourcePath(request.context) }), {
        context: Document,
        renderer: 'json',
      });
    });
    for (const resource of [tree.root, tree.docs, tree.deeper, tree.spaced]) {
      const request = new DummyRequest();
      const path = request.resourcePath(resource);
      assert.equal((await call(app, path)).json?.self, path);
    }
    const docPath = new DummyRequest().resourcePath(tree.slashed);
    assert.equal((await call(app, docPath)).json?.doc, docPath);
  });
});

/**
 * A tree app: traversal from the root, a hybrid route `/site/*traverse`, and a plain route `/plain`
 * that answers from its root, with Fastify's trustProxy option as given.
 */
async function virtualRootApp(trustProxy?: FastifyServerOptions['trustProxy']) {
  const tree = makeTree();
  const config = new Configurator({ rootFactory: () => tree.root });
  const describe = (request: Request) => ({
    context: (request.context as Folder).__name__,
    url: request.resourcePath(request.context),
    virtualRoot: (request.virtualRoot as Folder).__name__,
  });
  config.addView(describe, { context: Folder, renderer: 'json' });
  config.addRoute('site', '/site/*traverse');
  config.addView(describe, { routeName: 'site', context: Folder, renderer: 'json' });
  config.addRoute('plain', '/plain');
  config.addView(() => ({ plain: true }), { routeName: 'plain', renderer: 'json' });
  return config.makeApp(trustProxy === undefined ? {} : { trustProxy });
}

const VHM = { 'x-vhm-root': '/docs' };

describe('virtual roots (X-Vhm-Root)', () => {
  it('traverses below the virtual root a trusted proxy names, and makes resource URLs relative to it', async () => {
    const app = await virtualRootApp('127.0.0.1');
    const res = await call(app, { url: '/deep/deeper', headers: VHM });
    assert.deepEqual(res.json, { context: 'deeper', url: '/deep/deeper/', virtualRoot: 'docs' });
    const hybrid = await call(app, { url: '/site/deep', headers: VHM });
    assert.deepEqual(hybrid.json, { context: 'deep', url: '/deep/', virtualRoot: 'docs' });
    const plain = await call(app, '/docs/deep/deeper');
    assert.deepEqual(plain.json, { context: 'deeper', url: '/docs/deep/deeper/', virtualRoot: '' });
    const badHeader = await call(app, { url: '/', headers: { 'x-vhm-root': '/%zz' } });
    assert.equal(badHeader.status, 400);
  });

  it('is honoured only from a peer trustProxy trusts (app.inject() comes from 127.0.0.1)', async () => {
    // A hop count (Fastify 5 no longer types it) trusts no peer, as Fastify itself treats it.
    const hops = 1 as never;
    for (const trustProxy of [undefined, false, '10.0.0.1', ['192.168.0.0/16'], hops, () => false]) {
      const app = await virtualRootApp(trustProxy);
      const label = String(trustProxy);
      const res = await call(app, { url: '/docs/deep', headers: VHM });
      assert.deepEqual(res.json, { context: 'deep', url: '/docs/deep/', virtualRoot: '' }, label);
      assert.equal((await call(app, { url: '/deep', headers: VHM })).status, 404, label);
      assert.equal((await call(app, { url: '/', headers: { 'x-vhm-root': '/%zz' } })).status, 200, label);
    }
    const trusted = [
      true,
      '127.0.0.1',
      '10.0.0.1, 127.0.0.0/8',
      ['loopback'],
      (address: string) => address === '127.0.0.1',
    ];
    for (const trustProxy of trusted) {
      const app = await virtualRootApp(trustProxy);
      const res = await call(app, { url: '/deep', headers: VHM });
      assert.deepEqual(res.json, { context: 'deep', url: '/deep/', virtualRoot: 'docs' }, String(trustProxy));
    }
  });

  it('reads raw UTF-8 in the header (which Node reads as latin-1) as the path would be read', async () => {
    const tree = makeTree();
    const cafe = tree.root.add((parent) => new Folder('café', parent));
    cafe.add((parent) => new Folder('menu', parent));
    const config = new Configurator({ rootFactory: () => tree.root });
    config.addView(
      (request: Request) => ({
        context: (request.context as Folder).__name__,
        virtualRoot: (request.virtualRoot as Folder).__name__,
        url: request.resourcePath(request.context),
      }),
      { context: Folder, renderer: 'json' },
    );
    const app = await config.makeApp({ trustProxy: true });
    const expected = { context: 'menu', virtualRoot: 'café', url: '/menu/' };
    const rawUtf8 = Buffer.from('/café', 'utf8').toString('latin1');
    assert.deepEqual((await call(app, { url: '/menu', headers: { 'x-vhm-root': rawUtf8 } })).json, expected);
    assert.deepEqual(
      (await call(app, { url: '/menu', headers: { 'x-vhm-root': '/caf%C3%A9' } })).json,
      expected,
    );
    const notUtf8 = Buffer.from('/caf\u00e9', 'latin1').toString('latin1');
    assert.equal((await call(app, { url: '/menu', headers: { 'x-vhm-root': notUtf8 } })).status, 400);
    // the same bytes over a real socket (rawHttp writes the head as UTF-8)
    const port = await listenLocally(app);
    try {
      const raw = await rawHttp(
        port,
        'GET /menu HTTP/1.1\r\nHost: localhost\r\nX-Vhm-Root: /café\r\nConnection: close',
      );
      assert.deepEqual(JSON.parse(Buffer.from(raw.body, 'latin1').toString('utf8')), expected);
    } finally {
      await app.close();
    }
  });

  it('never applies to a route that does not traverse, even from a trusted proxy', async () => {
    const app = await virtualRootApp(true);
    const res = await call(app, { url: '/plain', headers: { 'x-vhm-root': '/nowhere' } });
    assert.deepEqual([res.status, res.json], [200, { plain: true }]);
  });
});
