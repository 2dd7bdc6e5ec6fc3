import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from '../../../lib/index.js';
import { DummyRequest, testConfig } from '../../../lib/testing/index.js';
import { appWith, call } from '../../helpers.js';
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

describe('virtual roots (X-Vhm-Root)', () => {
  it('traverses below the virtual root and makes resource URLs relative to it', async () => {
    const tree = makeTree();
    const app = await appWith((config) => {
      config.setRootFactory(() => tree.root);
      config.addView(
        (request: Request) => ({
          context: (request.context as Folder).__name__,
          url: request.resourcePath(request.context),
          virtualRoot: (request.virtualRoot as Folder).__name__,
        }),
        { context: Folder, renderer: 'json' },
      );
    });
    const res = await call(app, { url: '/deep/deeper', headers: { 'x-vhm-root': '/docs' } });
    assert.deepEqual(res.json, { context: 'deeper', url: '/deep/deeper/', virtualRoot: 'docs' });
    const plain = await call(app, '/docs/deep/deeper');
    assert.deepEqual(plain.json, { context: 'deeper', url: '/docs/deep/deeper/', virtualRoot: '' });
    const badHeader = await call(app, { url: '/', headers: { 'x-vhm-root': '/%zz' } });
    assert.equal(badHeader.status, 400);
  });
});
