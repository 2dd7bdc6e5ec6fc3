// The browsable API: a JSON view asked for by a browser answers an HTML page (the JSON with its
// links, the status, headers and methods, forms from body schemas); every other client gets JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import type { Browser } from 'playwright-core';
import { Configurator, type SecurityPolicy } from '../../lib/index.js';
import { launchBrowser } from '../browser.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const Item = Type.Object({ id: Type.Integer(), name: Type.String(), url: Type.String() });
const NewItem = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    count: Type.Integer({ minimum: 0 }),
    fresh: Type.Boolean(),
    kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
  },
  { additionalProperties: false },
);

function itemsConfig(settings: Record<string, unknown> = {}): Configurator {
  const items: Array<{ id: number; name: string; url: string; count: number; secret: string }> = [];
  const config = new Configurator({ settings });
  config.addRoute('items', '/items');
  config.addView(() => ({ items }), { routeName: 'items', requestMethod: 'GET', renderer: 'json' });
  config.addView(
    (request) => {
      const { name, count } = request.validated.body;
      const item = { id: items.length + 1, name, count, url: `/items/${items.length + 1}`, secret: 'x' };
      items.push(item);
      request.response.status = 201;
      return item;
    },
    {
      routeName: 'items',
      requestMethod: 'POST',
      renderer: 'json',
      schema: { body: NewItem, response: { 201: Item } },
    },
  );
  config.addRoute('page', '/page');
  config.addView(() => '<p>html</p>', { routeName: 'page', renderer: 'string' });
  return config;
}

describe('the browsable API', () => {
  it('answers JSON to curl (*/*), fetch, JSON clients and requests without Accept', async () => {
    const app = await itemsConfig().makeApp();
    for (const accept of ['*/*', 'application/json', 'application/json, text/html;q=0.5', undefined]) {
      const response = await app.inject({ url: '/items', headers: accept === undefined ? {} : { accept } });
      assert.match(String(response.headers['content-type']), /^application\/json/, String(accept));
      assert.deepEqual(response.json(), { items: [] });
    }
    await app.close();
  });

  it('answers a browser an HTML page: escaped JSON with links, status, headers, methods and a form', async () => {
    const app = await itemsConfig().makeApp();
    await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: '<b>tea</b>', count: 2, fresh: true, kind: 'a' },
    });
    const response = await app.inject({ url: '/items', headers: { accept: BROWSER_ACCEPT } });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(String(response.headers.vary), /Accept/);
    const html = response.body;
    assert.match(html, /&quot;name&quot;: &quot;&lt;b&gt;tea&lt;\/b&gt;&quot;/);
    assert.ok(!html.includes('<b>tea'));
    assert.match(html, /"<a href="\/items\/1">\/items\/1<\/a>"/);
    assert.match(html, /HTTP 200 OK\ncontent-type: application\/json/);
    assert.match(html, /Allow: GET, HEAD, POST/);
    assert.match(html, /<form data-method="POST" action="\/items">/);
    assert.match(
      html,
      /<input name="name" data-field required type="text" minlength="1" data-type="string">/,
    );
    assert.match(
      html,
      /<input name="count" data-field required type="number" step="1" min="0" data-type="integer">/,
    );
    assert.match(html, /<input name="fresh" data-field type="checkbox" data-type="boolean">/);
    assert.doesNotMatch(html, /class="login"/);
    await app.close();
  });

  it('leaves views of other renderers alone, and is off with api.browsable = false', async () => {
    const app = await itemsConfig({ 'api.browsable': 'false' }).makeApp();
    const json = await app.inject({ url: '/items', headers: { accept: BROWSER_ACCEPT } });
    assert.match(String(json.headers['content-type']), /^application\/json/);
    const page = await app.inject({ url: '/page', headers: { accept: BROWSER_ACCEPT } });
    assert.equal(page.body, '<p>html</p>');
    await app.close();
  });

  it('gives each route its own page, though their views share one renderer', async () => {
    const config = new Configurator();
    config.addRoute('alpha', '/alpha');
    config.addView(() => ({ name: 'alpha' }), { routeName: 'alpha', requestMethod: 'GET', renderer: 'json' });
    config.addRoute('beta', '/beta');
    config.addView(() => ({ name: 'beta' }), { routeName: 'beta', requestMethod: 'GET', renderer: 'json' });
    config.addView(() => ({}), { routeName: 'beta', requestMethod: 'DELETE', renderer: 'json' });
    const app = await config.makeApp();
    for (const [path, allow] of [
      ['/beta', 'DELETE, GET, HEAD'],
      ['/alpha', 'GET, HEAD'],
      ['/beta', 'DELETE, GET, HEAD'],
    ] as const) {
      const html = (await app.inject({ url: path, headers: { accept: BROWSER_ACCEPT } })).body;
      assert.match(html, new RegExp(`<title>${path.slice(1)}</title>`));
      assert.ok(html.includes(`<p class="allow">Allow: ${allow}</p>`), html);
      assert.match(html, new RegExp(`&quot;name&quot;: &quot;${path.slice(1)}&quot;`));
    }
    await app.close();
  });

  it('links to api.login_url (with came_from) when a security policy is set', async () => {
    const config = itemsConfig({ 'api.login_url': '/login' });
    const policy: SecurityPolicy = {
      identity: () => null,
      authenticatedUserid: () => null,
      permits: () => true,
      remember: () => [],
      forget: () => [],
    };
    config.setSecurityPolicy(policy);
    const app = await config.makeApp();
    const response = await app.inject({ url: '/items?page=2', headers: { accept: BROWSER_ACCEPT } });
    assert.match(
      response.body,
      /<a class="login" href="\/login\?came_from=http%3A%2F%2Flocalhost%2Fitems%3Fpage%3D2">Log in<\/a>/,
    );
    await app.close();
  });
});

describe('the browsable API in a browser', () => {
  let browser: Browser;
  let base: string;
  const app = itemsConfig().makeApp();

  before(async () => {
    base = await (await app).listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await (await app).close();
  });

  it('creates an item from the generated form of a collection and shows the new JSON', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/items`);
    assert.match(String(await page.locator('pre.json').textContent()), /"items": \[\]/);
    await page.fill('input[name=name]', 'Green tea');
    await page.fill('input[name=count]', '3');
    await page.check('input[name=fresh]');
    await page.selectOption('select[name=kind]', 'b');
    await page.click('form[data-method=POST] button');
    await page.waitForSelector('pre.headers:has-text("HTTP 201 Created")');
    const created = String(await page.locator('pre.json').textContent());
    assert.deepEqual(JSON.parse(created), { id: 1, name: 'Green tea', url: '/items/1' });
    assert.equal(await page.locator('pre.json a[href="/items/1"]').count(), 1);
    await page.goto(`${base}/items`);
    assert.match(String(await page.locator('pre.json').textContent()), /"name": "Green tea"/);
    await page.close();
  });
});
