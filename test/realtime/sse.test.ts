// Server-sent events: `renderer: 'sse'` and EventStream through ordinary dispatch (security, tweens),
// framing, keep-alive comments, Last-Event-ID, and the source's return() when the client goes away.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  ACLHelper,
  Allow,
  type ConfigurationError,
  Configurator,
  closeGracefully,
  EventStream,
  Everyone,
  formatEvent,
  HTTPFound,
  type Request,
  type SecurityPolicy,
  type ZigguratError,
} from '../../lib/index.js';
import { openEventStream } from '../../lib/testing/index.js';

/** A source that records whether its iterator was returned, and never ends by itself. */
function endlessSource(first: unknown[]) {
  const state = { returned: false, pulls: 0 };
  const source = {
    [Symbol.asyncIterator]() {
      return {
        next: () => {
          state.pulls++;
          const item = first.shift();
          if (item !== undefined) return Promise.resolve({ done: false as const, value: item });
          return new Promise<IteratorResult<unknown>>(() => {});
        },
        return: () => {
          state.returned = true;
          return Promise.resolve({ done: true as const, value: undefined });
        },
      };
    },
  };
  return { source, state };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function appWith(view: (request: Request) => unknown, settings: Record<string, unknown> = {}) {
  const config = new Configurator({ settings });
  config.addRoute('events', '/events');
  config.addView(view, { routeName: 'events', renderer: 'sse' });
  return config.makeApp();
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

describe('server-sent events: framing', () => {
  it('sends each item as an event, with id, event, retry and multi-line data', async () => {
    const app = await appWith(async function* () {
      yield 'plain text';
      yield { id: '7', event: 'price', data: { symbol: 'ZIG', price: 12.5 } };
      yield { data: 'line one\nline two\r\nline three' };
      yield { retry: 3000 };
    });
    const stream = await openEventStream(app, '/events');
    assert.equal(stream.status, 200);
    assert.equal(stream.headers['content-type'], 'text/event-stream');
    assert.equal(stream.headers['cache-control'], 'no-cache, no-transform');
    assert.equal(stream.headers['x-accel-buffering'], 'no');
    const [plain, price, lines] = await stream.take(3);
    assert.deepEqual([plain?.event, plain?.data, plain?.id], ['message', 'plain text', undefined]);
    assert.deepEqual(
      [price?.event, price?.id, price?.json()],
      ['price', '7', { symbol: 'ZIG', price: 12.5 }],
    );
    assert.equal(lines?.data, 'line one\nline two\nline three');
    assert.equal(await stream.next(), null, 'the stream ends when the source does');
    assert.equal(stream.retry, 3000);
    await app.close();
  });

  it('refuses a field that would break the framing instead of sending it', () => {
    for (const bad of [
      { id: 'a\nid: forged', data: 'x' },
      { id: 'nul\0', data: 'x' },
      { event: 'evil\r\ndata: forged', data: 'x' },
      { retry: -1 },
      { retry: 1.5 },
      { data: 'x', extra: true },
      { event: 'nothing' },
      {},
      42,
      { data: () => {} },
    ]) {
      assert.throws(
        () => formatEvent(bad),
        (error: ZigguratError) => error.code === 'ZIG_ERR_SSE_EVENT',
        JSON.stringify(bad),
      );
    }
    assert.equal(formatEvent({ id: 3, data: 'a\nb' }), 'id: 3\ndata: a\ndata: b\n\n');
  });

  it('ends the stream and logs when the source yields a bad event, and returns the source', async () => {
    const { source, state } = endlessSource(['fine', { id: 'x\ny', data: 'bad' }]);
    const app = await appWith(() => source);
    const stream = await openEventStream(app, '/events');
    assert.equal((await stream.next())?.data, 'fine');
    assert.equal(await stream.next(), null);
    await until(() => state.returned);
    await app.close();
  });

  it('answers 500 at once when a view with renderer sse returns no iterable', async () => {
    const app = await appWith(() => 42);
    const response = await app.inject('/events');
    assert.equal(response.statusCode, 500);
    await app.close();
  });

  it('lets an sse view return a Response instead (a redirect)', async () => {
    const app = await appWith(() => new HTTPFound('/elsewhere'));
    const response = await app.inject('/events');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/elsewhere');
    await app.close();
  });

  it('serves an EventStream returned by any view, with its retry sent first and its headers', async () => {
    const config = new Configurator();
    config.addRoute('ticks', '/ticks');
    config.addView(() => new EventStream(['a', 'b'], { retry: 2500, headers: { 'X-Stream': 'ticks' } }), {
      routeName: 'ticks',
    });
    const app = await config.makeApp();
    const stream = await openEventStream(app, '/ticks');
    assert.equal(stream.headers['x-stream'], 'ticks');
    assert.deepEqual(
      (await stream.take(3)).map((event) => event.data),
      ['a', 'b'],
    );
    assert.equal(stream.retry, 2500);
    await app.close();
  });

  it('answers HEAD with the headers of a stream and no body, never starting the source', async () => {
    const { source, state } = endlessSource(['x']);
    const app = await appWith(() => source);
    const response = await app.inject({ method: 'HEAD', url: '/events' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/event-stream');
    assert.equal(response.body, '');
    assert.equal(state.pulls, 0, 'a HEAD never starts the source');
    await app.close();
  });
});

describe('server-sent events: keep-alive and reconnection', () => {
  it('sends keep-alive comments while the source is quiet (realtime.sse_keepalive seconds)', async () => {
    const { source } = endlessSource(['hello']);
    const app = await appWith(() => source, { 'realtime.sse_keepalive': '0.05' });
    const stream = await openEventStream(app, '/events');
    assert.equal((await stream.next())?.data, 'hello');
    await until(() => stream.comments.filter((comment) => comment === 'keep-alive').length >= 2);
    stream.close();
    await app.close();
  });

  it('sends no keep-alive with realtime.sse_keepalive = 0', async () => {
    const { source } = endlessSource(['hello']);
    const app = await appWith(() => source, { 'realtime.sse_keepalive': 0 });
    const stream = await openEventStream(app, '/events');
    await stream.next();
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(!stream.comments.includes('keep-alive'));
    stream.close();
    await app.close();
  });

  it('fails the commit on a bad realtime setting, naming it', async () => {
    for (const settings of [{ 'realtime.sse_keepalive': 'soon' }, { 'realtime.redis': 'localhost:6379' }]) {
      const config = new Configurator({ settings });
      await assert.rejects(
        () => config.commit(),
        (error: ConfigurationError) =>
          error.code === 'ZIG_ERR_REALTIME_SETTING' &&
          error.message.includes(Object.keys(settings)[0] as string),
      );
    }
  });

  it('warns about a misspelt realtime setting', async () => {
    const config = new Configurator({ settings: { 'realtime.sse_keepalvie': '5' } });
    await config.commit();
    assert.ok(
      config.registry.settingsWarnings.some((warning) => warning.message.includes('realtime.sse_keepalive')),
    );
  });

  it('hands Last-Event-ID to the view as request.lastEventId, so it resumes after it', async () => {
    const app = await appWith(async function* (request) {
      const after = Number(request.lastEventId ?? 0);
      for (let id = after + 1; id <= after + 2; id++) yield { id: String(id), data: `item ${id}` };
    });
    const first = await openEventStream(app, '/events');
    assert.deepEqual(
      (await first.take(2)).map((event) => event.id),
      ['1', '2'],
    );
    const again = await openEventStream(app, '/events', { lastEventId: '41' });
    assert.deepEqual(
      (await again.take(2)).map((event) => event.data),
      ['item 42', 'item 43'],
    );
    await app.close();
  });
});

describe('server-sent events: the client goes away', () => {
  it('returns the source when an injected client aborts (no port)', async () => {
    const { source, state } = endlessSource(['one']);
    const app = await appWith(() => source);
    const stream = await openEventStream(app, '/events');
    assert.equal((await stream.next())?.data, 'one');
    assert.equal(state.returned, false);
    stream.close();
    await until(() => state.returned);
    await app.close();
  });

  it('returns the source and aborts request.signal when a real HTTP client disconnects', async () => {
    const { source, state } = endlessSource(['one']);
    let signal: AbortSignal | null = null;
    const app = await appWith((request) => {
      signal = request.signal;
      return source;
    });
    await listen(app);
    const stream = await openEventStream(app, '/events');
    assert.equal((await stream.next())?.data, 'one');
    stream.close();
    await until(() => state.returned && (signal as AbortSignal | null)?.aborted === true);
    await app.close();
  });

  it("runs an async generator's finally once its wait ends on request.signal", async () => {
    let cleaned = false;
    const app = await appWith(async function* (request) {
      try {
        yield 'open';
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
      } finally {
        cleaned = true;
      }
    });
    await listen(app);
    const stream = await openEventStream(app, '/events');
    await stream.next();
    stream.close();
    await until(() => cleaned);
    await app.close();
  });

  it('app.close() ends open streams instead of waiting for them', async () => {
    const { source, state } = endlessSource(['one']);
    const app = await appWith(() => source);
    await listen(app);
    const stream = await openEventStream(app, '/events');
    await stream.next();
    const started = Date.now();
    await app.close();
    await stream.ended;
    assert.ok(Date.now() - started < 1500, `closed in ${Date.now() - started} ms`);
    assert.equal(state.returned, true);
  });

  it('closeGracefully ends open streams long before its timeout', async () => {
    const { source } = endlessSource(['one']);
    const app = await appWith(() => source);
    await listen(app);
    const stream = await openEventStream(app, '/events');
    await stream.next();
    const started = Date.now();
    await closeGracefully(app, { timeout: 10_000 });
    await stream.ended;
    assert.ok(Date.now() - started < 3000, `closed in ${Date.now() - started} ms`);
  });
});

describe('server-sent events: ordinary dispatch', () => {
  class Guarded {
    __name__ = '';
    __parent__ = null;
    __acl__ = [[Allow, 'alice', 'watch']];
    __getitem__() {
      return undefined;
    }
  }

  const policy: SecurityPolicy = {
    identity: (request) => request.headerValue('x-user') ?? null,
    authenticatedUserid: (request) => request.headerValue('x-user') ?? null,
    permits: (request, context, permission) =>
      new ACLHelper().permits(
        context,
        [Everyone, ...(request.headerValue('x-user') ? [request.headerValue('x-user') as string] : [])],
        permission,
      ),
    remember: () => [],
    forget: () => [],
  };

  async function guardedApp(started: { count: number }) {
    const config = new Configurator({ rootFactory: () => new Guarded() });
    config.setSecurityPolicy(policy);
    config.addTween(function markTween(handler) {
      return async (request) => {
        const response = await handler(request);
        response.headers.set('X-Tween', 'seen');
        return response;
      };
    });
    config.addView(
      async function* () {
        started.count++;
        yield 'secret';
      },
      { name: 'watch', permission: 'watch', renderer: 'sse' },
    );
    return config.makeApp();
  }

  it('refuses with 403 before the source starts, and streams through tweens when permitted', async () => {
    const started = { count: 0 };
    const app = await guardedApp(started);
    const refused = await openEventStream(app, '/watch', { headers: { 'x-user': 'mallory' } });
    assert.equal(refused.status, 403);
    assert.notEqual(refused.headers['content-type'], 'text/event-stream');
    assert.equal(started.count, 0);
    const allowed = await openEventStream(app, '/watch', { headers: { 'x-user': 'alice' } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['x-tween'], 'seen');
    assert.equal((await allowed.next())?.data, 'secret');
    assert.equal(started.count, 1);
    await app.close();
  });

  it('refuses with 403 on a real connection too', async () => {
    const app = await guardedApp({ count: 0 });
    const port = await listen(app);
    const outgoing = httpRequest({
      port,
      host: '127.0.0.1',
      path: '/watch',
      headers: { accept: 'text/event-stream' },
    });
    outgoing.end();
    const [incoming] = (await once(outgoing, 'response')) as [import('node:http').IncomingMessage];
    assert.equal(incoming.statusCode, 403);
    incoming.resume();
    await app.close();
  });
});
