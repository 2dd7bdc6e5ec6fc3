// The example wiki's pages for people, through app.inject(): readable dates, the "Adding" form, the page
// for adding a page that exists (409), every other HTTP error in the wiki's layout, and the CSRF token
// renewed at log-in and log-out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
// The wiki's own copy of the framework (dist/), so that its exception views know these classes.
import { HTTPServiceUnavailable, HTTPUnauthorized } from 'ziggurat';
import { CookieJar } from '../helpers.js';
import { makeWiki, SECRET, wikiMain, wikiModule } from './wiki-app.js';
import { logIn, post, redirect, tokenIn } from './wiki-client.js';

/** What Chromium sends when it navigates. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('the example wiki: pages for people', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await makeWiki();
  });
  after(() => app.close());

  it('shows when a page was saved as a readable date, the ISO instant in <time datetime>', async () => {
    const page = await app.inject('/FrontPage');
    const [, iso, shown] = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(page.body) ?? [];
    assert.ok(iso && shown, 'the page says when it was saved');
    assert.equal(new Date(iso).toISOString(), iso);
    assert.match(shown, /^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/);
    assert.doesNotMatch(shown, /T\d\d:|Z$/, 'not the raw ISO timestamp');
    const { readableDate } = await wikiModule<{ readableDate(iso: string): string }>('dates.js');
    assert.equal(readableDate('2026-12-02T01:56:18.535Z'), '2 December 2026, 01:56 UTC');
    assert.equal(readableDate('2026-01-09T23:05:00Z'), '9 January 2026, 23:05 UTC');
    assert.equal(readableDate('not a date'), 'not a date');
  });

  it('titles the new-page form "Adding", the edit form "Editing"', async () => {
    const jar = new CookieJar();
    await logIn(jar, app, 'editor', 'editor');
    const adding = await jar.call(app, '/add_page/TeaTime');
    assert.match(adding.body, /<title>Adding TeaTime · Ziggurat wiki<\/title>/);
    assert.match(adding.body, /<h1>Adding TeaTime<\/h1>/);
    const editing = await jar.call(app, '/FrontPage/edit_page');
    assert.match(editing.body, /<h1>Editing FrontPage<\/h1>/);
  });

  it('answers adding a page that exists with its own 409 page, linking to the edit form', async () => {
    const jar = new CookieJar();
    await logIn(jar, app, 'editor', 'editor');
    const form = await jar.call(app, '/add_page/CakeRecipes');
    const token = tokenIn(form.body);
    const first = await post(jar, app, '/add_page/CakeRecipes', { csrf_token: token, body: 'First text.' });
    assert.deepEqual(redirect(first), [303, '/CakeRecipes']);
    const again = await jar.call(app, {
      method: 'POST',
      url: '/add_page/CakeRecipes',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER },
      payload: new URLSearchParams({ csrf_token: token, body: 'Second text.' }).toString(),
    });
    assert.equal(again.status, 409);
    assert.match(String(again.headers['content-type']), /^text\/html/);
    assert.match(again.body, /<title>CakeRecipes exists already · Ziggurat wiki<\/title>/);
    assert.match(again.body, /<a class="edit" href="\/CakeRecipes\/edit_page">Edit CakeRecipes<\/a>/);
    assert.match(again.body, /Logged in as <strong>editor<\/strong>/, "in the wiki's layout");
    assert.match((await jar.call(app, '/CakeRecipes')).body, /First text\./, 'nothing overwritten');
  });

  it("answers other HTTP errors with the wiki's page, keeping their headers", async () => {
    const notAllowed = await app.inject({ method: 'POST', url: '/FrontPage', headers: { accept: BROWSER } });
    assert.equal(notAllowed.statusCode, 405);
    assert.equal(notAllowed.headers.allow, 'GET, HEAD');
    assert.match(notAllowed.body, /<title>Method Not Allowed · Ziggurat wiki<\/title>/);
    assert.match(
      notAllowed.body,
      /<p class="explanation">The method is not allowed for this resource\.<\/p>/,
    );
    const unsupported = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { accept: BROWSER, 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    assert.equal(unsupported.statusCode, 415);
    assert.match(unsupported.body, /<title>Unsupported Media Type · Ziggurat wiki<\/title>/);
    const badPath = await app.inject({ url: '/%E0%A4%A', headers: { accept: BROWSER } });
    assert.equal(badPath.statusCode, 400);
    assert.match(badPath.body, /<title>Bad Request · Ziggurat wiki<\/title>/);
  });

  it("shows 401 and 503 raised by a view in the wiki's layout too (503 without looking up the user)", async () => {
    const main = await wikiMain();
    const config = main({ 'sql.url': 'sqlite::memory:', 'session.secret': SECRET });
    config.addRoute('members', '/_members');
    config.addView(
      () => {
        throw new HTTPUnauthorized({ detail: 'Members only.' });
      },
      { routeName: 'members' },
    );
    config.addRoute('busy', '/_busy');
    config.addView(
      () => {
        throw new HTTPServiceUnavailable({ headers: { 'Retry-After': '9' } });
      },
      { routeName: 'busy' },
    );
    const wiki = await config.makeApp();
    try {
      const members = await wiki.inject({ url: '/_members', headers: { accept: BROWSER } });
      assert.equal(members.statusCode, 401);
      assert.match(members.body, /<title>Unauthorized · Ziggurat wiki<\/title>/);
      assert.match(members.body, /<p class="detail">Members only\.<\/p>/);
      const busy = await wiki.inject({ url: '/_busy', headers: { accept: BROWSER } });
      assert.equal(busy.statusCode, 503);
      assert.equal(busy.headers['retry-after'], '9');
      assert.match(busy.body, /<title>Service Unavailable · Ziggurat wiki<\/title>/);
      assert.doesNotMatch(busy.body, /Log in/, 'no login link when the server is failing');
    } finally {
      await wiki.close();
    }
  });

  it('rotates the CSRF token at log-in and at log-out; the old tokens no longer pass', async () => {
    const jar = new CookieJar();
    const anonymous = tokenIn((await jar.call(app, '/login')).body);
    await logIn(jar, app, 'editor', 'editor');
    const loggedIn = tokenIn((await jar.call(app, '/FrontPage')).body);
    assert.notEqual(loggedIn, anonymous, 'a new token at log-in');
    const stale = await post(jar, app, '/FrontPage/edit_page', { csrf_token: anonymous, body: 'x' });
    assert.equal(stale.status, 400, 'the token from before log-in is refused');
    assert.deepEqual(redirect(await post(jar, app, '/logout', { csrf_token: loggedIn })), [
      303,
      '/FrontPage',
    ]);
    const afterLogout = tokenIn((await jar.call(app, '/login')).body);
    assert.notEqual(afterLogout, loggedIn, 'a new token at log-out');
    assert.notEqual(afterLogout, anonymous);
    const replayed = await post(jar, app, '/login', {
      csrf_token: loggedIn,
      username: 'editor',
      password: 'editor',
    });
    assert.equal(replayed.status, 400, 'the token from before log-out is refused');
  });
});
