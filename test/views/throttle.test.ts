// The rateLimit view option: @fastify/rate-limit's answers (headers, 429 with Retry-After) as a
// problem document, counted per view and per client, in memory or shared through Redis.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { ConfigurationError, Configurator, type RateLimitOptions, type Request } from '../../lib/index.js';
import { redisUrl, stopRedis } from '../redis.js';

function limitedApp(rateLimit: RateLimitOptions, settings: Record<string, unknown> = {}, route = 'items') {
  const config = new Configurator({ settings });
  config.addRoute(route, `/${route}`);
  config.addRoute('free', '/free');
  config.addView(() => ({ items: [] }), { routeName: route, renderer: 'json', rateLimit });
  config.addView(() => 'free', { routeName: 'free', renderer: 'string' });
  return config.makeApp();
}

describe('rateLimit: throttling a view', () => {
  after(stopRedis);

  it('answers 429 with Retry-After and a problem document past max in the window', async () => {
    const app = await limitedApp({ max: 2, timeWindow: '1 minute' });
    const first = await app.inject('/items');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-ratelimit-limit'], '2');
    assert.equal(first.headers['x-ratelimit-remaining'], '1');
    assert.equal(first.headers['x-ratelimit-reset'], '60');
    assert.equal((await app.inject('/items')).headers['x-ratelimit-remaining'], '0');
    const refused = await app.inject({ url: '/items', headers: { accept: '*/*' } });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '60');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    const problem = refused.json();
    assert.equal(problem.status, 429);
    assert.equal(problem.title, 'Too Many Requests');
    assert.match(problem.detail, /Rate limit exceeded, retry in 1 minute/);
    await app.close();
  });

  it('leaves views without a rate limit alone, and counts each client apart', async () => {
    const app = await limitedApp({ max: 1, timeWindow: 60_000 });
    const free = await app.inject('/free');
    assert.equal(free.headers['x-ratelimit-limit'], undefined);
    const from = (remoteAddress: string) => app.inject({ url: '/items', remoteAddress });
    assert.equal((await from('10.0.0.1')).statusCode, 200);
    assert.equal((await from('10.0.0.1')).statusCode, 429);
    assert.equal((await from('10.0.0.2')).statusCode, 200);
    // An IPv6 client is its /64 network, as @fastify/rate-limit counts it.
    assert.equal((await from('2001:db8:1:2::5')).statusCode, 200);
    assert.equal((await from('2001:db8:1:2:ffff::9')).statusCode, 429);
    assert.equal((await app.inject('/free')).statusCode, 200);
    await app.close();
  });

  it('keys by the client address trust_proxy lets Fastify see', async () => {
    const config = new Configurator();
    config.addRoute('items', '/items');
    config.addView(() => ({}), {
      routeName: 'items',
      renderer: 'json',
      rateLimit: { max: 1, timeWindow: 60_000 },
    });
    const app = await config.makeApp({ trustProxy: true });
    const via = (client: string) =>
      app.inject({ url: '/items', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    assert.equal((await via('203.0.113.1')).statusCode, 200);
    assert.equal((await via('203.0.113.2')).statusCode, 200);
    assert.equal((await via('203.0.113.1')).statusCode, 429);
    await app.close();
  });

  it('counts by the key function, which may be async, and starts a new window after timeWindow', async () => {
    const key = async (request: Request) => request.headerValue('x-user') ?? 'anonymous';
    const app = await limitedApp({ max: 1, timeWindow: 200, key });
    const as = (user: string) => app.inject({ url: '/items', headers: { 'x-user': user } });
    assert.equal((await as('ann')).statusCode, 200);
    assert.equal((await as('bob')).statusCode, 200);
    const refused = await as('ann');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '1');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal((await as('ann')).statusCode, 200);
    await app.close();
  });

  it('refuses a wrong rateLimit where addView is called', () => {
    const config = new Configurator();
    const wrong = (rateLimit: unknown, pattern: RegExp) =>
      assert.throws(
        () => config.addView(() => ({}), { rateLimit: rateLimit as RateLimitOptions }),
        (error: unknown) =>
          error instanceof ConfigurationError &&
          error.code === 'ZIG_ERR_CONFIG_OPTION' &&
          pattern.test(error.message) &&
          /throttle\.test\.ts:\d+/.test(error.message),
      );
    wrong({ max: 1, timeWindow: 'soon' }, /timeWindow must be a positive number/);
    wrong({ max: -1, timeWindow: 10 }, /max must be a whole number/);
    wrong({ max: 1, timeWindow: 10, window: 5 }, /unknown option window \(options: max, timeWindow, key\)/);
    wrong({ max: 1, timeWindow: 10, key: 'ip' }, /key must be a function/);
  });

  it('declares the ratelimit settings, so a typo is warned about', async () => {
    const config = new Configurator({ settings: { 'ratelimit.rediss': 'redis://x' } });
    await config.commit();
    const [warning] = config.registry.settingsWarnings;
    assert.match(warning?.message ?? '', /'ratelimit\.rediss'.*did you mean 'ratelimit\.redis'/);
  });

  it('answers 503 with Retry-After, never an unlimited pass, while Redis cannot be reached', async () => {
    // Nothing listens on port 1: every count fails, as when the Redis server is gone.
    const app = await limitedApp(
      { max: 5, timeWindow: '1 minute' },
      { 'ratelimit.redis': 'redis://127.0.0.1:1' },
    );
    try {
      const refused = await app.inject({ url: '/items', headers: { accept: 'application/json' } });
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.headers['retry-after'], '2');
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      assert.equal((await app.inject('/free')).statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('shares one limit between two app instances through ratelimit.redis', async () => {
    const settings = { 'ratelimit.redis': await redisUrl() };
    const route = `items-${randomUUID()}`; // a fresh counter, whatever earlier runs left in Redis
    const one = await limitedApp({ max: 3, timeWindow: '1 minute' }, settings, route);
    const two = await limitedApp({ max: 3, timeWindow: '1 minute' }, settings, route);
    const statuses = [];
    for (const app of [one, two, one, two]) statuses.push((await app.inject(`/${route}`)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const refused = await one.inject(`/${route}`);
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 55);
    await one.close();
    await two.close();
  });
});
