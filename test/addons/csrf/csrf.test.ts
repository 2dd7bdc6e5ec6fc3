import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as csrf from '../../../addons/csrf/index.js';
import { BadCSRFToken } from '../../../addons/csrf/index.js';
import * as session from '../../../addons/session/index.js';
import { Configurator, type Request, type Settings } from '../../../lib/index.js';
import { CookieJar, call } from '../../helpers.js';

const SECRET = 'a-test-secret-that-is-long-enough-0001';

async function csrfApp(settings: Settings = {}, withExceptionView = false) {
  const config = new Configurator({ settings: { 'session.secret': SECRET, ...settings } });
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
        request.response.status = 400;
        return { csrf: (request.exception as Error).constructor.name };
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

  it('checks Origin, then Referer, against the host and the trusted origins on https', async () => {
    const app = await csrfApp(
      {
        'csrf.trustedOrigins': 'https://admin.example.com, partner.example.org',
        'ziggurat.allowed_hosts': 'shop.example.com localhost',
      },
      true,
    );
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
    assert.equal((await post({ origin: 'https://shop.example.com' })).status, 200);
    assert.equal((await post({ origin: 'https://admin.example.com' })).status, 200);
    assert.equal((await post({ referer: 'https://partner.example.org/page?x=1' })).status, 200);
    assert.equal((await post({ referer: 'https://shop.example.com/form' })).status, 200);
    const evil = await post({ origin: 'https://evil.example.net' });
    assert.deepEqual([evil.status, evil.json], [400, { csrf: 'BadCSRFOrigin' }]);
    assert.equal((await post({ origin: 'http://shop.example.com' })).status, 400, 'a downgraded origin');
    assert.equal((await post({})).status, 400, 'neither Origin nor Referer');
    assert.equal((await post({ origin: 'null' })).status, 400);
    const plainHttp = await jar.call(app, {
      method: 'POST',
      url: '/form',
      headers: { origin: 'https://evil.example.net', 'x-csrf-token': token },
    });
    assert.equal(plainHttp.status, 200, 'origins are checked on https only');
  });
});
