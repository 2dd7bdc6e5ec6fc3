// The Redis store against its own private redis-server: ids deleted at rotation, generations, and a hung or absent server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import * as session from '../../../addons/session/index.js';
import { RedisSessionStore } from '../../../addons/session/index.js';
import {
  Configurator,
  forget,
  type Request,
  remember,
  SessionAuthenticationHelper,
  type Settings,
} from '../../../lib/index.js';
import { CookieJar } from '../../helpers.js';
import { PrivateRedis } from './private-redis.js';
import { LogLines, SECRET } from './store-suite.js';

const PREFIX = 'faults:';

async function redisApp(url: string, settings: Settings = {}, log?: LogLines): Promise<FastifyInstance> {
  const config = new Configurator({
    settings: {
      'session.secret': SECRET,
      'session.store': 'redis',
      'session.redis.url': url,
      'session.redis.prefix': PREFIX,
      ...settings,
    },
  });
  config.include(session);
  const helper = new SessionAuthenticationHelper();
  config.setSecurityPolicy({
    identity: (request) => helper.authenticatedUserid(request),
    authenticatedUserid: (request) => helper.authenticatedUserid(request),
    permits: () => true,
    remember: (request, userid) => helper.remember(request, userid),
    forget: (request) => helper.forget(request),
  });
  config.addRoute('visit', '/visit');
  config.addRoute('login', '/login/{user}');
  config.addRoute('logout', '/logout');
  config.addRoute('me', '/me');
  config.addRoute('plain', '/plain');
  config.addView(
    (request: Request) => {
      request.session.set('visited', true);
      return 'hello';
    },
    { routeName: 'visit', renderer: 'string' },
  );
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
  config.addView(() => 'no session used', { routeName: 'plain', renderer: 'string' });
  return config.makeApp(log === undefined ? {} : { logger: { level: 'info', stream: log } });
}

/** The session id a jar's signed cookie carries. */
const idOf = (jar: CookieJar) => (jar.cookies.get('session') ?? '').split('.')[0] ?? '';

describe('the Redis session store, on a private redis-server', { timeout: 60_000 }, () => {
  let redis: PrivateRedis;
  let client: Redis;

  before(async () => {
    redis = await PrivateRedis.start();
    client = new Redis(redis.url);
    // This test's own client: the outages it causes are expected.
    client.on('error', () => {});
  });
  after(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('deletes a planted pre-login session id from Redis at log-in, and the session id at log-out', async () => {
    const app = await redisApp(redis.url);
    try {
      const jar = new CookieJar();
      await jar.call(app, '/visit');
      const planted = idOf(jar);
      assert.equal(await client.exists(`${PREFIX}${planted}`), 1);
      await jar.call(app, '/login/ada');
      const loggedIn = idOf(jar);
      assert.notEqual(loggedIn, planted);
      assert.equal(await client.exists(`${PREFIX}${planted}`), 0, 'the planted id is gone');
      await jar.call(app, '/logout');
      assert.equal(await client.exists(`${PREFIX}${loggedIn}`), 0, 'the logged-in id is gone');
    } finally {
      await app.close();
    }
  });

  it('keeps generations as long as a session can live, and not at all with session.revocation false', async () => {
    const app = await redisApp(redis.url, { 'session.timeout': 600 });
    const off = await redisApp(redis.url, { 'session.revocation': false });
    try {
      const jar = new CookieJar();
      await jar.call(app, '/login/grace');
      await jar.call(app, '/logout');
      const ttl = await client.ttl(`${PREFIX}generation:grace`);
      assert.ok(ttl > 600 && ttl <= 660, `the generation is kept ${ttl} s`);
      const laptop = new CookieJar();
      const phone = new CookieJar();
      await laptop.call(off, '/login/linus');
      await phone.call(off, '/login/linus');
      await laptop.call(off, '/logout');
      assert.equal(await client.exists(`${PREFIX}generation:linus`), 0);
      assert.deepEqual((await phone.call(off, '/me')).json, { user: 'linus' }, 'only this session ends');
    } finally {
      await Promise.all([app.close(), off.close()]);
    }
  });

  it('answers 503 for the session, not a hang, while Redis is frozen, and recovers when it thaws', async () => {
    const log = new LogLines();
    const app = await redisApp(redis.url, { 'session.redis.timeout': 200 }, log);
    const jar = new CookieJar();
    try {
      await jar.call(app, '/login/ada');
      redis.pause();
      const used = await jar.call(app, '/me');
      assert.equal(used.status, 503);
      assert.equal(used.headers['retry-after'], '5');
      assert.equal((await jar.call(app, '/plain')).status, 200, 'a view that never uses the session');
      assert.equal(log.withCode('ZIG_ERR_REDIS_UNAVAILABLE').length, 1);
      redis.resume();
      assert.deepEqual((await jar.call(app, '/me')).json, { user: 'ada' });
      assert.equal(log.withCode('ZIG_ERR_REDIS_UNAVAILABLE').length, 2, 'and one line when it is back');
    } finally {
      redis.resume();
      await app.close();
    }
  });

  it('starts, and answers 503, when Redis is not there at all; a given client is left open', async () => {
    const nowhere = await PrivateRedis.start();
    await nowhere.stop();
    const app = await redisApp(nowhere.url);
    try {
      const fresh = await new CookieJar().call(app, '/visit');
      assert.equal(fresh.status, 503);
      assert.equal(fresh.headers['retry-after'], '5');
      assert.equal((await new CookieJar().call(app, '/plain')).status, 200);
    } finally {
      await app.close();
    }
    const own = new Redis(redis.url);
    const store = new RedisSessionStore({ client: own, prefix: PREFIX });
    await store.close();
    assert.equal(await own.ping(), 'PONG');
    own.disconnect();
  });
});
