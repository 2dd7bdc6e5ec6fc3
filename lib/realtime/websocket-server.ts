// The WebSocket server of an app with WebSocket views: @fastify/websocket routes upgrade requests
// through Fastify (so through Ziggurat's dispatch: routes, traversal, security); only a WebSocket
// view's answer upgrades. Also the keep-alive sweep, and closing sockets when the app closes.
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { WebSocketServer } from 'ws';
import type { Settings } from '../types.js';
import type { WebSocketConnection } from './websocket-connection.js';
import { readWebSocketSettings, type WebSocketSettings } from './websocket-settings.js';

/** An upgrade request's socket, kept on the raw request from Node's 'upgrade' event. */
export interface PendingUpgrade {
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly sockets: AppWebSockets;
  /** Headers the 101 answer carries besides the handshake's (Set-Cookie from a session, say). */
  headers: string[];
  accepted: boolean;
}

/** Everything one app keeps about its WebSockets. */
export interface AppWebSockets {
  readonly settings: WebSocketSettings;
  readonly server: WebSocketServer;
  readonly connections: Set<WebSocketConnection>;
  /** @fastify/websocket's injectWS (the testing helper opens sockets without a port with it). */
  readonly inject: FastifyInstance['injectWS'];
}

const UPGRADE = Symbol('ziggurat.upgrade');
const APPS = new WeakMap<FastifyInstance, AppWebSockets>();
/** Shortest time between two sweeps, so a tiny idle timeout does not spin. */
const MIN_SWEEP_MS = 10;
/** How often a closing app checks whether its HTTP requests in flight have finished. */
const CLOSE_POLL_MS = 25;

type UpgradeRequest = IncomingMessage & { [UPGRADE]?: PendingUpgrade };

/** The upgrade an HTTP request carries (null: an ordinary request, or one `app.inject` made). */
export function pendingUpgrade(raw: IncomingMessage): PendingUpgrade | null {
  return (raw as UpgradeRequest)[UPGRADE] ?? null;
}

/** The WebSockets of an app built with WebSocket views (null for one without). */
export function webSocketsOf(app: FastifyInstance): AppWebSockets | null {
  return APPS.get(app) ?? null;
}

/**
 * Cut every WebSocket of `app` at once (a graceful shutdown whose time ran out): sockets are
 * otherwise closed with 1001 once the app's HTTP requests in flight have finished.
 */
export function cutWebSockets(app: FastifyInstance): void {
  for (const connection of webSocketsOf(app)?.connections ?? []) connection.raw.terminate();
}

/** Every `interval` ms: ping (and cut the silent) and close the idle, with one timer for the app. */
function startSweep(sockets: AppWebSockets): NodeJS.Timeout | null {
  const { pingInterval, idleTimeout } = sockets.settings;
  const periods = [pingInterval, idleTimeout / 4].filter((ms) => ms > 0);
  if (periods.length === 0) return null;
  const interval = Math.max(MIN_SWEEP_MS, Math.min(...periods));
  let nextPing = Date.now() + pingInterval;
  const timer = setInterval(() => {
    const now = Date.now();
    const ping = pingInterval > 0 && now >= nextPing;
    if (ping) nextPing = now + pingInterval;
    for (const connection of sockets.connections) connection.sweep(now, ping, idleTimeout);
  }, interval);
  timer.unref();
  return timer;
}

/**
 * Once only WebSockets are left among the server's connections (the HTTP requests in flight have
 * been answered), close them with 1001 (going away).
 */
function closeWhenRequestsDone(app: FastifyInstance, sockets: AppWebSockets): void {
  const closeAll = () => {
    for (const connection of sockets.connections) {
      if (connection.isOpen) connection.close(1001, 'Server shutting down');
    }
  };
  if (!app.server.listening) {
    closeAll();
    return;
  }
  const poll = setInterval(() => {
    app.server.getConnections((error, count) => {
      if (error || count > sockets.connections.size) return;
      clearInterval(poll);
      closeAll();
    });
  }, CLOSE_POLL_MS);
}

/**
 * Install the WebSocket server on an app being built (a configureFastify step, added once by the
 * first addWebSocketView). @fastify/websocket sits in a context of its own, so that its route
 * wrapper (which would upgrade before Ziggurat's dispatch decides) touches none of the app's routes.
 */
export async function installWebSockets(
  app: FastifyInstance,
  registry: { settings: Settings },
): Promise<void> {
  const settings = readWebSocketSettings(registry.settings);
  let sockets: AppWebSockets | null = null;
  // Before @fastify/websocket's own listener: it routes the request at once, and dispatch needs the socket.
  app.server.prependListener('upgrade', (raw: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (sockets === null) return;
    // @fastify/websocket's injectWS gives the version as a number, which ws refuses (400).
    const version: unknown = raw.headers['sec-websocket-version'];
    if (typeof version === 'number') raw.headers['sec-websocket-version'] = String(version);
    // An in-memory pipe (injectWS) ends but never closes by itself, and ws waits for 'close'.
    if (!(socket instanceof Socket)) socket.once('end', () => socket.destroy());
    (raw as UpgradeRequest)[UPGRADE] = { socket, head, sockets, headers: [], accepted: false };
  });
  let sweep: NodeJS.Timeout | null = null;
  // Loaded by the apps with WebSocket views, not by every app that imports Ziggurat.
  const { default: websocket } = await import('@fastify/websocket');
  await app.register(async (scope) => {
    await scope.register(websocket, {
      options: { maxPayload: settings.maxMessageSize, clientTracking: false, perMessageDeflate: false },
      preClose(done) {
        if (sweep !== null) clearInterval(sweep);
        if (sockets !== null) closeWhenRequestsDone(app, sockets);
        done();
      },
    });
    sockets = {
      settings,
      server: scope.websocketServer,
      connections: new Set(),
      inject: scope.injectWS.bind(scope),
    };
    const made = sockets;
    made.server.on('headers', (lines: string[], raw: IncomingMessage) => {
      lines.push(...(pendingUpgrade(raw)?.headers ?? []));
    });
    sweep = startSweep(made);
    APPS.set(app, made);
  });
  // A refused upgrade got an ordinary answer: its socket is no use for anything else.
  app.addHook('onResponse', (request, _reply, done) => {
    const upgrade = pendingUpgrade(request.raw);
    if (upgrade !== null && !upgrade.accepted) upgrade.socket.end();
    done();
  });
}
