// The socket a WebSocket view's handler gets: send and receive text, bytes and JSON over a `ws`
// WebSocket, with messages delivered in order, one at a time, and a handler's failure closing the
// socket with 1011 instead of reaching the process.
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';

/** A message as a handler receives it: text frames as strings, binary frames as Buffers. */
export type WebSocketMessage = string | Buffer;

/** How a socket ended: the close code and reason (1005 and '' when the peer gave none). */
export interface WebSocketClose {
  readonly code: number;
  readonly reason: string;
}

type Listener = (message: WebSocketMessage) => unknown;
type CloseListener = (code: number, reason: string) => unknown;

/** Messages waiting for a slow consumer beyond which the socket stops reading (TCP pushes back). */
const PAUSE_AT = 64;
const RESUME_AT = 16;
/**
 * The same in size (a string counts its length): a client sending large messages to a handler that
 * reads slowly, or not yet, makes the socket stop reading at about 4 MiB held, not at 64 messages of
 * up to realtime.max_message_size each.
 */
const PAUSE_BYTES = 4 * 1024 * 1024;
const RESUME_BYTES = 1024 * 1024;
const OPEN = 1;
const INVALID = Symbol('invalid JSON');
const NO_LISTENERS: readonly Listener[] = Object.freeze([]);
/** The connection a `ws` socket belongs to, so that one set of listener functions serves every socket. */
const CONNECTION = Symbol('ziggurat.webSocketConnection');

type TaggedSocket = WebSocket & { [CONNECTION]: WebSocketConnection };
const connectionOf = (ws: WebSocket): WebSocketConnection => (ws as TaggedSocket)[CONNECTION];

function asMessage(data: RawData, isBinary: boolean): WebSocketMessage {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
  return isBinary ? bytes : bytes.toString('utf8');
}

/**
 * One open WebSocket of a WebSocket view. Messages that arrive before anything listens are kept
 * until something does (a handler may await before it listens), so none is lost.
 *
 * An app may hold many thousands of these, mostly idle, so an idle one holds little: the `ws`
 * listeners are functions shared by every connection (they find theirs on the socket), and the
 * message queue, the delivery chain, the `closed` promise and the close listeners are made only
 * when something needs them.
 * @example
 * config.addWebSocketView(async (socket, request) => {
 *   socket.sendJson({ hello: request.authenticatedUserid });
 *   for await (const message of socket.json()) socket.sendJson({ echo: message });
 * }, { routeName: 'echo' });
 */
export class WebSocketConnection {
  readonly #ws: WebSocket;
  readonly #log: FastifyBaseLogger;
  #listeners: readonly Listener[] = NO_LISTENERS;
  /** Messages that arrived while nothing listened (null: none). */
  #inbox: WebSocketMessage[] | null = null;
  /** The tail of the deliveries under way (null: none). */
  #delivery: Promise<void> | null = null;
  #behind = 0;
  /** The size of the messages received and not yet delivered (in the inbox or behind). */
  #held = 0;
  #failed = false;
  #alive = true;
  #lastMessageAt = Date.now();
  #closeResult: WebSocketClose | null = null;
  #closed: Promise<WebSocketClose> | null = null;
  #resolveClosed: ((close: WebSocketClose) => void) | null = null;
  #closeListeners: CloseListener[] | null = null;
  /** The app's set of open connections, left when the socket closes. */
  #trackedIn: Set<WebSocketConnection> | null = null;

