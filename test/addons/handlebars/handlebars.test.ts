import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as csrf from '../../../addons/csrf/index.js';
import * as handlebars from '../../../addons/handlebars/index.js';
import * as session from '../../../addons/session/index.js';
import { type Configurator, type Request, type Settings, ZigguratError } from '../../../lib/index.js';
import { appWith, CookieJar, call } from '../../helpers.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../test/fixtures/${path}`, import.meta.url));

function templateApp(
  configure: (config: Configurator) => void,
  settings: Settings = {},
  include: Array<(config: Configurator) => void> = [],
) {
  return appWith(
    (config) => {
      for (const addon of include) config.include(addon);
      config.include(handlebars);
      configure(config);
    },
    { settings: { 'handlebars.directories': fixture('templates'), ...settings } },
  );
}

function page(name: string, values: unknown, renderer = `${name}.hbs`) {
  return (config: Configurator) => {
    config.addRoute(name, `/${name}`);
    config.addView(
      function pageView() {
        return values;
      },
      { routeName: name, renderer },
    );
  };
}

describe('handlebars add-on', () => {
  it('renders a template with a layout (partial block) and partials, plus the system values', async () => {
    const app = await templateApp(page('page', { title: 'Tea & cake', items: ['a', 'b'] }));
    const response = await call(app, '/page');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.equal(
      response.body,
      '<!doctype html>\n<html><head><title>Tea &amp; cake</title></head>\n<body><h1>Tea &amp; cake</h1>\n' +
        '<ul><li><b>a</b></li><li><b>b</b></li></ul>\n<p>/page pageView</p>\n</body></html>\n',
    );
  });

  it("shows each template its own request's values, also after a render that failed", async () => {
    const app = await templateApp((config) => {
      config.addHandlebarsHelper('explode', () => {
        throw new Error('helper failed');
      });
      config.addRoute('item', '/items/{id}');
      config.addView((request: Request) => ({ fail: 'fail' in request.query }), {
        routeName: 'item',
        renderer: 'request.hbs',
      });
      config.addView((request: Request) => (request.query.bad ? ['not values'] : {}), {
        name: 'edit',
        renderer: 'request.hbs',
      });
    });
    assert.equal((await call(app, '/items/1?q=tea')).body, 'GET /items/1 id=1 q=tea view= sub=\n');
    assert.equal((await call(app, '/items/2?fail')).status, 500);
    assert.equal((await call(app, '/items/3')).body, 'GET /items/3 id=3 q= view= sub=\n');
    assert.equal((await call(app, '/edit/x/y?bad=1')).status, 500);
    assert.equal((await call(app, '/edit/x/y')).body, 'GET /edit/x/y id= q= view=edit sub=x,y,\n');
  });

  it('escapes output unless triple braces are used, and keeps prototype access closed', async () => {
    const app = await templateApp((config) => {
      page('escape', { text: '<script>alert(1)</script>', html: '<em>ok</em>' })(config);
      page('proto', { text: 'abc' })(config);
    });
    assert.equal(
      (await call(app, '/escape')).body,
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p><em>ok</em></p>',
    );
    assert.equal((await call(app, '/proto')).body, '[][][][]');
  });

  it('offers routeUrl, routePath, staticUrl, resourceUrl and csrfToken, and helpers and partials added by directives', async () => {
    const app = await templateApp(
      (config) => {
        config.addStaticView('static', fixture('static'));
        config.addRoute('item', '/items/{id}');
        config.addHandlebarsHelper('shout', (text: string) => `${text.toUpperCase()}!`);
        config.addHandlebarsPartial('greeting', 'Hello {{name}}');
        page('helpers', { id: 'a/b', q: { page: 2 } })(config);
        page('csrf', {})(config);
      },
      { 'session.secret': 'a-test-secret-that-is-long-enough-0001' },
      [session.includeme, csrf.includeme],
    );
    assert.equal(
      (await call(app, '/helpers')).body,
      'http://localhost/items/a%2Fb?page&#x3D;2|/items/a%2Fb|http://localhost/static/hello.txt|HI!|Hello Ada',
    );
    const jar = new CookieJar();
    const form = await jar.call(app, '/csrf');
    const token = /value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    assert.match(token, /^[\w-]{40,}$/);
  });

  it('finds templates by absolute path, and lets overrideAsset replace one', async () => {
    const app = await templateApp((config) => {
      page('absolute', { text: 'x', html: 'y' }, fixture('templates/escape.hbs'))(config);
    });
    assert.equal((await call(app, '/absolute')).body, '<p>x</p><p>y</p>');
    const overridden = await templateApp((config) => {
      config.overrideAsset(fixture('templates/escape.hbs'), fixture('templates-override/escape.hbs'));
      page('escape', { title: 'T' })(config);
    });
    assert.equal((await call(overridden, '/escape')).body, 'overridden T');
  });

  it('fails at commit for a missing template, naming it and the view', async () => {
    await assert.rejects(
      templateApp(page('missing', {})),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_TEMPLATE_NOT_FOUND' &&
        /Template 'missing\.hbs' not found \(looked in .*templates\)/.test(error.message) &&
        /handlebars\.test\.ts:\d+/.test(error.message),
    );
  });

  it('reports template errors with the file and line', async () => {
    await assert.rejects(
      templateApp(page('broken', {})),
      /Cannot compile .*broken\.hbs: Parse error on line 4/,
    );
    const app = await templateApp((config) => {
      page('runtime', {})(config);
      config.addExceptionView((request: Request) => (request.exception as Error).message, {
        context: ZigguratError,
        renderer: 'string',
      });
    });
    const response = await call(app, '/runtime');
    assert.match(response.body, /^Error rendering .*runtime\.hbs(:2)?: Missing helper: "nosuchhelper"/);
  });

  it('compiles once, or recompiles changed files when handlebars.reload is on', async () => {
    for (const reload of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'ziggurat-hbs-'));
      writeFileSync(join(dir, 'live.hbs'), 'first {{n}}');
      const app = await templateApp(page('live', { n: 1 }), {
        'handlebars.directories': dir,
        'handlebars.reload': reload,
      });
      assert.equal((await call(app, '/live')).body, 'first 1');
      writeFileSync(join(dir, 'live.hbs'), 'second {{n}}');
      const later = new Date(Date.now() + 5000);
      utimesSync(join(dir, 'live.hbs'), later, later);
      assert.equal((await call(app, '/live')).body, reload ? 'second 1' : 'first 1');
    }
  });

  it('reloads changed partials too, and takes partials from every template directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ziggurat-hbs-'));
    copyFileSync(fixture('templates/partials/item.hbs'), join(dir, 'item-copy.hbs'));
    writeFileSync(join(dir, 'list.hbs'), '{{#each items}}{{> item}}{{/each}}');
    const app = await templateApp(page('list', { items: [1, 2] }), {
      'handlebars.directories': [dir, fixture('templates')],
      'handlebars.reload': true,
    });
    assert.equal((await call(app, '/list')).body, '<b>1</b><b>2</b>');
  });

  it('refuses a view result that is not an object of values', async () => {
    const app = await templateApp(page('escape', ['not', 'values']));
    assert.equal((await call(app, '/escape')).status, 500);
  });

  it('renders a resource URL for the context', async () => {
    class Doc {
      constructor(
        readonly __name__: string,
        readonly __parent__: Doc | null,
      ) {}
      __getitem__(name: string) {
        return name === 'intro' ? intro : undefined;
      }
    }
    const root: Doc = new Doc('', null);
    const intro = new Doc('intro', root);
    const app = await templateApp((config) => {
      config.setRootFactory(() => root);
      config.addView((_request: Request) => ({}), { context: Doc, renderer: 'resource.hbs' });
    });
    assert.equal((await call(app, '/intro')).body, '<p>http://localhost/intro/edit</p>');
  });
});
