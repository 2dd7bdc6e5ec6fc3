import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContextFound, type Request } from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';
import { listenLocally, rawHttp } from '../../http/raw-http.js';
import { AsyncFolder, Document, Folder, makeTree, SpecialFolder } from '../../tree.js';

const describeContext = (label: string) => (request: Request) => ({
  view: label,
  context: (request.context as { __name__: string }).__name__,
  viewName: request.viewName,
  subpath: request.subpath,
  traversed: request.traversed,
});

async function treeApp() {
  const tree = makeTree();
  const app = await appWith((config) => {
    config.setRootFactory(() => tree.root);
    config.addView(describeContext('folder'), { context: Folder, renderer: 'json' });
    config.addView(describeContext('special folder'), { context: SpecialFolder, renderer: 'json' });
    config.addView(describeContext('document'), { context: Document, renderer: 'json' });
    config.addView(describeContext('edit document'), { context: Document, name: 'edit', renderer: 'json' });
    config.addView(describeContext('save document'), {
      context: Document,
      name: 'edit',
      requestMethod: 'POST',
      renderer: 'json',
      xhr: true,
    });
    config.addView(describeContext('inside docs'), {
      name: 'info',
      containment: SpecialFolder,
      renderer: 'json',
    });
  });
  return { app, tree };
}