  /** The `ws` listeners, shared by every connection: `this` is the socket, which names its connection. */
  static readonly #socketListeners = {
    message(this: WebSocket, data: RawData, isBinary: boolean): void {
      connectionOf(this).#receive(asMessage(data, isBinary));
    },
    // A client breaking the protocol (a message over the size limit, say): ws closes the socket
    // itself (1009, 1002...); without a listener the error would reach the process.
    error(this: WebSocket, error: Error): void {
      connectionOf(this).#log.info({ err: error }, 'A WebSocket client broke the protocol');
    },
    pong(this: WebSocket): void {
      connectionOf(this).#alive = true;
    },
    close(this: WebSocket, code: number, reason: Buffer): void {
      connectionOf(this).#settle({ code, reason: reason.toString() });
    },
  };

  constructor(ws: WebSocket, log: FastifyBaseLogger) {
    this.#ws = ws;
    this.#log = log;
    (ws as TaggedSocket)[CONNECTION] = this;
    const listeners = WebSocketConnection.#socketListeners;
    ws.on('message', listeners.message);
    ws.on('error', listeners.error);
    ws.on('pong', listeners.pong);
    ws.once('close', listeners.close);
  }

  /** Resolves once the socket has closed, whoever closed it. */
  get closed(): Promise<WebSocketClose> {
    if (this.#closed === null) {
      const result = this.#closeResult;
      this.#closed =
        result !== null
          ? Promise.resolve(result)
          : new Promise((resolve) => {
              this.#resolveClosed = resolve;
            });
    }
    return this.#closed;
  }

  /** The `ws` WebSocket underneath (an escape hatch: its API may change with `ws`). */
  get raw(): WebSocket {
    return this.#ws;
  }

  /** Whether messages can be sent. */
  get isOpen(): boolean {
    return this.#ws.readyState === OPEN;
  }

  /** Bytes queued to send but not yet written to the network (for slow clients). */
  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  /**
   * Send text or bytes; returns false (and sends nothing) when the socket is no longer open.
   * @example socket.send('hello');
   */
  send(data: string | Buffer | Uint8Array): boolean {
    if (!this.isOpen) return false;
    // No callback: a write that fails ends the socket (ws handles the error), which onClose reports.
    this.#ws.send(data);
    return true;
  }

  /**
   * Send a value as a JSON text message; returns false when the socket is no longer open.
   * @example socket.sendJson({ type: 'joined', user: 'ada' });
   */
  sendJson(value: unknown): boolean {
    return this.send(JSON.stringify(value));
  }

  /**
   * Close the socket (1000 unless told otherwise; the reason at most 123 bytes).
   * @example socket.close(4000, 'bye');
   */
  close(code = 1000, reason = ''): void {
    this.#ws.close(code, reason);
  }

  /**
   * Call `listener` for each message, in order; a promise it returns is awaited before the next
   * message. Returns a function that stops listening.
   * @example socket.onMessage((message) => socket.send(message));
   */
  onMessage(listener: (message: WebSocketMessage) => unknown): () => void {
    this.#listeners = [...this.#listeners, listener];
    const waiting = this.#inbox;
    this.#inbox = null;
    for (const message of waiting ?? []) this.#enqueue(message);
    return () => {
      this.#listeners = this.#listeners.filter((other) => other !== listener);
    };
  }

  /**
   * Call `listener` with each message parsed as JSON; a message that is not JSON closes the socket
   * with 1007 (invalid payload).
   * @example socket.onJson((value) => socket.sendJson({ echo: value }));
   */
  onJson(listener: (value: unknown) => unknown): () => void {
    return this.onMessage((message) => {
      const value = this.#parse(message);
      return value === INVALID ? undefined : listener(value);
    });
  }

  /**
   * Call `listener(code, reason)` once the socket has closed.
   * @example socket.onClose((code) => leave(room, code));
   */
  onClose(listener: (code: number, reason: string) => unknown): void {
    const result = this.#closeResult;
    if (result !== null) {
      queueMicrotask(() => void this.#callCloseListener(listener, result));
      return;
    }
    // `[listener]` rather than `[]` then push: an empty array's first push reserves 17 slots.
    if (this.#closeListeners === null) this.#closeListeners = [listener];
    else this.#closeListeners.push(listener);
  }

  /** The messages, in order, until the socket closes: `for await (const message of socket)`. */
  [Symbol.asyncIterator](): AsyncIterator<WebSocketMessage> {
    return messageIterator(this);
  }

  /**
   * The messages parsed as JSON, until the socket closes (or a message is not JSON: it is closed
   * with 1007).
   * @example for await (const value of socket.json()) socket.sendJson(value);
   */
  async *json(): AsyncGenerator<unknown, void, undefined> {
    for await (const message of this) {
      const value = this.#parse(message);
      if (value === INVALID) return;
      yield value;
    }
  }

  /**
   * Log a handler's error and close the socket with 1011 (internal error). Called by the framework
   * for errors thrown by handlers; an app may call it for errors it catches itself.
   */
  fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#log.error({ err: error }, 'A WebSocket handler failed; the socket is closed with 1011');
    if (this.#ws.readyState <= OPEN) this.#ws.close(1011, 'Internal error');
  }

  /**
   * Keep-alive and idle checks, run by the app's sweep: a socket that did not answer the last ping is
   * cut; one without a client message for `idleTimeout` ms is closed with 1000.
   * @internal
   */
  sweep(now: number, ping: boolean, idleTimeout: number): void {
    if (this.#ws.readyState !== OPEN) return;
    if (idleTimeout > 0 && now - this.#lastMessageAt >= idleTimeout) {
      this.close(1000, 'Idle timeout');
      return;
    }
    if (!ping) return;
    if (!this.#alive) {
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    this.#ws.ping();
  }

  /**
   * Leave `connections` (the app's open sockets) when this socket closes.
   * @internal
   */
  trackIn(connections: Set<WebSocketConnection>): void {
    connections.add(this);
    this.#trackedIn = connections;
  }

  #settle(result: WebSocketClose): void {
    this.#closeResult = result;
    this.#trackedIn?.delete(this);
    this.#trackedIn = null;
    this.#resolveClosed?.(result);
    this.#resolveClosed = null;
    const listeners = this.#closeListeners;
    this.#closeListeners = null;
    // After the close event, as a promise's callbacks would be: a listener never runs inside ws.
    if (listeners !== null) {
      queueMicrotask(() => {
        for (const listener of listeners) void this.#callCloseListener(listener, result);
      });
    }
  }

  async #callCloseListener(listener: CloseListener, { code, reason }: WebSocketClose): Promise<void> {
    try {
      await listener(code, reason);
    } catch (error) {
      this.#log.error({ err: error }, 'A WebSocket close handler failed');
    }
  }

  #receive(message: WebSocketMessage): void {
    this.#lastMessageAt = Date.now();
    this.#held += message.length;
    if (this.#listeners.length === 0) {
      const inbox = (this.#inbox ??= []);
      inbox.push(message);
      if (inbox.length >= PAUSE_AT || this.#held >= PAUSE_BYTES) this.#ws.pause();
      return;
    }
    this.#enqueue(message);
  }

  #enqueue(message: WebSocketMessage): void {
    this.#behind++;
    if (this.#behind >= PAUSE_AT || this.#held >= PAUSE_BYTES) this.#ws.pause();
    this.#delivery = (this.#delivery ?? Promise.resolve()).then(() => this.#deliver(message));
  }

  async #deliver(message: WebSocketMessage): Promise<void> {
    try {
      if (!this.#failed) for (const listener of this.#listeners) await listener(message);
    } catch (error) {
      this.fail(error);
    } finally {
      // Nothing left to deliver: an idle socket keeps no settled promise.
      if (--this.#behind === 0) this.#delivery = null;
      this.#held -= message.length;
      if (this.#ws.isPaused && this.#mayRead()) this.#ws.resume();
    }
  }

  /** Whether few enough messages are held, by count and by size, to read more. */
  #mayRead(): boolean {
    const waiting = this.#inbox?.length ?? 0;
    return this.#behind <= RESUME_AT && waiting < PAUSE_AT && this.#held <= RESUME_BYTES;
  }

  #parse(message: WebSocketMessage): unknown {
    if (typeof message === 'string') {
      try {
        return JSON.parse(message);
      } catch {
        // falls through to the close below
      }
    }
    if (this.#ws.readyState === OPEN) this.#ws.close(1007, 'Invalid JSON');
    return INVALID;
  }
}

/** An iterator that takes each message as the consumer asks for it (the delivery waits meanwhile). */
function messageIterator(socket: WebSocketConnection): AsyncIterator<WebSocketMessage> {
  let taker: ((result: IteratorResult<WebSocketMessage>) => void) | null = null;
  let held: { message: WebSocketMessage; taken: () => void } | null = null;
  let done = false;
  const finish = (): IteratorResult<WebSocketMessage> => {
    done = true;
    stop();
    held?.taken();
    held = null;
    return { done: true, value: undefined };
  };
  const stop = socket.onMessage(
    (message) =>
      new Promise<void>((taken) => {
        if (taker === null) {
          held = { message, taken };
          return;
        }
        taker({ done: false, value: message });
        taker = null;
        taken();
      }),
  );
  void socket.closed.then(() => {
    if (held === null && taker !== null) taker(finish());
  });
  return {
    next() {
      if (held !== null) {
        const { message, taken } = held;
        held = null;
        taken();
        return Promise.resolve({ done: false, value: message });
      }
      if (done || socket.raw.readyState > OPEN) return Promise.resolve(finish());
      return new Promise((resolve) => {
        taker = resolve;
      });
    },
    return() {
      return Promise.resolve(finish());
    },
  };
}
