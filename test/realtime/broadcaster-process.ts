// One app process for the cross-process broadcaster tests (spawned by broadcaster-redis.test.ts): an event
// stream of a channel, a view that publishes on it, and an ordinary view. Prints its port, then serves
// until SIGTERM.
import { Configurator, EventStream, type Request, Response } from '../../lib/index.js';

// The test runner also runs every .js file under build/test as a test file: only a process spawned by the
// test (which sets this variable) serves, or the runner would wait on it forever.
if (process.env.ZIGGURAT_TEST_APP_PROCESS !== '1') process.exit(0);

const config = new Configurator({
  settings: { 'realtime.redis': process.env.REDIS_URL, 'realtime.sse_keepalive': 1 },
});
config.addRoute('channel', '/channel/{name}');
config.addRoute('publish', '/publish/{name}', { requestMethod: 'POST' });
config.addRoute('ping', '/ping');

config.addView(
  (request: Request) => {
    const messages = request.registry.broadcaster.stream(String(request.matchdict.name), {
      signal: request.signal,
    });
    async function* events() {
      await messages.ready; // subscribed: tell the client, so the test publishes only after
      yield { event: 'ready', data: String(process.pid) };
      for await (const message of messages) yield { data: message };
    }
    return new EventStream(events());
  },
  { routeName: 'channel' },
);
config.addView(
  async (request: Request) => {
    try {
      await request.registry.broadcaster.publish(String(request.matchdict.name), request.body);
      return new Response(null, { status: 204 });
    } catch (error) {
      return Response.json({ code: (error as { code?: string }).code }, { status: 503 });
    }
  },
  { routeName: 'publish' },
);
config.addView(() => 'pong', { routeName: 'ping', renderer: 'string' });

const app = await config.makeApp({ logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
