// The app's WebSocket server: graceful shutdown, decorators and scan, configuration mistakes, settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Configurator,
  closeGracefully,
  type Request,
  type WebSocketConnection,
  type WebSocketMessage,
  webSocketViewConfig,
} from '../../lib/index.js';
import { connectWebSocket, injectWebSocket } from '../../lib/testing/index.js';

describe('WebSocket server', () => {
  it('closes open sockets with 1001 on graceful shutdown, once the requests in flight have finished', async () => {
    let finishSlow: () => void = () => {};
    let slowStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      slowStarted = resolve;
    });
    const config = new Configurator();
    config.addRoute('slow', '/slow');
    config.addView(
      async () => {
        slowStarted();
        await new Promise<void>((resolve) => {
          finishSlow = resolve;
        });
        return { done: true };
      },
      { routeName: 'slow', renderer: 'json' },
    );
    config.addRoute('ws', '/ws');
    config.addWebSocketView(() => {}, { routeName: 'ws' });
    const app = await config.makeApp();
    const socket = await connectWebSocket(app, '/ws');
    const { port } = app.server.address() as { port: number };
    const slow = fetch(`http://127.0.0.1:${port}/slow`).then((response) => response.json());
    await started;
    let socketClosedAt = 0;
    void socket.closed.then(() => {
      socketClosedAt = Date.now();
    });
    const closing = closeGracefully(app, { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(socketClosedAt, 0, 'the socket stays open while a request is in flight');
    const answeredAt = Date.now();
    finishSlow();
    assert.deepEqual(await slow, { done: true });
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'Server shutting down' });
    assert.ok(socketClosedAt >= answeredAt);
    await closing;
  });

  it('registers a class declared with @webSocketViewConfig through scan', async () => {
    @webSocketViewConfig({ routeName: 'shout' })
    class Shout {
      onMessage(message: WebSocketMessage, socket: WebSocketConnection) {
        socket.send(String(message).toUpperCase());
      }
    }
    const config = new Configurator();
    config.addRoute('shout', '/shout');
    config.scan(Shout);
    const app = await config.makeApp();
    try {
      const client = await injectWebSocket(app, '/shout');
      client.send('hey');
      assert.equal(await client.nextMessage(), 'HEY');
    } finally {
      await app.close();
    }
  });

  it('refuses options that mean nothing for a WebSocket view, at the call', () => {
    const config = new Configurator();
    assert.throws(
      () => config.addWebSocketView(() => {}, { renderer: 'json' } as never),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_CONFIG_OPTION' &&
        /'renderer' option does not apply/.test(error.message) &&
        /websocket-server\.test\.(ts|js):\d+/.test(error.message),
    );
    assert.throws(
      () => config.addWebSocketView(class Empty {} as never),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_CONFIG_OPTION' && /neither onOpen/.test(error.message),
    );
  });

  it('names both call sites when two WebSocket views claim the same route and predicates', async () => {
    const config = new Configurator();
    config.addRoute('ws', '/ws');
    config.addWebSocketView(() => {}, { routeName: 'ws' });
    config.addWebSocketView(() => {}, { routeName: 'ws' });
    await assert.rejects(
      config.commit(),
      (error: Error & { code?: string }) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
    );
  });

  it('fails makeApp on a bad realtime setting and warns about a misspelt one', async () => {
    const bad = new Configurator({ settings: { 'realtime.ping_interval': 'often' } });
    bad.addRoute('ws', '/ws');
    bad.addWebSocketView(() => {}, { routeName: 'ws' });
    await assert.rejects(
      bad.makeApp(),
      (error: Error & { code?: string }) => error.code === 'ZIG_ERR_SETTINGS_VALUE',
    );
    const typo = new Configurator({ settings: { 'realtime.idle_timout': 5 } });
    await typo.commit();
    assert.ok(typo.registry.settingsWarnings.some((warning) => /idle_timeout/.test(warning.message)));
  });

  it('gives an upgrade that reaches an ordinary view its answer and leaves no connection behind', async () => {
    const config = new Configurator();
    config.addRoute('page', '/page');
    config.addView(() => ({ page: true }), { routeName: 'page', renderer: 'json' });
    config.addRoute('ws', '/ws');
    config.addWebSocketView(() => {}, { routeName: 'ws' });
    const app = await config.makeApp();
    try {
      await assert.rejects(connectWebSocket(app, '/page'), { statusCode: 200 });
      const connections = () =>
        new Promise<number>((resolve) => app.server.getConnections((_error, count) => resolve(count)));
      for (let tries = 0; tries < 50 && (await connections()) > 0; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(await connections(), 0);
    } finally {
      await app.close();
    }
  });

  it('keeps an ordinary view with webSocket: false from answering upgrades', async () => {
    const config = new Configurator();
    config.addRoute('page', '/page');
    config.addView((request: Request) => ({ path: request.path }), {
      routeName: 'page',
      renderer: 'json',
      webSocket: false,
    });
    config.addRoute('ws', '/ws');
    config.addWebSocketView(() => {}, { routeName: 'ws' });
    const app = await config.makeApp();
    try {
      assert.equal((await app.inject('/page')).statusCode, 200);
      await assert.rejects(injectWebSocket(app, '/page'), { statusCode: 404 });
    } finally {
      await app.close();
    }
  });
});
