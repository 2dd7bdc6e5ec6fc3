// The socket a handler gets: JSON helpers, async iteration, class handlers, errors and limits.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  Configurator,
  inject,
  injectable,
  Request,
  type WebSocketConnection,
  type WebSocketMessage,
} from '../../lib/index.js';
import { connectWebSocket, injectWebSocket } from '../../lib/testing/index.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** An app with one WebSocket view at /ws, and the lines it logs. */
async function socketApp(
  handler: Parameters<Configurator['addWebSocketView']>[0],
  settings: Record<string, unknown> = {},
): Promise<{ app: FastifyInstance; logs: Array<Record<string, unknown>> }> {
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const config = new Configurator({ settings });
  config.addRoute('ws', '/ws');
  config.addWebSocketView(handler, { routeName: 'ws' });
  const app = await config.makeApp({ logger: { level: 'info', stream } });
  apps.push(app);
  return { app, logs };
}

/** `read()` once it stops changing (the same over 500 ms), or reaches 0; at most 10 s. */
async function settled(read: () => number): Promise<number> {
  let last = read();
  let same = 0;
  for (let waited = 0; waited < 10_000 && last > 0 && same < 5; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('WebSocketConnection', () => {
  it('sends and receives JSON', async () => {
    const { app } = await socketApp((socket: WebSocketConnection) => {
      socket.onJson((value) => socket.sendJson({ echo: value }));
    });
    const client = await injectWebSocket(app, '/ws');
    client.sendJson({ n: 1 });
    client.sendJson([2]);
    assert.deepEqual(await client.nextJson(), { echo: { n: 1 } });
    assert.deepEqual(await client.nextJson(), { echo: [2] });
  });

  it('closes with 1007 when a message meant as JSON is not', async () => {
    const { app } = await socketApp((socket: WebSocketConnection) => {
      socket.onJson(() => {});
    });
    const client = await injectWebSocket(app, '/ws');
    client.send('{oops');
    assert.equal((await client.closed).code, 1007);
  });

  it('iterates over messages, kept in order while the handler was busy before it listened', async () => {
    const { app } = await socketApp(async (socket: WebSocketConnection) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      let total = 0;
      for await (const value of socket.json()) {
        total += value as number;
        socket.sendJson({ total });
      }
    });
    const client = await injectWebSocket(app, '/ws');
    client.sendJson(1);
    client.sendJson(2);
    client.sendJson(3);
    assert.deepEqual(await client.nextJson(), { total: 1 });
    assert.deepEqual(await client.nextJson(), { total: 3 });
    assert.deepEqual(await client.nextJson(), { total: 6 });
  });

  it('runs a class handler made by the container, with the Request injected', async () => {
    @injectable()
    class Counter {
      count = 0;
      closedWith: number | null = null;
      constructor(@inject(Request) private readonly request: Request) {}
      onOpen(socket: WebSocketConnection) {
        socket.sendJson({ path: this.request.path });
      }
      onMessage(message: WebSocketMessage, socket: WebSocketConnection) {
        this.count++;
        socket.sendJson({ count: this.count, message: String(message) });
      }
    }
    const { app } = await socketApp(Counter);
    const client = await connectWebSocket(app, '/ws');
    assert.deepEqual(await client.nextJson(), { path: '/ws' });
    client.send('a');
    client.send('b');
    assert.deepEqual(await client.nextJson(), { count: 1, message: 'a' });
    assert.deepEqual(await client.nextJson(), { count: 2, message: 'b' });
    await client.close();
  });

  it("calls a class handler's onClose with the code and reason", async () => {
    let closed: [number, string] | null = null;
    let resolveClosed: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      resolveClosed = resolve;
    });
    class Room {
      onOpen() {}
      onClose(code: number, reason: string) {
        closed = [code, reason];
        resolveClosed();
      }
    }
    const { app } = await socketApp(Room);
    const client = await injectWebSocket(app, '/ws');
    await client.close(4001, 'leaving');
    await done;
    assert.deepEqual(closed, [4001, 'leaving']);
  });

  it('reports a close to listeners added before and after it, and to `closed` asked late', async () => {
    const seen: string[] = [];
    let held: WebSocketConnection | null = null;
    let bothCalled: () => void = () => {};
    const called = new Promise<void>((resolve) => {
      bothCalled = resolve;
    });
    const { app, logs } = await socketApp((socket: WebSocketConnection) => {
      held = socket;
      socket.onClose((code) => {
        seen.push(`first ${code}`);
        throw new Error('a close listener broke');
      });
      socket.onClose((code) => {
        seen.push(`second ${code}`);
        bothCalled();
      });
    });
    const client = await injectWebSocket(app, '/ws');
    await client.close(4002, 'bye');
    await called;
    const socket = held as WebSocketConnection | null;
    assert.ok(socket);
    assert.deepEqual(await socket.closed, { code: 4002, reason: 'bye' });
    await new Promise<void>((resolve) =>
      socket.onClose((code, reason) => {
        seen.push(`late ${code} ${reason}`);
        resolve();
      }),
    );
    assert.deepEqual(seen, ['first 4002', 'second 4002', 'late 4002 bye']);
    assert.equal(socket.isOpen, false);
    assert.ok(logs.some((line) => line.msg === 'A WebSocket close handler failed'));
  });

  it('closes the socket with 1011 and logs the error when a handler throws; the app keeps serving', async () => {
    const { app, logs } = await socketApp((socket: WebSocketConnection) => {
      socket.onMessage(async (message) => {
        if (message === 'boom') throw new Error('handler exploded');
        socket.send(message);
      });
    });
    const client = await injectWebSocket(app, '/ws');
    client.send('boom');
    assert.deepEqual(await client.closed, { code: 1011, reason: 'Internal error' });
    assert.ok(logs.some((line) => (line.err as { message?: string })?.message === 'handler exploded'));
    const again = await injectWebSocket(app, '/ws');
    again.send('fine');
    assert.equal(await again.nextMessage(), 'fine');
  });

  it('closes with 1011 when the handler function itself fails', async () => {
    const { app, logs } = await socketApp(async () => {
      throw new Error('open failed');
    });
    const client = await connectWebSocket(app, '/ws');
    assert.equal((await client.closed).code, 1011);
    assert.ok(logs.some((line) => (line.err as { message?: string })?.message === 'open failed'));
  });

  it('closes with 1009 a message over realtime.max_message_size', async () => {
    const { app } = await socketApp(
      (socket: WebSocketConnection) => {
        socket.onMessage((message) => socket.send(message));
      },
      { 'realtime.max_message_size': '1kb' },
    );
    const client = await connectWebSocket(app, '/ws');
    client.send('x'.repeat(1024));
    assert.equal(String(await client.nextMessage()).length, 1024);
    client.send('x'.repeat(1025));
    assert.equal((await client.closed).code, 1009);
  });

  it('stops reading from a client whose large messages wait for a slow handler, and loses none', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const sizes: number[] = [];
    const { app } = await socketApp((socket: WebSocketConnection) => {
      socket.onMessage(async (message) => {
        sizes.push(message.length);
        await gate;
      });
    });
    const client = await connectWebSocket(app, '/ws');
    const size = 512 * 1024;
    // 30 MiB in 60 messages: fewer than the 64 held that pause reading, so only their size can.
    for (let i = 0; i < 60; i++) client.send('x'.repeat(size));
    const left = await settled(() => client.raw.bufferedAmount);
    assert.ok(left > 8 * 1024 * 1024, `${left} bytes still to send`);
    assert.equal(sizes.length, 1, 'the handler is still on the first message');
    open();
    for (let i = 0; i < 500 && sizes.length < 60; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sizes.length, 60);
    assert.ok(sizes.every((length) => length === size));
    assert.equal(client.raw.bufferedAmount, 0);
  });

  it('closes a socket with no message for realtime.idle_timeout (1000), and keeps a chatty one', async () => {
    const { app } = await socketApp(
      (socket: WebSocketConnection) => {
        socket.onMessage(() => {});
      },
      { 'realtime.idle_timeout': 0.2 },
    );
    const idle = await connectWebSocket(app, '/ws');
    const chatty = await connectWebSocket(app, '/ws');
    const started = Date.now();
    const talking = setInterval(() => chatty.send('hi'), 50);
    try {
      assert.deepEqual(await idle.closed, { code: 1000, reason: 'Idle timeout' });
      assert.ok(Date.now() - started >= 190, 'not before the timeout');
      assert.equal(chatty.raw.readyState, chatty.raw.OPEN);
    } finally {
      clearInterval(talking);
    }
  });

  it('pings every realtime.ping_interval and cuts a client that stops answering', async () => {
    const cut: Array<Promise<{ code: number }>> = [];
    const { app } = await socketApp((socket: WebSocketConnection) => void cut.push(socket.closed), {
      'realtime.ping_interval': 0.05,
    });
    const answering = await connectWebSocket(app, '/ws');
    let pings = 0;
    answering.raw.on('ping', () => pings++);
    const silent = await connectWebSocket(app, '/ws');
    // A client that no longer reads its socket answers no ping.
    const socket = (silent.raw as unknown as { _socket: { pause(): void; destroy(): void } })._socket;
    socket.pause();
    assert.equal((await cut[1])?.code, 1006, 'cut without a close handshake');
    socket.destroy();
    assert.ok(pings >= 1);
    assert.equal(answering.raw.readyState, answering.raw.OPEN);
  });
});
