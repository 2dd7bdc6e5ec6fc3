import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthTktCookieHelper,
  Configurator,
  forget,
  HTTPFound,
  type Request,
  remember,
} from '../../lib/index.js';
import { CookieJar, call } from '../helpers.js';

const SECRET = 'ticket-secret-that-is-long-enough-000001';
const OLD = 'an-older-ticket-secret-long-enough-00002';

async function ticketApp(helper: AuthTktCookieHelper) {
  const config = new Configurator();
  config.setSecurityPolicy({
    identity: (request) => helper.identify(request),
    authenticatedUserid: (request) => helper.authenticatedUserid(request),
    permits: () => true,
    remember: (request, userid) => helper.remember(request, userid, { tokens: ['staff'] }),
    forget: (request) => helper.forget(request),
  });
  config.addRoute('login', '/login/{user}');
  config.addRoute('logout', '/logout');
  config.addRoute('me', '/me');
  config.addView(
    (request: Request) =>
      new HTTPFound('/me', { headers: remember(request, String(request.matchdict.user)) }),
    {
      routeName: 'login',
    },
  );
  config.addView((request: Request) => new HTTPFound('/me', { headers: forget(request) }), {
    routeName: 'logout',
  });
  config.addView(
    (request: Request) => ({
      userid: request.authenticatedUserid,
      tokens: helper.identify(request)?.tokens ?? [],
    }),
    { routeName: 'me', renderer: 'json' },
  );
  return config.makeApp({ trustProxy: true });
}

function withClock<T>(offsetSeconds: number, run: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() + offsetSeconds * 1000;
  return run().finally(() => {
    Date.now = realNow;
  });
}

describe('AuthTktCookieHelper', () => {
  it('logs in and out with a signed cookie carried between requests', async () => {
    const app = await ticketApp(new AuthTktCookieHelper({ secret: SECRET }));
    const jar = new CookieJar();
    const login = await jar.call(app, '/login/ada');
    assert.equal(login.status, 302);
    assert.match(
      String(login.headers['set-cookie']),
      /^auth_tkt=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    assert.deepEqual((await jar.call(app, '/me')).json, { userid: 'ada', tokens: ['staff'] });
    await jar.call(app, '/logout');
    assert.equal(jar.cookies.has('auth_tkt'), false);
    assert.deepEqual((await jar.call(app, '/me')).json, { userid: null, tokens: [] });
  });

  it('ignores a tampered or foreign ticket', async () => {
    const app = await ticketApp(new AuthTktCookieHelper({ secret: SECRET }));
    const jar = new CookieJar();
    await jar.call(app, '/login/ada');
    const [payload = '', mac = ''] = (jar.cookies.get('auth_tkt') ?? '').split('.');
    const forgedPayload = Buffer.from(
      Buffer.from(payload, 'base64url').toString('utf8').replace('"ada"', '"root"'),
    ).toString('base64url');
    for (const cookie of [`${forgedPayload}.${mac}`, `${payload}.${mac.slice(1)}`, payload, 'x.y', '']) {
      const response = await call(app, { url: '/me', headers: { cookie: `auth_tkt=${cookie}` } });
      assert.deepEqual([response.status, response.json.userid], [200, null], cookie);
    }
  });

  it('expires after the timeout, reissues after reissueTime, and is Secure over https', async () => {
    const app = await ticketApp(
      new AuthTktCookieHelper({ secret: SECRET, timeout: 600, reissueTime: 60, maxAge: 600 }),
    );
    const jar = new CookieJar();
    const login = await jar.call(app, { url: '/login/ada', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(login.headers['set-cookie']), /Max-Age=600.*Secure/);
    const fresh = await jar.call(app, '/me');
    assert.equal(fresh.headers['set-cookie'], undefined);
    const later = await withClock(120, () => jar.call(app, '/me'));
    assert.equal(later.json.userid, 'ada');
    assert.match(String(later.headers['set-cookie']), /^auth_tkt=/);
    const expired = await withClock(120 + 601, () =>
      call(app, { url: '/me', headers: { cookie: `auth_tkt=${jar.cookies.get('auth_tkt')}` } }),
    );
    assert.equal(expired.json.userid, null);
  });

  it('accepts tickets signed with an older secret while keys rotate', async () => {
    const jar = new CookieJar();
    await jar.call(await ticketApp(new AuthTktCookieHelper({ secret: OLD })), '/login/ada');
    const rotated = await ticketApp(new AuthTktCookieHelper({ secret: [SECRET, OLD] }));
    assert.equal((await jar.call(rotated, '/me')).json.userid, 'ada');
    const dropped = await ticketApp(new AuthTktCookieHelper({ secret: SECRET }));
    assert.equal((await jar.call(dropped, '/me')).json.userid, null);
  });

  it('refuses short secrets and odd tokens', () => {
    assert.throws(() => new AuthTktCookieHelper({ secret: 'short' }), /at least 32 characters/);
    const helper = new AuthTktCookieHelper({ secret: SECRET });
    assert.throws(
      () => helper.remember({ scheme: 'http' } as Request, 'ada', { tokens: ['bad token!'] }),
      /Invalid auth ticket token/,
    );
  });
});
