import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import * as session from '../../../addons/session/index.js';
import { RedisSessionStore } from '../../../addons/session/index.js';
import type { Configurator, Request, Settings } from '../../../lib/index.js';
import { appWith, CookieJar, call } from '../../helpers.js';
import { redisUrl, stopRedis } from '../../redis.js';

const SECRET = 'a-test-secret-that-is-long-enough-0001';
const PREFIX = `ziggurat-test:${process.pid}:`;

function routes(config: Configurator) {
  config.include(session);
  config.addRoute('login', '/login/{user}');
  config.addRoute('me', '/me');
  config.addRoute('logout', '/logout');
  config.addView(
    (request: Request) => {
      request.session.set('user', request.matchdict.user);
      return 'in';
    },
    { routeName: 'login', renderer: 'string' },
  );
  config.addView((request: Request) => ({ user: request.session.get('user') ?? null }), {
    routeName: 'me',
    renderer: 'json',
  });
  config.addView(
    (request: Request) => {
      request.session.invalidate();
      return 'out';
    },
    { routeName: 'logout', renderer: 'string' },
  );
}

describe('session add-on (Redis store)', () => {
  let url = '';
  let redis: Redis;

  before(async () => {
    url = await redisUrl();
    redis = new Redis(url);
  });

  after(async () => {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    stopRedis();
  });

  function redisApp(settings: Settings = {}) {
    return appWith(routes, {
      settings: {
        'session.secret': SECRET,
        'session.store': 'redis',
        'session.redis.url': url,
        'session.redis.prefix': PREFIX,
        ...settings,
      },
    });
  }

  it('keeps the data in Redis and only a signed id in the cookie', async () => {
    const app = await redisApp();
    const jar = new CookieJar();
    await jar.call(app, '/login/ada');
    const cookie = jar.cookies.get('session') ?? '';
    const [id = ''] = cookie.split('.');
    assert.ok(id.length >= 40);
    const stored = JSON.parse((await redis.get(`${PREFIX}${id}`)) ?? 'null');
    assert.equal(stored.data.user, 'ada');
    const ttl = await redis.ttl(`${PREFIX}${id}`);
    assert.ok(ttl > 1100 && ttl <= 1200, `ttl ${ttl}`);
    assert.deepEqual((await jar.call(app, '/me')).json, { user: 'ada' });
    await app.close();
  });

  it('is shared by two app instances, as on two machines', async () => {
    const one = await redisApp();
    const two = await redisApp();
    const jar = new CookieJar();
    await jar.call(one, '/login/grace');
    assert.deepEqual((await jar.call(two, '/me')).json, { user: 'grace' });
    await Promise.all([one.close(), two.close()]);
  });

  it('destroys the stored session on invalidate, and ignores a forged or unknown id', async () => {
    const app = await redisApp();
    const jar = new CookieJar();
    await jar.call(app, '/login/ada');
    const [id = '', signature = ''] = (jar.cookies.get('session') ?? '').split('.');
    await jar.call(app, '/logout');
    assert.equal(await redis.exists(`${PREFIX}${id}`), 0);
    assert.equal(jar.cookies.has('session'), false);
    for (const cookie of [`${id}.${signature}`, `${id}.forged`, 'unknown-id.abc', 'no-dot']) {
      const response = await call(app, { url: '/me', headers: { cookie: `session=${cookie}` } });
      assert.equal(response.status, 200);
      assert.deepEqual(response.json, { user: null });
    }
    await app.close();
  });

  it('gives a new id after invalidate, so a fixated id is worthless', async () => {
    const app = await appWith(
      (config) => {
        routes(config);
        config.addRoute('relogin', '/relogin');
        config.addView(
          (request: Request) => {
            request.session.invalidate();
            request.session.set('user', 'admin');
            return 'again';
          },
          { routeName: 'relogin', renderer: 'string' },
        );
      },
      {
        settings: {
          'session.secret': SECRET,
          'session.store': 'redis',
          'session.redis.url': url,
          'session.redis.prefix': PREFIX,
        },
      },
    );
    const jar = new CookieJar();
    await jar.call(app, '/login/guest');
    const before = jar.cookies.get('session');
    await jar.call(app, '/relogin');
    assert.notEqual(jar.cookies.get('session'), before);
    assert.deepEqual((await call(app, { url: '/me', headers: { cookie: `session=${before}` } })).json, {
      user: null,
    });
    await app.close();
  });

  it('uses a store given with setSessionStore, and leaves a client it was given open', async () => {
    const client = new Redis(url);
    const app = await appWith(
      (config) => {
        routes(config);
        config.setSessionStore(new RedisSessionStore({ client, prefix: PREFIX }));
      },
      { settings: { 'session.secret': SECRET } },
    );
    const jar = new CookieJar();
    await jar.call(app, '/login/ada');
    assert.equal((await redis.keys(`${PREFIX}*`)).length > 0, true);
    await app.close();
    assert.equal(await client.ping(), 'PONG');
    await client.quit();
  });
});
