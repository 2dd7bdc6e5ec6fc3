// ziggurat/testing's WebSocket helpers: without a port, and on an ephemeral port.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, type WebSocketConnection } from '../../lib/index.js';
import { connectWebSocket, injectWebSocket, WebSocketRefused } from '../../lib/testing/index.js';

async function greeter() {
  const config = new Configurator();
  config.addRoute('hello', '/hello/{name}');
  config.addWebSocketView(
    (socket: WebSocketConnection, request) => socket.sendJson({ hello: request.matchdict.name }),
    { routeName: 'hello' },
  );
  return config.makeApp();
}

describe('WebSocket testing helpers', () => {
  it('injectWebSocket opens a socket without listening, and reports a refusal with its status', async () => {
    const app = await greeter();
    try {
      const socket = await injectWebSocket(app, '/hello/ada');
      assert.deepEqual(await socket.nextJson(), { hello: 'ada' });
      assert.equal(app.server.listening, false);
      await assert.rejects(
        injectWebSocket(app, '/nowhere'),
        (error) => error instanceof WebSocketRefused && error.statusCode === 404,
      );
    } finally {
      await app.close();
    }
  });

  it('connectWebSocket starts the app on an ephemeral port of 127.0.0.1', async () => {
    const app = await greeter();
    try {
      const socket = await connectWebSocket(app, '/hello/bob');
      assert.deepEqual(await socket.nextJson(), { hello: 'bob' });
      assert.equal(app.server.listening, true);
      await assert.rejects(connectWebSocket(app, '/nowhere'), { statusCode: 404 });
      assert.deepEqual(await socket.close(4000, 'done'), { code: 4000, reason: 'done' });
    } finally {
      await app.close();
    }
  });

  it('nextMessage fails after its timeout rather than hanging', async () => {
    const config = new Configurator();
    config.addRoute('quiet', '/quiet');
    config.addWebSocketView(() => {}, { routeName: 'quiet' });
    const app = await config.makeApp();
    try {
      const socket = await injectWebSocket(app, '/quiet', { timeout: 50 });
      await assert.rejects(socket.nextMessage(), /No WebSocket message within 50 ms/);
    } finally {
      await app.close();
    }
  });

  it('injectWebSocket says so for an app without WebSocket views', async () => {
    const app = await new Configurator().makeApp();
    await assert.rejects(injectWebSocket(app, '/'), /no WebSocket views/);
    await app.close();
  });
});
