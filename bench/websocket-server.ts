// A server child of the WebSocket scale bench (run with --expose-gc): one side, listening on
// 127.0.0.1, each WebSocket on /socket joined to one broadcast, and POST /publish sending its JSON body
// to every socket. Plain: @fastify/websocket, the sockets in a Set, sent to one by one. Ziggurat: a
// WebSocket view subscribing each socket to a broadcaster channel, and a view that publishes on it.
// Answers the parent's questions over IPC: how many sockets are open, and the memory in use.
import { writeHeapSnapshot } from 'node:v8';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';
import { Configurator, type Request, Response, type WebSocketConnection } from '../lib/index.js';

/** What the parent asks. */
export type ServerQuestion = { type: 'count' } | { type: 'memory' } | { type: 'snapshot'; path: string };

/** The memory a server child uses after two full collections, in bytes. */
export interface ServerMemory {
  readonly rss: number;
  readonly heapUsed: number;
}

const CHANNEL = 'bench';
let open = 0;

async function plain() {
  const app = Fastify();
  await app.register(websocket);
  const sockets = new Set<WebSocket>();
  app.get('/socket', { websocket: true }, (socket) => {
    sockets.add(socket);
    open++;
    socket.on('close', () => {
      sockets.delete(socket);
      open--;
    });
  });
  app.post('/publish', async (request, reply) => {
    const text = JSON.stringify(request.body);
    for (const socket of sockets) socket.send(text);
    return reply.code(204).send();
  });
  return app;
}

async function ziggurat() {
  const config = new Configurator();
  config.addRoute('socket', '/socket');
  config.addRoute('publish', '/publish', { requestMethod: 'POST' });
  config.addWebSocketView(
    (socket: WebSocketConnection, request: Request) => {
      const subscription = request.registry.broadcaster.subscribe(CHANNEL, (message) =>
        socket.sendJson(message),
      );
      open++;
      socket.onClose(() => {
        subscription.unsubscribe();
        open--;
      });
    },
    { routeName: 'socket' },
  );
  config.addView(
    async (request: Request) => {
      await request.registry.broadcaster.publish(CHANNEL, request.body);
      return new Response(null, { status: 204 });
    },
    { routeName: 'publish' },
  );
  return config.makeApp();
}

function memory(): ServerMemory {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run the WebSocket bench server with --expose-gc');
  // Twice: what the first collection's finalizers release goes in the second.
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

function answer(question: ServerQuestion): unknown {
  if (question.type === 'count') return { open };
  if (question.type === 'memory') return memory();
  writeHeapSnapshot(question.path);
  return { written: question.path };
}

async function main(): Promise<void> {
  const side = process.argv[2];
  if (side !== 'plain' && side !== 'ziggurat') throw new Error(`unknown side ${side}`);
  const app = side === 'plain' ? await plain() : await ziggurat();
  // A backlog as deep as the clients' connects in flight can be, so none waits for a SYN retry.
  await app.listen({ host: '127.0.0.1', port: 0, backlog: 1024 });
  const address = app.server.address();
  process.on('message', (question: ServerQuestion) => process.send?.(answer(question)));
  // Stopped by the parent: exit as a program does, so that what BENCH_NODE_FLAGS asked for (a CPU profile) is written.
  process.once('SIGTERM', () => process.exit(0));
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
