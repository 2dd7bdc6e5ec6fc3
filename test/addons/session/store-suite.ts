// The behaviour every session store shares, run for the cookie store (with revocation) and the Redis store.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import * as csrf from '../../../addons/csrf/index.js';
import * as session from '../../../addons/session/index.js';
import {
  Configurator,
  forget,
  HTTPServiceUnavailable,
  type Request,
  remember,
  SessionAuthenticationHelper,
  type Settings,
} from '../../../lib/index.js';
import { CookieJar } from '../../helpers.js';
import { PrivateRedis } from './private-redis.js';

/** The session secret of the suite's apps. */
export const SECRET = 'a-test-secret-that-is-long-enough-0001';

/** Log lines an app wrote, parsed. */
export class LogLines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(JSON.parse(line));
    done();
  }

  /** The lines that carry `code`. */
  withCode(code: string): Array<Record<string, unknown>> {
    return this.lines.filter((line) => line.code === code);
  }
}

function policy(config: Configurator): void {
  const helper = new SessionAuthenticationHelper();
  config.setSecurityPolicy({
    identity: (request) => helper.authenticatedUserid(request),
    authenticatedUserid: (request) => helper.authenticatedUserid(request),
    permits: () => true,
    remember: (request, userid) => helper.remember(request, userid),
    forget: (request) => helper.forget(request),
  });
}

function sessionViews(config: Configurator): void {
  config.addRoute('set', '/set/{key}/{value}');
  config.addRoute('get', '/get/{key}');
  config.addRoute('rotate', '/rotate');
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
      request.session.rotate();
      return 'rotated';
    },
    { routeName: 'rotate', renderer: 'string' },
  );
}

function authViews(config: Configurator): void {
  config.addRoute('login', '/login/{user}');
  config.addRoute('logout', '/logout');
  config.addRoute('me', '/me');
  config.addRoute('revoke', '/revoke/{user}');
  config.addRoute('token', '/token');
  config.addRoute('plain', '/plain');
  const noCsrf = { requestMethod: 'POST', requireCsrf: false } as const;
  config.addView((request: Request) => ({ headers: remember(request, String(request.matchdict.user)) }), {
    routeName: 'login',
    renderer: 'json',
    ...noCsrf,
  });
  config.addView((request: Request) => ({ headers: forget(request) }), {
    routeName: 'logout',
    renderer: 'json',
    ...noCsrf,
  });
  config.addView(
    (request: Request) => ({ user: request.authenticatedUserid, cart: request.session.get('cart') ?? null }),
    { routeName: 'me', renderer: 'json' },
  );
  config.addView(
    (request: Request) => {
      request.session.revokeUser?.(String(request.matchdict.user));
      return 'revoked';
    },
    { routeName: 'revoke', renderer: 'string' },
  );
  config.addView((request: Request) => ({ token: request.csrfToken }), {
    routeName: 'token',
    renderer: 'json',
  });
  config.addView(() => 'no session used', { routeName: 'plain', renderer: 'string' });
}

/** An app with the store's settings, its views, and an exception view that renders a 503. */
async function storeApp(settings: Settings, log?: LogLines): Promise<FastifyInstance> {
  const config = new Configurator({ settings: { 'session.secret': SECRET, ...settings } });
  config.include(session);
  config.include(csrf);
  policy(config);
  sessionViews(config);
  authViews(config);
  config.addExceptionView(
    (request: Request) => {
      const error = request.exception as HTTPServiceUnavailable;
      request.response.status = error.status;
      request.response.headers.set('Retry-After', error.headers.get('Retry-After') ?? '');
      return { unavailable: true };
    },
    { context: HTTPServiceUnavailable, renderer: 'json' },
  );
  return config.makeApp(log === undefined ? {} : { logger: { level: 'info', stream: log } });
}

const post = (jar: CookieJar, app: FastifyInstance, url: string) => jar.call(app, { method: 'POST', url });

/** A copy of a jar, as an attacker's copy of a victim's cookies. */
function copyOf(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value);
  return copy;
}

/**
 * Run the shared suite for one store: `settingsFor(redisUrl, prefix)` gives the settings that select it
 * (Redis is a private redis-server the suite starts, stops and starts again).
 */
