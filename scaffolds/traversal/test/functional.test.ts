// Functional tests: the whole app, requests injected without a listening server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../src/app.js';
import { FormClient } from './form-client.js';

const EDITOR = `Basic ${Buffer.from('editor:secret').toString('base64')}`;

/** A fresh app with its tree in memory (and an editor password unless `settings` says otherwise). */
async function makeApp(settings: Record<string, string> = { 'auth.password': 'secret' }) {
  const app = await main({ 'handlebars.reload': 'false', ...settings }).makeApp();
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  return { app, get, editor: new FormClient(app) };
}

/** The editor opens a form (for its CSRF token) and sends it, as a browser does. */
async function submit(client: FormClient, url: string, form: Record<string, string>) {
  await client.get(url, { authorization: EDITOR });
  return client.post(url, form, { authorization: EDITOR });
}

describe('viewing', () => {
  it('serves the root folder as an HTML5 page listing its children', async () => {
    const { app, get } = await makeApp();
    const response = await get('/');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /^<!doctype html>\s*<html lang="en">/i);
    assert.match(response.body, /<meta charset="utf-8">/);
    assert.match(response.body, /<meta name="viewport"/);
    assert.match(response.body, /<title>__PROJECT_TITLE__<\/title>/);
    assert.match(response.body, /<a href="\/welcome\/">Welcome<\/a>/);
    assert.doesNotMatch(response.body, /Add a document/);
    const css = /<link rel="stylesheet" href="([^"]+)">/.exec(response.body)?.[1];
    assert.equal((await get(String(css))).statusCode, 200);
    await app.close();
  });

  it('serves a document, and a 404 page for what the tree does not hold', async () => {
    const { app, get } = await makeApp();
    const page = await get('/welcome');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Welcome<\/h1>/);
    const missing = await get('/welcome/nothing/here');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /<h1>Not found<\/h1>/);
    await app.close();
  });
});

describe('editing', () => {
  it('asks anonymous users to sign in with Basic authentication', async () => {
    const { app, get } = await makeApp();
    const form = await get('/welcome/@@edit');
    assert.equal(form.statusCode, 401);
    assert.match(String(form.headers['www-authenticate']), /^Basic realm=/);
    const anonymous = new FormClient(app);
    await anonymous.get('/');
    assert.equal((await anonymous.post('/@@add-document', { title: 'Spam' })).statusCode, 401);
    assert.equal((await get('/@@add-document', { authorization: 'Basic ZWRpdG9yOndyb25n' })).statusCode, 401);
    assert.equal((await get('/')).body.includes('Spam'), false);
    await app.close();
  });

  it('lets the editor add a folder and a document in it, redirecting after each post', async () => {
    const { app, get, editor } = await makeApp();
    const home = await get('/', { authorization: EDITOR });
    assert.match(home.body, /Signed in as editor/);
    assert.match(home.body, /href="\/@@add-folder"/);

    const folder = await submit(editor, '/@@add-folder', { title: 'Notes' });
    assert.equal(folder.statusCode, 303);
    assert.equal(folder.headers.location, '/notes/');
    const form = await get('/notes/@@add-document', { authorization: EDITOR });
    assert.match(form.body, /<form method="post" action="\/notes\/@@add-document">/);
    assert.match(form.body, /<input type="hidden" name="csrf_token" value="[\w-]{20,}">/);

    const created = await submit(editor, '/notes/@@add-document', { title: 'Tea <3', body: 'Earl Grey' });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/notes/tea-3/');
    const page = await get('/notes/tea-3/');
    assert.match(page.body, /<h1>Tea &lt;3<\/h1>/);
    assert.match(page.body, /Earl Grey/);
    await app.close();
  });

  it('edits a document, and shows the form again with an error for a missing title', async () => {
    const { app, get, editor } = await makeApp();
    const bad = await submit(editor, '/welcome/@@edit', { title: '', body: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The title is required/);
    const saved = await submit(editor, '/welcome/@@edit', { title: 'Hello', body: 'New text' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/welcome/');
    assert.match((await get('/welcome')).body, /New text/);
    await app.close();
  });

  it('refuses a post from another site, or without the CSRF token, even with the editor credentials', async () => {
    const { app, get, editor } = await makeApp();
    await editor.get('/@@add-document', { authorization: EDITOR });
    const crossSite = await editor.post(
      '/@@add-document',
      { title: 'Forged' },
      { authorization: EDITOR, origin: 'https://evil.example' },
    );
    assert.equal(crossSite.statusCode, 403);
    const noToken = await app.inject({
      method: 'POST',
      url: '/@@add-document',
      headers: { authorization: EDITOR, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'title=Forged',
    });
    assert.equal(noToken.statusCode, 400);
    const wrongToken = await editor.post(
      '/@@add-document',
      { title: 'Forged', csrf_token: 'x'.repeat(43) },
      { authorization: EDITOR },
    );
    assert.equal(wrongToken.statusCode, 400);
    assert.doesNotMatch((await get('/')).body, /Forged/);
    const fromHere = await editor.post('/@@add-document', { title: 'Real' }, { authorization: EDITOR });
    assert.equal(fromHere.statusCode, 303, 'the form still works');
    await app.close();
  });

  it('signs in through @@login and goes back', async () => {
    const { app, get } = await makeApp();
    assert.equal((await get('/@@login?came_from=/welcome')).statusCode, 401);
    const back = await get('/@@login?came_from=/welcome', { authorization: EDITOR });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, '/welcome');
    await app.close();
  });
});

describe('without an editor password', () => {
  it('says that editing is disabled and how to enable it, with no sign-in link', async () => {
    for (const settings of [{}, { 'auth.password': '' }] as Array<Record<string, string>>) {
      const { app, get } = await makeApp(settings);
      const home = await get('/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /<span class="user">Editing is disabled<\/span>/);
      assert.match(home.body, /set <code>auth\.password<\/code>\s+in the settings file/);
      assert.doesNotMatch(home.body, /Sign in|@@login/);
      await app.close();
    }
  });

  it('answers @@login and the editing views with a 403 page instead of a password prompt', async () => {
    const { app, get } = await makeApp({});
    for (const url of ['/@@login?came_from=/welcome', '/welcome/@@edit', '/@@add-folder']) {
      const page = await get(url, { authorization: EDITOR });
      assert.equal(page.statusCode, 403, url);
      assert.equal(page.headers['www-authenticate'], undefined, `${url}: no prompt to loop on`);
      assert.match(page.body, /<h1>Editing is disabled<\/h1>/);
      assert.match(page.body, /AUTH_PASSWORD/);
    }
    await app.close();
  });
});
