// Functional tests: the whole app on an in-memory SQLite database, requests injected without a server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getDatabase, migrate } from 'ziggurat/addons/sql';
import { main } from '../src/app.js';
import { Notes } from '../src/models/notes.js';
import { FormClient } from './form-client.js';

const config = main({ 'sql.url': 'sqlite::memory:', 'handlebars.reload': 'false' });
const app = await config.makeApp();

/** Add a note through the home page's form, as a browser does (the session cookie and the CSRF token). */
async function post(text: string) {
  const client = new FormClient(app);
  await client.get('/');
  return client.post('/', { text });
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
    assert.match(response.body, /<input type="hidden" name="csrf_token" value="[\w-]{20,}">/);
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

  it('refuses a form posted from another site, or without the CSRF token, and adds nothing', async () => {
    const before = await count();
    const client = new FormClient(app);
    await client.get('/');
    const crossSite = await client.post('/', { text: 'Forged' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.statusCode, 403);
    const noToken = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'text=Forged',
    });
    assert.equal(noToken.statusCode, 400);
    const wrongToken = await client.post('/', { text: 'Forged', csrf_token: 'x'.repeat(43) });
    assert.equal(wrongToken.statusCode, 400);
    assert.equal(await count(), before);
    assert.equal(
      (await client.post('/', { text: 'From this site' })).statusCode,
      303,
      'the form still works',
    );
    assert.equal(await count(), before + 1);
  });

  it('answers an unknown URL with the not-found page and status 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /<title>Not found<\/title>/);
    assert.match(response.body, /\/no\/such\/page/);
  });
});

describe('the welcome notes', () => {
  it('point at the form where the page shows it: above the notes', async () => {
    const seeded = main({ 'sql.url': 'sqlite::memory:', 'handlebars.reload': 'false' });
    const seededApp = await seeded.makeApp();
    try {
      await migrate(seeded.registry, 'latest');
      await new Notes(getDatabase(seeded.registry)).seed();
      const home = (await seededApp.inject({ method: 'GET', url: '/' })).body;
      assert.match(home, /add one with the form above/);
      assert.doesNotMatch(home, /form below/);
      assert.ok(home.indexOf('<form class="note-form"') < home.indexOf('<ul class="notes">'));
    } finally {
      await seededApp.close();
    }
  });
});
