// Graceful shutdown of a listening app: readiness off, keep serving, drain the listener, finish requests, close.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { cutWebSockets } from '../realtime/websocket-server.js';
import { SERVER_DEFAULTS } from '../settings/server-section.js';
import { markShuttingDown } from './shutdown-state.js';

/** The steps of closeGracefully, in order; `connections-cut` only when the timeout ran out. */
export type ShutdownStep = 'not-ready' | 'draining' | 'listener-closed' | 'connections-cut' | 'closed';

/** Options of closeGracefully. */
export interface GracefulCloseOptions {
  /** Milliseconds readiness answers 503 while the app keeps serving, for a load balancer to notice (default 0). */
  delay?: number;
  /**
   * Milliseconds, after the delay, for the listener's backlog to drain and the requests in flight to finish;
   * connections still open then are cut (default 20000).
   */
  timeout?: number;
  /** Told each step as it begins (for the command's output). */
  onStep?: (step: ShutdownStep) => void;
}

/**
 * Milliseconds without a new connection after which the listener's backlog counts as drained. Node takes
 * every connection the kernel has queued each time its event loop polls, but closing the listener resets
 * those it has not taken yet: so it closes only once connections have stopped coming.
 */
const QUIET_MS = 200;
/** How often connections left idle by responses sent before the shutdown began are closed. */
const REAP_MS = 100;

const CLOSING = new WeakMap<FastifyInstance, Promise<void>>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** From now on every response says `Connection: close`, so keep-alive clients leave after their next answer. */
function closeAfterEachResponse(server: Server): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    // HTTP/2 has no Connection header (setting one throws): its sessions are closed by the server.
    if (request.httpVersionMajor < 2 && !response.headersSent) response.setHeader('connection', 'close');
  });
}

/** An HTTP/1 server's connection closers; an HTTP/2 server has neither (its close ends the sessions). */
function closers(server: Server) {
  const maybe = server as Partial<Pick<Server, 'closeIdleConnections' | 'closeAllConnections'>>;
  return {
    closeIdle: () => maybe.closeIdleConnections?.call(server),
    closeAll: () => maybe.closeAllConnections?.call(server),
  };
}

/** Resolves once no connection has arrived for QUIET_MS, or at `deadline`. */
function drainListener(server: Server, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      server.off('connection', arm);
      resolve();
    };
    function arm() {
      clearTimeout(timer);
      timer = setTimeout(done, Math.min(QUIET_MS, Math.max(0, deadline - Date.now())));
    }
    server.on('connection', arm);
    arm();
  });
}

/** Close the app (Fastify stops listening, waits for its connections, runs onClose hooks) within `deadline`. */
async function closeWithin(app: FastifyInstance, deadline: number, onStep: (step: ShutdownStep) => void) {
  const server = app.server;
  const { closeIdle, closeAll } = closers(server);
  let listening = server.listening;
  const reaper = setInterval(() => {
    if (listening && !server.listening) {
      listening = false;
      onStep('listener-closed');
    }
    closeIdle();
  }, REAP_MS);
  const cutter = setTimeout(
    () => {
      onStep('connections-cut');
      closeAll();
      cutWebSockets(app);
    },
    Math.max(0, deadline - Date.now()),
  );
  try {
    await app.close();
  } finally {
    clearInterval(reaper);
    clearTimeout(cutter);
  }
  if (listening) onStep('listener-closed');
}

/**
 * Stop a listening app without dropping a request: readiness answers 503 at once (`isShuttingDown`) and
 * every response says `Connection: close`; the app keeps serving for `delay` ms, then until connections
 * stop coming (the listener's backlog drained), then stops listening; requests in flight finish (new ones
 * on open connections get 503) until `timeout` ms after the delay, when the rest are cut; then the app's
 * onClose hooks run (add-ons close their pools). `ziggurat serve` runs it on SIGTERM.
 * @example
 * process.once('SIGTERM', () => closeGracefully(app, { delay: 5000, timeout: 20000 }).then(() => process.exit(0)));
 */
export function closeGracefully(app: FastifyInstance, options: GracefulCloseOptions = {}): Promise<void> {
  // A second call (two signal handlers, say) waits for the first instead of starting over.
  let closing = CLOSING.get(app);
  if (closing === undefined) {
    closing = shutDown(app, options);
    CLOSING.set(app, closing);
  }
  return closing;
}

async function shutDown(app: FastifyInstance, options: GracefulCloseOptions): Promise<void> {
  const { delay = 0, timeout = SERVER_DEFAULTS.shutdownTimeout, onStep = () => {} } = options;
  const server = app.server;
  markShuttingDown(app);
  closeAfterEachResponse(server);
  onStep('not-ready');
  if (delay > 0) await sleep(delay);
  const deadline = Date.now() + timeout;
  if (server.listening) {
    onStep('draining');
    await drainListener(server, deadline);
  }
  await closeWithin(app, deadline, onStep);
  onStep('closed');
}
