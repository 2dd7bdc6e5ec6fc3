// One app process for the cross-process WebSocket tests (spawned by websocket-redis.test.ts): a chat room
// as a WebSocket view on a broadcaster channel (what a socket sends is published, what is published is
// sent to every socket of the room, in whichever process), and a view that publishes from HTTP. Prints
// its port, then serves until SIGTERM.
import { Configurator, type Request, Response, type WebSocketConnection } from '../../lib/index.js';

// The test runner also runs every .js file under build/test as a test file: only a process spawned by the
// test (which sets this variable) serves, or the runner would wait on it forever.
if (process.env.ZIGGURAT_TEST_APP_PROCESS !== '1') process.exit(0);

const config = new Configurator({ settings: { 'realtime.redis': process.env.REDIS_URL } });
config.addRoute('room', '/room/{name}');
config.addRoute('publish', '/publish/{name}', { requestMethod: 'POST' });

const roomChannel = (request: Request) => `room:${String(request.matchdict.name)}`;

config.addWebSocketView(
  async (socket: WebSocketConnection, request: Request) => {
    const { broadcaster } = request.registry;
    const channel = roomChannel(request);
    const subscription = broadcaster.subscribe(channel, (message) =>
      socket.sendJson({ message, deliveredBy: process.pid }),
    );
    socket.onClose(() => subscription.unsubscribe());
    await subscription.ready; // subscribed on Redis: tell the client, so the test publishes only after
    socket.sendJson({ ready: process.pid });
    socket.onJson((value) => broadcaster.publish(channel, { said: value, publishedBy: process.pid }));
  },
  { routeName: 'room' },
);
config.addView(
  async (request: Request) => {
    await request.registry.broadcaster.publish(roomChannel(request), {
      posted: request.body,
      publishedBy: process.pid,
    });
    return new Response(null, { status: 204 });
  },
  { routeName: 'publish' },
);

const app = await config.makeApp({ logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
