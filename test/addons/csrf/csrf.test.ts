import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as csrf from '../../../addons/csrf/index.js';
import { BadCSRFToken } from '../../../addons/csrf/index.js';
import * as session from '../../../addons/session/index.js';
import { Configurator, type Request, type Settings } from '../../../lib/index.js';
import { CookieJar, call } from '../../helpers.js';

const SECRET = 'a-test-secret-that-is-long-enough-0001';

async function csrfApp(settings: Settings = {}, withExceptionView = false) {
  const config = new Configurator({
    settings: {
      'session.secret': SECRET,
      'ziggurat.allowed_hosts': 'shop.example.com localhost',
      ...settings,
    },
  });
  config.include(session);
  config.include(csrf);
  config.addRoute('form', '/form');
  config.addRoute('hook', '/hook');
  config.addView((request: Request) => ({ token: request.csrfToken }), {
    routeName: 'form',
    renderer: 'json',
  });
  config.addView(() => ({ saved: true }), {
    routeName: 'form',
    requestMethod: ['POST', 'PUT', 'PATCH', 'DELETE'],
    renderer: 'json',
  });
  config.addView(() => ({ hooked: true }), {
    routeName: 'hook',
    requestMethod: 'POST',
    requireCsrf: false,
    renderer: 'json',
  });
  if (withExceptionView) {
    config.addExceptionView(
      (request: Request) => {
        const error = request.exception as BadCSRFToken;
        request.response.status = error.status;
        return { csrf: error.constructor.name };
      },
      { context: BadCSRFToken, renderer: 'json' },
    );
  }
  return config.makeApp({ trustProxy: true });
}

async function withToken(app: Awaited<ReturnType<typeof csrfApp>>) {
  const jar = new CookieJar();
  const token = (await jar.call(app, '/form')).json.token as string;
  assert.match(token, /^[\w-]{40,}$/);
  return { jar, token };
}