export function sessionStoreSuite(
  name: string,
  settingsFor: (url: string, prefix: string) => Settings,
): void {
  describe(`session stores: ${name}`, { timeout: 60_000 }, () => {
    let redis: PrivateRedis;
    let app: FastifyInstance;
    let prefix = 0;
    const settings = () => settingsFor(redis.url, `suite-${++prefix}:`);

    before(async () => {
      redis = await PrivateRedis.start();
      app = await storeApp(settings());
    });
    after(async () => {
      await app?.close();
      await redis?.stop();
    });

    it('keeps values across requests, and rotate() keeps them under a new cookie', async () => {
      const jar = new CookieJar();
      assert.deepEqual((await jar.call(app, '/set/color/blue')).json, { isNew: true });
      const before = jar.cookies.get('session');
      assert.equal((await jar.call(app, '/rotate')).status, 200);
      assert.notEqual(jar.cookies.get('session'), before);
      assert.deepEqual((await jar.call(app, '/get/color')).json, { value: 'blue' });
    });

    it('logs in under a new session id, keeping the data and renewing the CSRF token', async () => {
      const attacker = new CookieJar();
      await attacker.call(app, '/set/cart/tea');
      const plantedToken = (await attacker.call(app, '/token')).json.token;
      const planted = attacker.cookies.get('session') as string;
      // The victim's browser carries the attacker's session cookie, then the victim logs in.
      const victim = copyOf(attacker);
      assert.equal((await post(victim, app, '/login/ada')).status, 200);
      assert.notEqual(victim.cookies.get('session'), planted, 'a new session id at log-in');
      assert.deepEqual((await victim.call(app, '/me')).json, { user: 'ada', cart: 'tea' });
      assert.notEqual((await victim.call(app, '/token')).json.token, plantedToken, 'a new CSRF token');
      assert.deepEqual(
        (await attacker.call(app, '/me')).json.user,
        null,
        'the planted session is not logged in',
      );
    });

    it('logs out under a new session id, keeping the other data: a copy of the cookie taken before no longer logs in', async () => {
      const jar = new CookieJar();
      await post(jar, app, '/login/grace');
      await jar.call(app, '/set/cart/cake');
      const stolen = copyOf(jar);
      assert.deepEqual((await stolen.call(app, '/me')).json, { user: 'grace', cart: 'cake' });
      await post(jar, app, '/logout');
      assert.deepEqual((await jar.call(app, '/me')).json, { user: null, cart: 'cake' });
      assert.deepEqual((await stolen.call(app, '/me')).json, { user: null, cart: null });
    });

    it('logs the user out everywhere at log-out, and revokeUser() ends their sessions too', async () => {
      const laptop = new CookieJar();
      const phone = new CookieJar();
      await post(laptop, app, '/login/linus');
      await post(phone, app, '/login/linus');
      await post(laptop, app, '/logout');
      assert.equal((await phone.call(app, '/me')).json.user, null, 'the other device is logged out');
      await post(laptop, app, '/login/linus');
      assert.equal((await laptop.call(app, '/me')).json.user, 'linus', 'logging in again works');
      await new CookieJar().call(app, '/revoke/linus');
      assert.equal((await laptop.call(app, '/me')).json.user, null);
    });

    it('while Redis is down: answers views that do not use the session, 503 with Retry-After for those that do, and recovers', async () => {
      const log = new LogLines();
      const watched = await storeApp(settings(), log);
      const errors: unknown[] = [];
      const realError = console.error;
      console.error = (...args: unknown[]) => void errors.push(args);
      try {
        const jar = new CookieJar();
        await post(jar, watched, '/login/ada');
        await redis.stop();
        for (let attempt = 0; attempt < 5; attempt++) {
          assert.equal((await jar.call(watched, '/plain')).status, 200, 'the session is not loaded');
          const used = await jar.call(watched, '/me');
          assert.deepEqual([used.status, used.json], [503, { unavailable: true }]);
          assert.equal(used.headers['retry-after'], '5');
          const fresh = await post(new CookieJar(), watched, '/login/bob');
          assert.equal(fresh.status, 503, 'a session that cannot be saved');
        }
        assert.equal(log.withCode('ZIG_ERR_REDIS_UNAVAILABLE').length, 1, 'one line per outage');
        await redis.restart();
        let back = await post(jar, watched, '/login/ada');
        for (let attempt = 0; attempt < 100 && back.status === 503; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          back = await post(jar, watched, '/login/ada');
        }
        assert.equal(back.status, 200, 'Redis is used again once it is back');
        assert.equal((await jar.call(watched, '/me')).json.user, 'ada');
        const lines = log.withCode('ZIG_ERR_REDIS_UNAVAILABLE');
        assert.deepEqual(
          lines.map((line) => line.level),
          [50, 30],
          'one error line when it went away, one info line when it came back',
        );
        assert.deepEqual(errors, [], 'nothing printed to the console (no "Unhandled error event")');
      } finally {
        console.error = realError;
        await redis.restart();
        await watched.close();
      }
    });
  });
}
