// Functional tests: the whole app on an in-memory SQLite database, requests injected without a server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getDatabase, migrate } from 'ziggurat/addons/sql';
import { main } from '../src/app.js';

const config = main({ 'sql.url': 'sqlite::memory:', 'handlebars.reload': 'false' });
const app = await config.makeApp();

function post(text: string) {
  return app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ text }).toString(),
  });
}

async function count(): Promise<number> {
  return (await getDatabase(config.registry).selectFrom('notes').select('id').execute()).length;
}

describe('the app', () => {
  before(() => migrate(config.registry, 'latest'));
  after(() => app.close());

  it('serves the home page as an HTML5 page, with no notes yet', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /^<!doctype html>/i);
    assert.match(response.body, /<html lang="en">/);
    assert.match(response.body, /<meta charset="utf-8">/);
    assert.match(response.body, /<title>__PROJECT_TITLE__<\/title>/);
    assert.match(response.body, /<h1>Welcome to __PROJECT_TITLE__<\/h1>/);
    assert.match(response.body, /<form class="note-form" method="post" action="\/">/);
    assert.match(response.body, /No notes yet/);
  });

  it('adds a note from the form, redirects with 303, and lists it escaped', async () => {
    const response = await post('  Buy <b>tea</b> & biscuits ');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    const home = await app.inject({ method: 'GET', url: '/' });
    assert.match(
      home.body,
      /<time datetime="[^"]+">\d{4}-\d\d-\d\d<\/time> Buy &lt;b&gt;tea&lt;\/b&gt; &amp; biscuits<\/li>/,
    );
    assert.doesNotMatch(home.body, /No notes yet/);
  });

  it('lists the newest note first', async () => {
    await post('The second note');
    const home = await app.inject({ method: 'GET', url: '/' });
    assert.ok(home.body.indexOf('The second note') < home.body.indexOf('Buy &lt;b&gt;tea'));
  });

  it('shows the form again with a 400 and saves nothing when the text is empty', async () => {
    const before = await count();
    const response = await post('   ');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<li>Write something first\.<\/li>/);
    assert.match(response.body, /The second note/);
    assert.equal(await count(), before);
  });

  it('keeps the text of a note that is too long in the form, with a 400', async () => {
    const response = await post('x'.repeat(501));
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /at most 500 characters/);
    assert.match(response.body, /value="x{501}"/);
  });

  it('links the stylesheet, which is served', async () => {
    const home = await app.inject({ method: 'GET', url: '/' });
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(home.body)?.[1];
    assert.ok(href, 'the home page links a stylesheet');
    const css = await app.inject({ method: 'GET', url: href });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.match(css.body, /font-family/);
  });

  it('answers an unknown URL with the not-found page and status 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /<title>Not found<\/title>/);
    assert.match(response.body, /\/no\/such\/page/);
  });
});
