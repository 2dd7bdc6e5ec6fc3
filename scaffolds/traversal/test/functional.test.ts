// Functional tests: the whole app, requests injected without a listening server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../src/app.js';

const EDITOR = `Basic ${Buffer.from('editor:secret').toString('base64')}`;

/** A fresh app with its tree in memory, and a way to call it. */
async function makeApp() {
  const app = await main({ 'handlebars.reload': 'false', 'auth.password': 'secret' }).makeApp();
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });
  return { app, get, post };
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
    const { app, get, post } = await makeApp();
    const form = await get('/welcome/@@edit');
    assert.equal(form.statusCode, 401);
    assert.match(String(form.headers['www-authenticate']), /^Basic realm=/);
    assert.equal((await post('/@@add-document', { title: 'Spam' })).statusCode, 401);
    assert.equal((await get('/@@add-document', { authorization: 'Basic ZWRpdG9yOndyb25n' })).statusCode, 401);
    assert.equal((await get('/')).body.includes('spam'), false);
    await app.close();
  });

  it('lets the editor add a folder and a document in it, redirecting after each post', async () => {
    const { app, get, post } = await makeApp();
    const home = await get('/', { authorization: EDITOR });
    assert.match(home.body, /Signed in as editor/);
    assert.match(home.body, /href="\/@@add-folder"/);

    const folder = await post('/@@add-folder', { title: 'Notes' }, { authorization: EDITOR });
    assert.equal(folder.statusCode, 303);
    assert.equal(folder.headers.location, '/notes/');
    const form = await get('/notes/@@add-document', { authorization: EDITOR });
    assert.match(form.body, /<form method="post" action="\/notes\/@@add-document">/);

    const created = await post(
      '/notes/@@add-document',
      { title: 'Tea <3', body: 'Earl Grey' },
      { authorization: EDITOR },
    );
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/notes/tea-3/');
    const page = await get('/notes/tea-3/');
    assert.match(page.body, /<h1>Tea &lt;3<\/h1>/);
    assert.match(page.body, /Earl Grey/);
    await app.close();
  });

  it('edits a document, and shows the form again with an error for a missing title', async () => {
    const { app, get, post } = await makeApp();
    const bad = await post('/welcome/@@edit', { title: '', body: 'x' }, { authorization: EDITOR });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The title is required/);
    const saved = await post(
      '/welcome/@@edit',
      { title: 'Hello', body: 'New text' },
      { authorization: EDITOR },
    );
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/welcome/');
    assert.match((await get('/welcome')).body, /New text/);
    await app.close();
  });

  it('refuses a post from another site even with the editor credentials', async () => {
    const { app, post } = await makeApp();
    const response = await post(
      '/@@add-document',
      { title: 'Forged' },
      { authorization: EDITOR, origin: 'https://evil.example' },
    );
    assert.equal(response.statusCode, 403);
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
