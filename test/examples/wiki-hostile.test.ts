// The example wiki against hostile input at the edge: Host headers, header values in redirects,
// X-Vhm-Root from clients, and tricks on static paths.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CookieJar, call } from '../helpers.js';
import { listenLocally, rawHttp } from '../http/raw-http.js';
import { makeWiki } from './wiki-app.js';

/** Every kind of answer the wiki gives: pages, a redirect, a form, the forbidden view, not found, a static file. */
const URLS = ['/', '/FrontPage', '/FrontPage/edit_page', '/login', '/NoSuchPage', '/static/wiki.css'];

/** Log in as the editor through the form, coming back to `cameFrom`. */
async function logIn(jar: CookieJar, app: FastifyInstance, cameFrom: string) {
  const form = await jar.call(app, '/login');
  const token = /name="csrf_token" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  return jar.call(app, {
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      csrf_token: token,
      username: 'editor',
      password: 'editor',
      came_from: cameFrom,
    }).toString(),
  });
}

describe('the example wiki against hostile input', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await makeWiki();
  });
  after(() => app.close());

  it('answers a malformed Host with 400 on every kind of page, never a 500', async () => {
    for (const host of ['a b', '[', '%', 'x:99999', 'wiki.example:0', 'a..b']) {
      for (const url of URLS) {
        const response = await call(app, { url, headers: { host, accept: 'text/html' } });
        assert.equal(response.status, 400, `${JSON.stringify(host)} ${url}`);
        assert.match(response.body, /ZIG_ERR_BAD_HOST/);
      }
    }
  });

  it('answers a host it does not serve with 400, and never puts it in a page or a redirect', async () => {
    for (const url of URLS) {
      const response = await call(app, { url, headers: { host: 'evil.example', accept: 'text/html' } });
      assert.equal(response.status, 400, url);
      assert.match(response.body, /ZIG_ERR_HOST_NOT_ALLOWED/);
      assert.doesNotMatch(JSON.stringify([response.headers, response.body]), /evil\.example/, url);
    }
    const served = await makeWiki({ 'ziggurat.allowed_hosts': 'wiki.example' });
    try {
      const page = await call(served, {
        url: '/FrontPage',
        headers: { host: 'wiki.example', 'x-forwarded-host': 'evil.example' },
      });
      assert.equal(page.status, 200);
      assert.match(page.body, /href="http:\/\/wiki\.example\/static\/wiki\.css\?v/);
      assert.doesNotMatch(page.body, /evil\.example/);
      assert.equal((await call(served, '/FrontPage')).status, 400, 'localhost is no longer served');
    } finally {
      await served.close();
    }
  });

  it('logs in and comes back to an IRI: percent-encoded, with the session kept; CR/LF never reach a header', async () => {
    const omega = new CookieJar();
    const toOmega = await logIn(omega, app, '/Ωmega');
    assert.deepEqual([toOmega.status, toOmega.headers.location], [303, '/%CE%A9mega']);
    assert.ok(omega.cookies.size > 0, 'the session cookie came with the redirect');
    const jar = new CookieJar();
    const login = await logIn(jar, app, '/FrontPage?q=Ωmega');
    assert.deepEqual([login.status, login.headers.location], [303, '/FrontPage?q=%CE%A9mega']);
    const page = await jar.call(app, String(login.headers.location));
    assert.match(page.body, /editor/, 'logged in');
    const injected = await logIn(new CookieJar(), app, '/FrontPage\r\nSet-Cookie: evil=1');
    assert.deepEqual([injected.status, injected.headers.location], [303, '/FrontPage']);
    assert.doesNotMatch(String(injected.headers['set-cookie']), /evil/);
  });

  it('ignores X-Vhm-Root from a client: /FrontPage stays the FrontPage', async () => {
    for (const root of ['/nowhere', '/FrontPage', '/%zz']) {
      const response = await call(app, { url: '/FrontPage', headers: { 'x-vhm-root': root } });
      assert.equal(response.status, 200, root);
      assert.match(response.body, /<title>FrontPage/);
    }
  });

  it('answers tricks on static paths without cache headers and without leaving the static directory', async () => {
    const listening = await makeWiki();
    try {
      const port = await listenLocally(listening);
      const get = (path: string) =>
        rawHttp(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close`);
      const css = await get('/static/wiki.css');
      assert.deepEqual([css.status, css.headers['cache-control']], [200, 'public, max-age=3600']);
      for (const path of [
        '/static/../package.json',
        '/static/%2e%2e/package.json',
        '/static/..%2fpackage.json',
        '/static/%2e%2e%2f%2e%2e%2fpackage.json',
        '/static/',
        '/static/missing.css',
        '/static/.env',
      ]) {
        const response = await get(path);
        assert.notEqual(response.status, 200, path);
        assert.equal(response.headers['cache-control'], undefined, `${path} answered ${response.status}`);
        assert.doesNotMatch(response.body, /"dependencies"|"name":/, path);
      }
    } finally {
      await listening.close();
    }
  });
});
