import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as session from '../../../addons/session/index.js';
import {
  Configurator,
  forget,
  HTTPFound,
  type Request,
  remember,
  SessionAuthenticationHelper,
  type Settings,
} from '../../../lib/index.js';
import { appWith, CookieJar, call } from '../../helpers.js';

const SECRET = 'a-test-secret-that-is-long-enough-0001';
const OLD_SECRET = 'an-older-secret-that-is-long-enough-0002';

function sessionApp(settings: Settings = {}, more: (config: Configurator) => void = () => {}) {
  return appWith(
    (config) => {
      config.include(session);
      config.addRoute('set', '/set/{key}/{value}');
      config.addRoute('get', '/get/{key}');
      config.addRoute('forget', '/forget');
      config.addRoute('touch', '/touch');
      config.addView(
        (request: Request) => {
          request.session.set(String(request.matchdict.key), request.matchdict.value);
          return { isNew: request.session.isNew };
        },
        { routeName: 'set', renderer: 'json' },
      );
      config.addView(
        (request: Request) => ({ value: request.session.get(String(request.matchdict.key)) ?? null }),
        {
          routeName: 'get',
          renderer: 'json',
        },
      );
      config.addView(
        (request: Request) => {
          request.session.invalidate();
          return 'gone';
        },
        { routeName: 'forget', renderer: 'string' },
      );
      config.addView((request: Request) => ({ isNew: request.session.isNew }), {
        routeName: 'touch',
        renderer: 'json',
      });
      more(config);
    },
    { settings: { 'session.secret': SECRET, ...settings } },
  );
}

function sessionCookie(headers: Record<string, unknown>): string {
  const raw = headers['set-cookie'];
  const lines = Array.isArray(raw) ? raw : [String(raw ?? '')];
  return lines.find((line) => line.startsWith('session=')) ?? '';
}

