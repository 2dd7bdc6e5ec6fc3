// Functional tests: the whole app, requests injected without a listening server.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { main } from '../src/app.js';

const app = await main({ 'handlebars.reload': 'false' }).makeApp();

describe('the app', () => {
  after(() => app.close());

  it('serves the home page as an HTML5 page', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /^<!doctype html>/i);
    assert.match(response.body, /<html lang="en">/);
    assert.match(response.body, /<meta charset="utf-8">/);
    assert.match(response.body, /<meta name="viewport"/);
    assert.match(response.body, /<title>__PROJECT_TITLE__<\/title>/);
    assert.match(response.body, /<h1>Welcome to __PROJECT_TITLE__<\/h1>/);
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