describe('traversal dispatch', () => {
  it('finds the context and its view by class, a subclass view beating its base', async () => {
    const { app } = await treeApp();
    assert.deepEqual((await call(app, '/')).json, {
      view: 'folder',
      context: '',
      viewName: '',
      subpath: [],
      traversed: [],
    });
    assert.equal((await call(app, '/docs/')).json?.view, 'special folder');
    assert.equal((await call(app, '/docs/deep')).json?.view, 'folder');
    assert.equal((await call(app, '/docs/readme')).json?.view, 'document');
  });

  it('makes the first missing name the view name and the rest the subpath', async () => {
    const { app } = await treeApp();
    assert.deepEqual((await call(app, '/docs/readme/edit/a/b')).json, {
      view: 'edit document',
      context: 'readme',
      viewName: 'edit',
      subpath: ['a', 'b'],
      traversed: ['docs', 'readme'],
    });
    assert.equal((await call(app, '/docs/readme/nothing')).status, 404);
  });

  it('treats @@name as a view name even when a child has that name', async () => {
    const { app, tree } = await treeApp();
    tree.readme.__parent__.add((parent) => new Document('edit', parent));
    assert.equal((await call(app, '/docs/readme/@@edit')).json?.view, 'edit document');
  });

  it('matches containment against the context and its ancestors', async () => {
    const { app } = await treeApp();
    assert.equal((await call(app, '/docs/deep/deeper/info')).json?.view, 'inside docs');
    assert.equal((await call(app, '/a%20b/info')).status, 404);
  });

  it('answers 405 with Allow when only the method fails, and HEAD with GET views', async () => {
    const { app } = await treeApp();
    const put = await call(app, {
      method: 'PUT',
      url: '/docs/readme/edit',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    assert.equal(put.status, 200); // the GET-less 'edit document' view has no method predicate
    const { app: strict } = await (async () => {
      const tree = makeTree();
      return {
        app: await appWith((config) => {
          config.setRootFactory(() => tree.root);
          config.addView(describeContext('get'), {
            context: Document,
            renderer: 'json',
            requestMethod: 'GET',
          });
        }),
      };
    })();
    const post = await call(strict, { method: 'POST', url: '/docs/readme' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assert.equal((await call(strict, { method: 'HEAD', url: '/docs/readme' })).status, 200);
  });

  it('resolves . and .., never climbing above the root, and keeps %2F inside a name', async () => {
    const { app } = await treeApp();
    assert.equal((await call(app, '/docs/./deep/../readme')).json?.context, 'readme');
    assert.equal((await call(app, '/docs/%2E%2E/%2E%2E/%2E%2E/docs/readme')).json?.context, 'readme');
    assert.equal((await call(app, '/a%20b/x%2Fy')).json?.context, 'x/y');
    assert.equal((await call(app, '/a%20b/x/y')).status, 404);
  });

  it('resolves dot segments sent as they are (clients and inject() resolve them before sending)', async () => {
    const { app } = await treeApp();
    const port = await listenLocally(app);
    try {
      const get = async (path: string) => {
        const answer = await rawHttp(port, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close`);
        return answer.status === 200 ? JSON.parse(answer.body).context : answer.status;
      };
      assert.equal(await get('/docs/./deep/../readme'), 'readme');
      assert.equal(await get('/docs/%2e%2e/../../docs/readme'), 'readme');
      assert.equal(await get('/./docs//readme/.'), 'readme');
      assert.equal(await get('/docs/deep/..'), 'docs');
      assert.equal(await get('/docs/readme/%'), 400);
    } finally {
      await app.close();
    }
  });

  it('walks async __getitem__ and async root factories', async () => {
    const root = new AsyncFolder();
    root.children.set('later', new Folder('later', root as unknown as Folder));
    const app = await appWith((config) => {
      config.setRootFactory(async () => root);
      config.addView(describeContext('folder'), { context: Folder, renderer: 'json' });
    });
    assert.equal((await call(app, '/later')).json?.context, 'later');
  });

  it('publishes ContextFound with the context set', async () => {
    const { root } = makeTree();
    const seen: unknown[] = [];
    const app = await appWith((config) => {
      config.setRootFactory(() => root);
      config.addSubscriber((event: ContextFound) => seen.push(event.request.context), ContextFound);
      config.addView(() => 'ok', { renderer: 'string', context: Folder });
    });
    await call(app, '/docs');
    assert.equal(seen[0], root.__getitem__('docs'));
  });

  it('never gives a 5xx for prototype names or odd paths', async () => {
    const { app } = await treeApp();
    for (const path of [
      '/constructor',
      '/__proto__/x',
      '/docs/toString',
      '/hasOwnProperty/@@',
      '/%00',
      '/docs/readme/../../..',
    ]) {
      assert.ok((await call(app, path)).status < 500, path);
    }
  });
});

describe('hybrid apps', () => {
  async function hybridApp() {
    const tree = makeTree();
    const app = await appWith((config) => {
      config.addRoute('site', '/site/*traverse', { factory: () => tree.root });
      config.addRoute('article', '/articles/{name}/edit', { factory: () => tree.docs, traverse: '/{name}' });
      config.addRoute('mixed', '/mixed/*traverse', { factory: () => tree.root, useGlobalViews: true });
      config.addView(describeContext('site folder'), {
        routeName: 'site',
        context: Folder,
        renderer: 'json',
      });
      config.addView(describeContext('site document'), {
        routeName: 'site',
        context: Document,
        renderer: 'json',
      });
      config.addView(describeContext('article'), {
        routeName: 'article',
        context: Document,
        renderer: 'json',
      });
      config.addView(describeContext('global document'), { context: Document, renderer: 'json' });
    });
    return app;
  }

  it('traverses a *traverse remainder from the route root, route views winning', async () => {
    const app = await hybridApp();
    assert.deepEqual((await call(app, '/site/docs/readme')).json, {
      view: 'site document',
      context: 'readme',
      viewName: '',
      subpath: [],
      traversed: ['docs', 'readme'],
    });
    assert.equal((await call(app, '/site/')).json?.view, 'site folder');
  });

  it('fills a traverse pattern from the matchdict', async () => {
    const app = await hybridApp();
    assert.equal((await call(app, '/articles/readme/edit')).json?.view, 'article');
    assert.equal((await call(app, '/articles/missing/edit')).status, 404);
  });

  it('lets global views answer for a route only with useGlobalViews', async () => {
    const app = await hybridApp();
    assert.equal((await call(app, '/mixed/docs/readme')).json?.view, 'global document');
    const withoutGlobal = await call(app, '/site/a%20b/x%2Fy/more');
    assert.equal(withoutGlobal.status, 404);
  });
});

describe("a route's subpath", () => {
  async function subpathApp() {
    const tree = makeTree();
    return appWith((config) => {
      config.addRoute('files', '/files/*subpath');
      config.addRoute('raw', '/raw/{subpath:.*}');
      config.addRoute('docs', '/docs/{name}/*subpath', {
        factory: () => tree.root,
        traverse: '/docs/{name}',
      });
      for (const routeName of ['files', 'raw', 'docs']) {
        config.addView(describeContext(routeName), { routeName, renderer: 'json' });
      }
      config.addView(describeContext('named'), { routeName: 'docs', name: 'nothere', renderer: 'json' });
    });
  }

  it("*subpath sets request.subpath to its segments (as Pyramid's static views use it)", async () => {
    const app = await subpathApp();
    const res = await call(app, '/files/css/site%20main.css');
    assert.deepEqual([res.json?.view, res.json?.subpath], ['files', ['css', 'site main.css']]);
    assert.deepEqual((await call(app, '/files/')).json?.subpath, []);
  });

  it('{subpath} is split at its slashes, with . and .. resolved', async () => {
    const app = await subpathApp();
    assert.deepEqual((await call(app, '/raw/a/./b/../c')).json?.subpath, ['a', 'c']);
  });

  it('after traversal, it is the subpath only when traversal used up its path', async () => {
    const app = await subpathApp();
    const found = await call(app, '/docs/deep/x/y');
    assert.deepEqual(
      [found.json?.context, found.json?.viewName, found.json?.subpath],
      ['deep', '', ['x', 'y']],
    );
    const missing = await call(app, '/docs/nothere/x/y');
    assert.deepEqual(
      [missing.json?.context, missing.json?.viewName, missing.json?.subpath],
      ['docs', 'nothere', []],
    );
  });
});
