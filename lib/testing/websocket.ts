// Opening WebSockets against an app under test: without a port (through @fastify/websocket's
// injectWS) or against the app listening on an ephemeral port; a client that queues what it receives.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type RawData, WebSocket } from 'ws';
import { webSocketsOf } from '../realtime/websocket-server.js';

/** How a test socket closed. */
export interface TestSocketClose {
  readonly code: number;
  readonly reason: string;
}

/** Options of injectWebSocket and connectWebSocket. */
export interface TestSocketOptions {
  /** Request headers (a Cookie, an Origin, an Authorization…). */
  headers?: Record<string, string>;
  /** Milliseconds nextMessage() and closed wait before failing the test (default 2000). */
  timeout?: number;
}

/** An upgrade the app refused: its HTTP status (403, 404…). */
export class WebSocketRefused extends Error {
  readonly statusCode: number;
  constructor(statusCode: number) {
    super(`The WebSocket upgrade was refused with ${statusCode}`);
    this.name = 'WebSocketRefused';
    this.statusCode = statusCode;
  }
}

/**
 * The client end of a WebSocket in a test: every message is queued from the start, so none is
 * missed between two awaits.
 */
export class TestWebSocket {
  /** The `ws` client underneath. */
  readonly raw: WebSocket;
  /** The headers of the 101 answer (connectWebSocket only: an injected upgrade has none to read). */
  upgradeHeaders: Readonly<Record<string, string | string[] | undefined>> = {};
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<TestSocketClose>;
  readonly #queue: Array<string | Buffer> = [];
  readonly #waiting: Array<(message: string | Buffer) => void> = [];
  readonly #timeout: number;

  constructor(ws: WebSocket, timeout = 2000) {
    this.raw = ws;
    this.#timeout = timeout;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      const message = isBinary ? bytes : bytes.toString('utf8');
      const waiter = this.#waiting.shift();
      if (waiter) waiter(message);
      else this.#queue.push(message);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Send text or bytes. */
  send(data: string | Buffer): void {
    this.raw.send(data);
  }

  /** Send a value as JSON. */
  sendJson(value: unknown): void {
    this.raw.send(JSON.stringify(value));
  }

  /** The next message (text as a string, binary as a Buffer); fails after the timeout. */
  nextMessage(): Promise<string | Buffer> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(take);
        if (at !== -1) this.#waiting.splice(at, 1);
        reject(new Error(`No WebSocket message within ${this.#timeout} ms`));
      }, this.#timeout);
      const take = (message: string | Buffer) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.#waiting.push(take);
    });
  }

  /** The next message parsed as JSON. */
  async nextJson(): Promise<unknown> {
    return JSON.parse(String(await this.nextMessage()));
  }

  /** Close from the client and wait for the socket to be closed. */
  async close(code = 1000, reason = ''): Promise<TestSocketClose> {
    this.raw.close(code, reason);
    return this.closed;
  }
}

function statusOf(error: unknown): number | null {
  const match = /Unexpected server response: (\d+)/.exec(error instanceof Error ? error.message : '');
  return match ? Number(match[1]) : null;
}

/**
 * Open a WebSocket on an app under test without a port: the upgrade goes through the app's whole
 * dispatch, as one from the network would. A refused upgrade rejects with WebSocketRefused.
 * @example
 * const socket = await injectWebSocket(app, '/echo', { headers: { cookie } });
 * socket.send('hi'); assert.equal(await socket.nextMessage(), 'hi');
 */
export async function injectWebSocket(
  app: FastifyInstance,
  path: string,
  options: TestSocketOptions = {},
): Promise<TestWebSocket> {
  const sockets = webSocketsOf(app);
  if (sockets === null) throw new Error('This app has no WebSocket views (config.addWebSocketView)');
  let client: TestWebSocket | null = null;
  try {
    // What injectWS's stand-in request lacks and Ziggurat reads: the raw headers and the peer.
    const headers = { host: 'localhost', ...lowerCased(options.headers ?? {}) };
    const context = {
      headers,
      rawHeaders: Object.entries(headers).flat(),
      httpVersionMajor: 1,
      httpVersionMinor: 1,
      socket: { remoteAddress: '127.0.0.1', encrypted: false },
    };
    await sockets.inject(path, context as unknown as Parameters<typeof sockets.inject>[1], {
      onInit: (ws) => {
        client = new TestWebSocket(ws, options.timeout);
      },
    });
  } catch (error) {
    const status = statusOf(error);
    throw status === null ? error : new WebSocketRefused(status);
  }
  return client as unknown as TestWebSocket;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * Open a WebSocket to the app over the network, starting it on an ephemeral port of 127.0.0.1 first
 * when it is not listening (close the app to stop it). A refused upgrade rejects with WebSocketRefused.
 * @example
 * const socket = await connectWebSocket(app, '/echo');
 */
export async function connectWebSocket(
  app: FastifyInstance,
  path: string,
  options: TestSocketOptions = {},
): Promise<TestWebSocket> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: options.headers ?? {} });
  const client = new TestWebSocket(ws, options.timeout);
  ws.once('upgrade', (response) => {
    client.upgradeHeaders = response.headers;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => {
      response.resume();
      ws.terminate();
      reject(new WebSocketRefused(response.statusCode ?? 0));
    });
    ws.once('error', reject);
  });
  return client;
}
