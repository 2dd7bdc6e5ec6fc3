// A server process of `serve --reload`: a cluster worker that serves until the reloader replaces or stops it.
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadApp } from '../config/app-loader.js';
import type { CliIO } from './command.js';
import { shutdownSignals } from './signals.js';

/** The environment variable the reloader sets for its server processes (`ziggurat serve` runs this file's code). */
export const RELOAD_WORKER_ENV = 'ZIGGURAT_RELOAD_WORKER';

/**
 * Resolves when the reloader asks this process to stop (SIGTERM), or the terminal does (its Ctrl-C
 * reaches every process of the group); the signals after the first are ignored.
 */
function stopRequested(): { requested: Promise<void>; dispose(): void } {
  const signals = shutdownSignals({ supervised: true });
  return { requested: signals.first.then(() => undefined), dispose: () => signals.dispose() };
}

/** What a worker sends its reloader once its listener is closed, and what the reloader answers. */
export const HANDED_OVER = 'ziggurat:handed-over';
export const HANDED_OVER_SEEN = 'ziggurat:handed-over-seen';

/** Whether an IPC message is the reloader's message of this type. */
export function isReloadMessage(
  message: unknown,
  type: typeof HANDED_OVER | typeof HANDED_OVER_SEEN,
): boolean {
  return (message as { type?: unknown } | null)?.type === type;
}

/** How long a worker waits for that answer (a reloader that is gone never answers). */
const SEEN_WAIT_MS = 5000;

/**
 * Wait until the cluster primary has taken this worker off the listener. Closing it only sends the
 * primary a message, and the primary may already have handed this worker a new connection, which is
 * lost if the worker exits before reading it: its client then waits forever. The primary reads the
 * worker's messages in order, so its answer to the message sent after the close comes after every
 * connection it handed over before; those this worker refuses, and the primary gives them to the
 * newer server.
 */
function primarySawClose(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve();
    };
    const onMessage = (message: unknown) => {
      if (isReloadMessage(message, HANDED_OVER_SEEN)) done();
    };
    const timer = setTimeout(done, SEEN_WAIT_MS);
    process.on('message', onMessage);
    send({ type: HANDED_OVER });
  });
}

/** A connection left idle this long is closed; a request on it sooner is answered, with `Connection: close`. */
const IDLE_GRACE_MS = 1000;
const REAP_MS = 100;

/**
 * When each connection of `server` last went idle (undefined while a request is in flight), from the
 * moment it listens: a connection is closed at hand-over only after IDLE_GRACE_MS idle, since closing
 * one the moment its client sends the next request on it fails that request (ECONNRESET).
 */
function trackIdle(server: HttpServer): Map<Socket, number | undefined> {
  const idleSince = new Map<Socket, number | undefined>();
  server.on('connection', (socket: Socket) => {
    idleSince.set(socket, Date.now());
    socket.once('close', () => idleSince.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    idleSince.set(socket, undefined);
    response.once('close', () => {
      if (idleSince.has(socket)) idleSince.set(socket, Date.now());
    });
  });
  return idleSince;
}

/**
 * Stop serving without refusing or failing a request. The listener closes at once, which in a cluster
 * worker only tells the primary (which holds the socket) to hand new connections to the newer server;
 * every response from now on says `Connection: close`, so a keep-alive client moves to the newer server
 * after its next answer; connections idle for IDLE_GRACE_MS close, and after `timeout` ms the rest are
 * cut. Once no connection is left, the app closes (its onClose hooks run).
 */
async function handOver(app: FastifyInstance, idleSince: Map<Socket, number | undefined>, timeout: number) {
  const server = app.server;
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.httpVersionMajor < 2 && !response.headersSent) response.setHeader('connection', 'close');
  });
  // net's close, not http's: http's also closes the idle connections at once, racing their clients.
  const drained = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  const seen = primarySawClose();
  const reaper = setInterval(() => {
    const now = Date.now();
    for (const [socket, since] of idleSince)
      if (since !== undefined && now - since >= IDLE_GRACE_MS) socket.destroy();
  }, REAP_MS);
  const cut = setTimeout(() => {
    for (const socket of idleSince.keys()) socket.destroy();
  }, timeout);
  try {
    await Promise.all([drained, seen]);
  } finally {
    clearInterval(reaper);
    clearTimeout(cut);
  }
  await app.close();
}

/**
 * Serve `file` in a server process of the reloader: load, listen (on the socket the cluster primary
 * shares, so the port stays the same across restarts), print the URL, and when asked to stop, hand over
 * (see `handOver`) and resolve to 0. Asked to stop while still loading, it resolves to 0 at once.
 */
export async function serveReloadWorker(file: string, io: CliIO): Promise<number> {
  const stop = stopRequested();
  try {
    const loading = loadApp(file, { env: io.env });
    const loaded = await Promise.race([loading, stop.requested.then(() => null)]);
    if (loaded === null) return 0;
    const { host, port, shutdownTimeout } = loaded.settingsFile.server;
    const idleSince = trackIdle(loaded.app.server);
    await loaded.app.listen({ host, port });
    const address = loaded.app.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    io.stdout.write(
      `ziggurat: serving ${file} at http://${shownHost}:${address.port} (pid ${process.pid})\n`,
    );
    await stop.requested;
    await handOver(loaded.app, idleSince, shutdownTimeout);
    io.stdout.write(`ziggurat: stopped (pid ${process.pid})\n`);
    return 0;
  } finally {
    stop.dispose();
  }
}
