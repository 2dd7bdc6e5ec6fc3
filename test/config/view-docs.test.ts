// The documentation options of views (summary, description, tags, operationId, deprecated): checked at
// the call, listed by introspection, and no part of view selection or conflict detection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Configurator,
  listRoutes,
  listViews,
  not,
  type Request,
  type ViewOptions,
  viewConfig,
  type ZigguratError,
} from '../../lib/index.js';

const DOCS = {
  summary: 'List the items',
  description: 'All of them.',
  tags: ['items'],
  operationId: 'listItems',
  deprecated: true,
} satisfies ViewOptions;

describe('view documentation options', () => {
  it('are accepted by addView and listed by introspection, not as predicates', async () => {
    const config = new Configurator();
    config.addRoute('items', '/items');
    config.addView(() => ['a'], { routeName: 'items', renderer: 'json', ...DOCS });
    await config.commit();
    const [view] = listViews(config);
    assert.deepEqual(view?.docs, DOCS);
    assert.deepEqual(view?.predicates, []);
    const app = await config.makeApp({ logger: false });
    assert.deepEqual((await app.inject({ url: '/items' })).json(), ['a']);
    await app.close();
  });

  it('are accepted by @viewConfig', async () => {
    class Items {
      @viewConfig({
        routeName: 'items',
        renderer: 'json',
        summary: 'Read',
        tags: ['items'],
        deprecated: false,
      })
      read(_request: Request) {
        return [];
      }
    }
    const config = new Configurator();
    config.addRoute('items', '/items');
    config.scan(Items);
    await config.commit();
    assert.deepEqual(listViews(config)[0]?.docs, { summary: 'Read', tags: ['items'], deprecated: false });
  });

  it('do not tell views apart: two views differing only in them conflict', async () => {
    const config = new Configurator();
    config.addRoute('items', '/items');
    config.addView(() => 1, { routeName: 'items', summary: 'One' });
    config.addView(() => 2, { routeName: 'items', summary: 'Two' });
    const error = await config.commit().then(
      () => assert.fail('the commit should fail'),
      (caught: ZigguratError) => caught,
    );
    assert.equal(error.code, 'ZIG_ERR_CONFIG_CONFLICT');
  });

  it('refuse a wrong type at the call, naming the option and the place', () => {
    const config = new Configurator();
    for (const options of [
      { summary: '' },
      { tags: 'items' },
      { tags: [''] },
      { deprecated: 'yes' },
      { operationId: 7 },
    ]) {
      assert.throws(
        () => config.addView(() => 1, options as unknown as ViewOptions),
        (error: ZigguratError) =>
          error.code === 'ZIG_ERR_CONFIG_OPTION' &&
          error.message.includes(`The ${Object.keys(options)[0]} option`) &&
          error.message.includes('view-docs.test.ts'),
      );
    }
  });

  it("listViews gives each view's methods: its requestMethod's (GET with HEAD), the others for not()", async () => {
    const config = new Configurator();
    config.addRoute('items', '/items');
    config.addView(() => 1, { routeName: 'items', requestMethod: 'GET' });
    config.addView(() => 2, { routeName: 'items', requestMethod: not(['GET', 'POST']) });
    config.addView(() => 3, { routeName: 'items' });
    await config.commit();
    assert.deepEqual(
      listViews(config).map((view) => view.methods),
      [['GET', 'HEAD'], ['DELETE', 'OPTIONS', 'PATCH', 'PUT'], null],
    );
  });

  it('give listRoutes path templates and placeholders', async () => {
    const config = new Configurator();
    config.addRoute('page', '/wiki/{name:[A-Z]\\w+}/v{version}.json');
    config.addRoute('files', '/files/*rest');
    await config.commit();
    const [page, files] = listRoutes(config);
    assert.equal(page?.pathTemplate, '/wiki/{name}/v{version}.json');
    assert.deepEqual(page?.placeholders, [
      { name: 'name', regex: '[A-Z]\\w+', rest: false },
      { name: 'version', regex: null, rest: false },
    ]);
    assert.equal(files?.pathTemplate, '/files/{rest}');
    assert.deepEqual(files?.placeholders, [{ name: 'rest', regex: null, rest: true }]);
  });
});