describe('CSRF add-on', () => {
  it('lets safe methods through and gives the same token for the session', async () => {
    const app = await csrfApp();
    const { jar, token } = await withToken(app);
    assert.equal((await jar.call(app, '/form')).json.token, token);
  });

  it('refuses unsafe methods without the token, or with a wrong one, with a 400', async () => {
    const app = await csrfApp();
    const { jar, token } = await withToken(app);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      assert.equal((await jar.call(app, { method, url: '/form' })).status, 400, method);
    }
    const wrong = await jar.call(app, {
      method: 'POST',
      url: '/form',
      headers: { 'x-csrf-token': `${token}x` },
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /CSRF/);
    const noSession = await call(app, { method: 'POST', url: '/form', headers: { 'x-csrf-token': token } });
    assert.equal(noSession.status, 400);
  });

  it('accepts the token from the X-CSRF-Token header or the csrf_token form field', async () => {
    const app = await csrfApp();
    const { jar, token } = await withToken(app);
    const byHeader = await jar.call(app, {
      method: 'DELETE',
      url: '/form',
      headers: { 'x-csrf-token': token },
    });
    assert.deepEqual(byHeader.json, { saved: true });
    const byForm = await jar.call(app, {
      method: 'POST',
      url: '/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `title=x&csrf_token=${encodeURIComponent(token)}`,
    });
    assert.deepEqual(byForm.json, { saved: true });
    const inQuery = await jar.call(app, { method: 'POST', url: `/form?csrf_token=${token}` });
    assert.equal(inQuery.status, 400, 'never from the query string');
  });

  it('skips views registered with requireCsrf: false', async () => {
    const app = await csrfApp();
    assert.deepEqual((await call(app, { method: 'POST', url: '/hook' })).json, { hooked: true });
  });

  it('raises BadCSRFToken, which an exception view can catch', async () => {
    const app = await csrfApp({}, true);
    const response = await call(app, { method: 'POST', url: '/form' });
    assert.deepEqual([response.status, response.json], [400, { csrf: 'BadCSRFToken' }]);
  });

  it('refuses (403) a POST from another origin on http, on https, and on http behind a TLS proxy', async () => {
    const app = await csrfApp({}, true);
    const { jar, token } = await withToken(app);
    const post = (headers: Record<string, string>) =>
      jar.call(app, { method: 'POST', url: '/form', headers: { 'x-csrf-token': token, ...headers } });
    const evil = { origin: 'https://evil.example.net' };
    const http = await post({ host: 'shop.example.com', ...evil });
    assert.deepEqual([http.status, http.json], [403, { csrf: 'BadCSRFOrigin' }], 'on http');
    const direct = await post({ host: 'shop.example.com', 'x-forwarded-proto': 'https', ...evil });
    assert.equal(direct.status, 403, 'on https');
    const proxied = await post({
      host: '10.0.0.7:6543',
      'x-forwarded-host': 'shop.example.com',
      'x-forwarded-proto': 'https',
      ...evil,
    });
    assert.equal(proxied.status, 403, 'behind a proxy');
    assert.equal((await post({ host: 'shop.example.com', origin: 'null' })).status, 403, "the 'null' origin");
  });

  it('lets same-origin POSTs through, judging by the forwarded scheme and host behind a proxy', async () => {
    const app = await csrfApp();
    const { jar, token } = await withToken(app);
    const post = (headers: Record<string, string>) =>
      jar.call(app, { method: 'POST', url: '/form', headers: { 'x-csrf-token': token, ...headers } });
    assert.equal((await post({ host: 'shop.example.com', origin: 'http://shop.example.com' })).status, 200);
    assert.equal(
      (await post({ host: 'Shop.Example.com:80', origin: 'http://shop.example.com' })).status,
      200,
    );
    const proxied = {
      host: '10.0.0.7:6543',
      'x-forwarded-host': 'shop.example.com',
      'x-forwarded-proto': 'https',
    };
    assert.equal((await post({ ...proxied, origin: 'https://shop.example.com' })).status, 200);
    assert.equal((await post({ ...proxied, origin: 'http://shop.example.com' })).status, 403, 'downgraded');
    assert.equal((await post({ ...proxied, origin: 'http://10.0.0.7:6543' })).status, 403, 'the inner host');
    assert.equal((await post({ host: 'shop.example.com' })).status, 200, 'no Origin on http: no check');
  });

  it('on https without Origin, needs an https Referer of this host or a trusted one', async () => {
    const app = await csrfApp({ 'csrf.trustedOrigins': 'https://*.example.org, partner.example.com' });
    const { jar, token } = await withToken(app);
    const post = (headers: Record<string, string>) =>
      jar.call(app, {
        method: 'POST',
        url: '/form',
        headers: {
          host: 'shop.example.com',
          'x-forwarded-proto': 'https',
          'x-csrf-token': token,
          ...headers,
        },
      });
    assert.equal((await post({ referer: 'https://shop.example.com/form' })).status, 200);
    assert.equal((await post({ referer: 'https://partner.example.com/page?x=1' })).status, 200);
    assert.equal((await post({ referer: 'https://docs.example.org/' })).status, 200, 'a trusted subdomain');
    assert.equal((await post({})).status, 403, 'neither Origin nor Referer');
    assert.equal((await post({ referer: 'http://shop.example.com/form' })).status, 403, 'an http Referer');
    assert.equal((await post({ referer: 'https://evil.example.net/' })).status, 403);
    assert.equal((await post({ referer: 'not a url' })).status, 403);
  });

  it('accepts trusted origins: exact, with subdomains, and bare hosts (https)', async () => {
    const app = await csrfApp({
      'csrf.trustedOrigins': ['https://admin.example.com', 'https://*.example.org', 'partner.example.net'],
    });
    const { jar, token } = await withToken(app);
    const post = (origin: string) =>
      jar.call(app, {
        method: 'POST',
        url: '/form',
        headers: { host: 'shop.example.com', origin, 'x-csrf-token': token },
      });
    for (const origin of [
      'https://admin.example.com',
      'https://example.org',
      'https://a.b.example.org',
      'https://partner.example.net',
    ]) {
      assert.equal((await post(origin)).status, 200, origin);
    }
    for (const origin of [
      'http://admin.example.com',
      'https://admin.example.com:8443',
      'https://badexample.org',
      'http://partner.example.net',
      'https://evil.example.net',
    ]) {
      assert.equal((await post(origin)).status, 403, origin);
    }
  });

  it('checks no origin with csrf.checkOrigin false, and no Referer with csrf.allowNoOrigin', async () => {
    const off = await csrfApp({ 'csrf.checkOrigin': 'false' });
    const offToken = await withToken(off);
    const foreign = await offToken.jar.call(off, {
      method: 'POST',
      url: '/form',
      headers: { origin: 'https://evil.example.net', 'x-csrf-token': offToken.token },
    });
    assert.equal(foreign.status, 200);
    const lax = await csrfApp({ 'csrf.allowNoOrigin': true });
    const laxToken = await withToken(lax);
    const bare = await laxToken.jar.call(lax, {
      method: 'POST',
      url: '/form',
      headers: { 'x-forwarded-proto': 'https', 'x-csrf-token': laxToken.token },
    });
    assert.equal(bare.status, 200);
  });

  it('gives a new token after request.session.rotate(), as log-in does', async () => {
    const config = new Configurator({ settings: { 'session.secret': SECRET } });
    config.include(session);
    config.include(csrf);
    config.addRoute('rotate', '/rotate');
    config.addView(
      (request: Request) => {
        const before = request.csrfToken;
        request.session.rotate();
        return { before, after: request.csrfToken };
      },
      { routeName: 'rotate', renderer: 'json' },
    );
    const app = await config.makeApp();
    const { before, after } = (await call(app, '/rotate')).json;
    assert.notEqual(before, after);
  });
});
