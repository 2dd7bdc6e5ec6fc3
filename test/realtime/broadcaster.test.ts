// registry.broadcaster in memory: publish/subscribe by channel, JSON messages, failing handlers logged,
// unsubscribe, and broadcaster.stream as an event stream's source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, type Request, type ZigguratError } from '../../lib/index.js';
import { openEventStream } from '../../lib/testing/index.js';

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('broadcaster in memory', () => {
  it('delivers JSON copies of a message to every subscriber of its channel, and only them', async () => {
    const config = new Configurator();
    await config.commit();
    const broadcaster = config.registry.broadcaster;
    assert.equal(broadcaster.usesRedis, false);
    const seen: unknown[] = [];
    const news = broadcaster.subscribe('news', (message, channel) => seen.push(['a', channel, message]));
    broadcaster.subscribe('news', (message) => seen.push(['b', message]));
    broadcaster.subscribe('other', (message) => seen.push(['other', message]));
    await news.ready;
    const sent = { when: new Date(0), n: 1 };
    await broadcaster.publish('news', sent);
    assert.deepEqual(seen, [
      ['a', 'news', { when: '1970-01-01T00:00:00.000Z', n: 1 }],
      ['b', { when: '1970-01-01T00:00:00.000Z', n: 1 }],
    ]);
    news.unsubscribe();
    news.unsubscribe(); // twice is harmless
    await broadcaster.publish('news', 2);
    assert.deepEqual(seen.slice(2), [['b', 2]]);
  });

  it('refuses what is not JSON, and a channel that is not a non-empty string', async () => {
    const broadcaster = new Configurator().registry.broadcaster;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const message of [undefined, () => 1, cyclic, 10n]) {
      await assert.rejects(
        () => broadcaster.publish('news', message),
        (error: ZigguratError) => error.code === 'ZIG_ERR_BROADCAST_MESSAGE',
      );
    }
    await assert.rejects(
      () => broadcaster.publish('', 1),
      (error: ZigguratError) => error.code === 'ZIG_ERR_BROADCAST_MESSAGE',
    );
    assert.throws(
      () => broadcaster.subscribe('news', 'not a function' as never),
      (error: ZigguratError) => error.code === 'ZIG_ERR_BROADCAST_MESSAGE',
    );
  });

  it('logs a failing handler and still delivers to the others', async () => {
    const logged: unknown[] = [];
    const config = new Configurator();
    const app = await config.makeApp();
    const broadcaster = config.registry.broadcaster;
    const log = app.log as unknown as { error: (...args: unknown[]) => void };
    log.error = (...args: unknown[]) => void logged.push(args);
    const seen: unknown[] = [];
    broadcaster.subscribe('news', () => {
      throw new Error('sync failure');
    });
    broadcaster.subscribe('news', async () => {
      throw new Error('async failure');
    });
    broadcaster.subscribe('news', (message) => void seen.push(message));
    await broadcaster.publish('news', 'hello');
    await until(() => logged.length === 2);
    assert.deepEqual(seen, ['hello']);
    await app.close();
  });

  it('streams a channel to an event stream, published from a view, and unsubscribes when the client leaves', async () => {
    const config = new Configurator();
    config.addRoute('news', '/news');
    config.addRoute('publish', '/publish', { requestMethod: 'POST' });
    let stream: ReturnType<typeof config.registry.broadcaster.stream> | null = null;
    config.addView(
      (request: Request) => {
        stream = request.registry.broadcaster.stream('news');
        return stream.asEvents('headline');
      },
      { routeName: 'news', renderer: 'sse' },
    );
    config.addView(
      async (request: Request) => {
        await request.registry.broadcaster.publish('news', request.body);
        return { ok: true };
      },
      { routeName: 'publish', renderer: 'json' },
    );
    const app = await config.makeApp();
    const reader = await openEventStream(app, '/news');
    await until(() => stream !== null);
    await (stream as unknown as { ready: Promise<void> }).ready;
    const published = await app.inject({ method: 'POST', url: '/publish', payload: { headline: 'hi' } });
    assert.equal(published.statusCode, 200);
    const event = await reader.next();
    assert.deepEqual([event?.event, event?.json()], ['headline', { headline: 'hi' }]);
    const received: unknown[] = [];
    config.registry.broadcaster.subscribe('news', (message) => void received.push(message));
    reader.close();
    // The stream's subscription is gone once the client left: a new stream() would start over.
    const ended = (stream as unknown as AsyncIterator<unknown>).next();
    assert.deepEqual(await ended, { done: true, value: undefined });
    await config.registry.broadcaster.publish('news', 'still delivered to others');
    assert.deepEqual(received, ['still delivered to others']);
    await app.close();
  });

  it('ends broadcaster.stream when its signal aborts, and keeps at most maxQueued messages', async () => {
    const broadcaster = new Configurator().registry.broadcaster;
    const controller = new AbortController();
    const stream = broadcaster.stream('ticks', { signal: controller.signal, maxQueued: 2 });
    await stream.ready;
    for (const n of [1, 2, 3]) await broadcaster.publish('ticks', n);
    assert.deepEqual(await stream.next(), { done: false, value: 2 });
    assert.deepEqual(await stream.next(), { done: false, value: 3 });
    const pending = stream.next();
    controller.abort();
    assert.deepEqual(await pending, { done: true, value: undefined });
  });
});
