// The broadcaster on Redis (`realtime.redis`): two app processes, a client streaming from one receives
// what the other publishes; when Redis goes away and comes back the subscription recovers, and the
// processes keep answering ordinary requests meanwhile.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { Configurator } from '../../lib/index.js';
import { openEventStream } from '../../lib/testing/index.js';
import { freePort, redisUrl, stopRedis } from '../redis.js';
import { type AppProcess, startAppProcess, stopAppProcess } from './app-process.js';

const children: ChildProcess[] = [];
const startProcess = (url: string) => startAppProcess('broadcaster-process.js', url, children);
const stopProcess = stopAppProcess;

function publish(app: AppProcess, channel: string, message: unknown) {
  return fetch(`${app.base}/publish/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
}

/** openEventStream needs an app; against another process, a listening stand-in pointing at its port. */
async function streamFrom(app: AppProcess, channel: string) {
  const { port } = new URL(app.base);
  const stand = {
    server: {
      listening: true,
      address: () => ({ port: Number(port), address: '127.0.0.1', family: 'IPv4' }),
    },
  };
  const stream = await openEventStream(stand as never, `/channel/${channel}`, { timeout: 10_000 });
  const ready = await stream.next();
  assert.equal(ready?.event, 'ready');
  return stream;
}

function startRedisOn(port: number): ChildProcess {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  children.push(child);
  return child;
}

async function waitFor<T>(attempt: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await attempt().catch(() => undefined);
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe('broadcaster on Redis: across processes', () => {
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    stopRedis();
  });

  it('a client streaming from one process receives what another process publishes', async () => {
    const url = await redisUrl();
    const [first, second] = await Promise.all([startProcess(url), startProcess(url)]);
    const channel = `news-${randomUUID()}`;
    const stream = await streamFrom(first, channel);
    const response = await publish(second, channel, { headline: 'from the other process', n: 1 });
    assert.equal(response.status, 204);
    const event = await stream.next();
    assert.deepEqual(event?.json(), { headline: 'from the other process', n: 1 });
    stream.close();
    await Promise.all([stopProcess(first), stopProcess(second)]);
  });

  it('recovers its subscriptions when Redis comes back, answering ordinary requests meanwhile', {
    skip: hasRedisServer ? false : 'redis-server is not installed',
  }, async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let redis = startRedisOn(port);
    const [first, second] = await waitFor(async () => {
      const started = await Promise.all([startProcess(url), startProcess(url)]);
      return started;
    }, 5000);
    const channel = `outage-${randomUUID()}`;
    const stream = await streamFrom(first, channel);
    assert.equal((await publish(second, channel, 'before')).status, 204);
    assert.equal((await stream.next())?.data, 'before');

    redis.kill('SIGKILL');
    await once(redis, 'exit');
    // Ordinary requests are answered; publishing fails fast with a clear code instead of hanging.
    for (const app of [first, second]) assert.equal(await (await fetch(`${app.base}/ping`)).text(), 'pong');
    const started = Date.now();
    const refused = await publish(second, channel, 'lost');
    assert.equal(refused.status, 503);
    assert.deepEqual(await refused.json(), { code: 'ZIG_ERR_REDIS_UNAVAILABLE' });
    assert.ok(Date.now() - started < 2500, `publish answered in ${Date.now() - started} ms`);

    redis = startRedisOn(port);
    // Once the subscriber connection is back and subscribed again, a publish reaches the open stream.
    const received = await waitFor(async () => {
      const response = await publish(second, channel, 'after');
      if (response.status !== 204) return undefined;
      const event = await stream.next(500).catch(() => undefined);
      return event ?? undefined;
    }, 15_000);
    assert.equal(received.data, 'after');
    stream.close();
    await Promise.all([stopProcess(first), stopProcess(second)]);
    redis.kill('SIGKILL');
  });

  it('closes its Redis connections when the app closes', async () => {
    const url = await redisUrl();
    const config = new Configurator({ settings: { 'realtime.redis': url } });
    const app = await config.makeApp();
    const subscription = config.registry.broadcaster.subscribe(`closing-${randomUUID()}`, () => {});
    await subscription.ready;
    await config.registry.broadcaster.publish('closing', 1);
    const started = Date.now();
    await app.close();
    // Nothing holds the event loop: the test process would not exit otherwise (node --test waits).
    assert.ok(Date.now() - started < 2000);
    assert.equal(config.registry.broadcaster.usesRedis, true);
  });
});