describe('session add-on (cookie)', () => {
  it('keeps values across requests in a signed and encrypted cookie', async () => {
    const app = await sessionApp();
    const jar = new CookieJar();
    const first = await jar.call(app, '/set/color/blue%20sky');
    assert.deepEqual(first.json, { isNew: true });
    const cookie = jar.cookies.get('session') ?? '';
    assert.match(cookie, /^v1\./);
    assert.doesNotMatch(Buffer.from(cookie.slice(3), 'base64url').toString('latin1'), /blue/);
    assert.deepEqual((await jar.call(app, '/get/color')).json, { value: 'blue sky' });
    assert.deepEqual((await jar.call(app, '/touch')).json, { isNew: false });
  });

  it('sets HttpOnly, SameSite=Lax and Path=/, Secure only over https, and Max-Age when configured', async () => {
    const app = await sessionApp({ 'session.maxAge': 600 });
    const plain = sessionCookie((await call(app, '/set/a/1')).headers);
    assert.match(plain, /HttpOnly/);
    assert.match(plain, /SameSite=Lax/);
    assert.match(plain, /Path=\//);
    assert.match(plain, /Max-Age=600/);
    assert.doesNotMatch(plain, /Secure/);
  });

  it('marks the cookie Secure for requests that came over https', async () => {
    const config = new Configurator({ settings: { 'session.secret': SECRET } });
    config.include(session);
    config.addRoute('s', '/s');
    config.addView(
      (request: Request) => {
        request.session.set('k', 1);
        return 'ok';
      },
      { routeName: 's', renderer: 'string' },
    );
    const app = await config.makeApp({ trustProxy: true });
    const response = await call(app, { url: '/s', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(sessionCookie(response.headers), /; Secure/);
  });

  it('gives an empty session, never an error, for a tampered, foreign or expired cookie', async () => {
    const app = await sessionApp({ 'session.timeout': 60 });
    const jar = new CookieJar();
    await jar.call(app, '/set/user/ada');
    const good = jar.cookies.get('session') ?? '';
    const flipped = `${good.slice(0, -3)}${good.at(-3) === 'A' ? 'B' : 'A'}${good.slice(-2)}`;
    for (const cookie of [flipped, 'v1.garbage', 'not-even-a-version', `${good}x`, '%%%']) {
      const response = await call(app, { url: '/get/user', headers: { cookie: `session=${cookie}` } });
      assert.equal(response.status, 200, cookie);
      assert.deepEqual(response.json, { value: null });
    }
    const other = await sessionApp({ 'session.secret': 'another-secret-that-is-long-enough-003' });
    assert.deepEqual((await call(other, { url: '/get/user', headers: { cookie: `session=${good}` } })).json, {
      value: null,
    });
    const realNow = Date.now;
    Date.now = () => realNow() + 61_000;
    try {
      assert.deepEqual((await jar.call(app, '/get/user')).json, { value: null });
    } finally {
      Date.now = realNow;
    }
  });

  it('rotates keys: a cookie sealed with an older secret still opens, and is resealed with the newest', async () => {
    const old = await sessionApp({ 'session.secret': OLD_SECRET });
    const jar = new CookieJar();
    await jar.call(old, '/set/user/ada');
    const rotated = await sessionApp({ 'session.secret': [SECRET, OLD_SECRET], 'session.reissueTime': 0 });
    assert.deepEqual((await jar.call(rotated, '/get/user')).json, { value: 'ada' });
    const onlyNew = await sessionApp();
    assert.deepEqual((await jar.call(onlyNew, '/get/user')).json, { value: 'ada' });
  });

  it('writes the cookie only when the session changed or is due for reissue', async () => {
    const app = await sessionApp();
    const jar = new CookieJar();
    await jar.call(app, '/set/a/1');
    assert.equal(sessionCookie((await jar.call(app, '/get/a')).headers), '');
    assert.equal(sessionCookie((await call(app, '/touch')).headers), '');
  });

  it('saves an object changed in place only after changed()', async () => {
    const app = await sessionApp({}, (config) => {
      config.addRoute('cart', '/cart/{item}');
      config.addView(
        (request: Request) => {
          const cart = request.session.get('cart') as string[] | undefined;
          if (cart === undefined) request.session.set('cart', [request.matchdict.item]);
          else {
            cart.push(String(request.matchdict.item));
            if (request.query.mark === '1') request.session.changed();
          }
          return { cart: request.session.get('cart') };
        },
        { routeName: 'cart', renderer: 'json' },
      );
    });
    const jar = new CookieJar();
    await jar.call(app, '/cart/tea');
    await jar.call(app, '/cart/cake');
    assert.deepEqual((await jar.call(app, '/cart/jam?mark=1')).json, { cart: ['tea', 'jam'] });
    assert.deepEqual((await jar.call(app, '/get/cart')).json, { value: ['tea', 'jam'] });
  });

  it('invalidate() empties the session and expires the cookie', async () => {
    const app = await sessionApp();
    const jar = new CookieJar();
    await jar.call(app, '/set/user/ada');
    const gone = await jar.call(app, '/forget');
    assert.match(sessionCookie(gone.headers), /Max-Age=0|Expires=Thu, 01 Jan 1970/);
    assert.equal(jar.cookies.has('session'), false);
    assert.deepEqual((await jar.call(app, '/get/user')).json, { value: null });
  });

  it('carries flash messages across a redirect, per queue', async () => {
    const app = await sessionApp({}, (config) => {
      config.addRoute('save', '/save');
      config.addRoute('show', '/show');
      config.addView(
        (request: Request) => {
          request.session.flash('Saved');
          request.session.flash('Saved', '', false);
          request.session.flash('Check the date', 'warning');
          return new HTTPFound('/show');
        },
        { routeName: 'save', requestMethod: 'POST' },
      );
      config.addView(
        (request: Request) => ({
          peek: request.session.peekFlash(),
          info: request.session.popFlash(),
          warning: request.session.popFlash('warning'),
          again: request.session.popFlash(),
        }),
        { routeName: 'show', renderer: 'json' },
      );
    });
    const jar = new CookieJar();
    const saved = await jar.call(app, { method: 'POST', url: '/save' });
    assert.equal(saved.status, 302);
    assert.deepEqual((await jar.call(app, saved.headers.location as string)).json, {
      peek: ['Saved'],
      info: ['Saved'],
      warning: ['Check the date'],
      again: [],
    });
    assert.deepEqual((await jar.call(app, '/show')).json, { peek: [], info: [], warning: [], again: [] });
  });

  it('answers 500 with ZIG_ERR_SESSION_TOO_LARGE when the session outgrows a cookie', async () => {
    const app = await sessionApp({}, (config) => {
      config.addRoute('big', '/big');
      config.addView(
        (request: Request) => {
          request.session.set('big', 'x'.repeat(5000));
          return 'too much';
        },
        { routeName: 'big', renderer: 'string' },
      );
    });
    const response = await call(app, '/big');
    assert.equal(response.status, 500);
    assert.equal(sessionCookie(response.headers), '');
  });

  it('refuses at commit a missing or short secret, or an unknown store', async () => {
    for (const [settings, message] of [
      [{ 'session.secret': undefined }, /session\.secret.*needs a secret/],
      [{ 'session.secret': 'short' }, /at least 32 characters/],
      [{ 'session.store': 'memcached' }, /'session\.store' must be cookie or redis/],
    ] as const) {
      await assert.rejects(sessionApp(settings as Settings), message);
    }
  });

  it('rotate() writes a new cookie; a copy of the old one keeps its old contents', async () => {
    const app = await sessionApp({}, (config) => {
      config.addRoute('rotate', '/rotate');
      config.addView(
        (request: Request) => {
          request.session.rotate();
          request.session.set('user', 'ada');
          return 'rotated';
        },
        { routeName: 'rotate', renderer: 'string' },
      );
    });
    const jar = new CookieJar();
    await jar.call(app, '/set/cart/tea');
    const before = jar.cookies.get('session');
    await jar.call(app, '/rotate');
    assert.notEqual(jar.cookies.get('session'), before);
    assert.deepEqual((await jar.call(app, '/get/cart')).json, { value: 'tea' });
    const old = await call(app, { url: '/get/user', headers: { cookie: `session=${before}` } });
    assert.deepEqual(old.json, { value: null }, 'the old cookie never held the user');
  });
});

/** A cookie-store app with SessionAuthenticationHelper, log-in and log-out. */
function authApp(settings: Settings, more: (config: Configurator) => void = () => {}) {
  return sessionApp(settings, (config) => {
    const helper = new SessionAuthenticationHelper();
    config.setSecurityPolicy({
      identity: (request) => helper.authenticatedUserid(request),
      authenticatedUserid: (request) => helper.authenticatedUserid(request),
      permits: () => true,
      remember: (request, userid) => helper.remember(request, userid),
      forget: (request) => helper.forget(request),
    });
    config.addRoute('login', '/login/{user}');
    config.addRoute('logout', '/logout');
    config.addRoute('me', '/me');
    config.addView((request: Request) => ({ headers: remember(request, String(request.matchdict.user)) }), {
      routeName: 'login',
      renderer: 'json',
    });
    config.addView((request: Request) => ({ headers: forget(request) }), {
      routeName: 'logout',
      renderer: 'json',
    });
    config.addView((request: Request) => ({ user: request.authenticatedUserid }), {
      routeName: 'me',
      renderer: 'json',
    });
    more(config);
  });
}

/** Generations in memory: any store the app provides through the small SessionGenerationStore interface. */
class MemoryGenerations implements session.SessionGenerationStore {
  readonly generations = new Map<string, number>();
  readonly ttls: Array<number | null> = [];

  async generation(userid: string): Promise<number> {
    return this.generations.get(userid) ?? 0;
  }

  async bumpGeneration(userid: string, ttlSeconds: number | null): Promise<void> {
    this.generations.set(userid, (this.generations.get(userid) ?? 0) + 1);
    this.ttls.push(ttlSeconds);
  }
}

describe('log-out and the cookie store', () => {
  it('without revocation (the default), a copy of the cookie taken before log-out still logs in', async () => {
    const app = await authApp({});
    const jar = new CookieJar();
    await jar.call(app, '/login/ada');
    const copy = jar.cookies.get('session');
    await jar.call(app, '/logout');
    assert.deepEqual((await jar.call(app, '/me')).json, { user: null });
    const replayed = await call(app, { url: '/me', headers: { cookie: `session=${copy}` } });
    assert.deepEqual(replayed.json, { user: 'ada' }, 'until it times out: what the README warns about');
  });

  it('with revocation in a store the app provides, log-out ends every copy, for as long as the timeout', async () => {
    const generations = new MemoryGenerations();
    const app = await authApp({ 'session.revocation': 'true', 'session.timeout': 300 }, (config) =>
      config.setSessionGenerationStore(generations),
    );
    const jar = new CookieJar();
    await jar.call(app, '/login/ada');
    const copy = jar.cookies.get('session');
    await jar.call(app, '/logout');
    const replayed = await call(app, { url: '/me', headers: { cookie: `session=${copy}` } });
    assert.deepEqual(replayed.json, { user: null });
    assert.deepEqual(generations.ttls, [360], 'the timeout and a minute for clocks that disagree');
    await jar.call(app, '/login/ada');
    assert.deepEqual((await jar.call(app, '/me')).json, { user: 'ada' }, 'a new log-in works');
  });
});
