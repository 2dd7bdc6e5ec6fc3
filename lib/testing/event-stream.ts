// openEventStream: read a server-sent event stream from an app under test, through app.inject() (no port)
// or, for an app that listens, over a real HTTP connection; events parsed by eventsource-parser, as an
// EventSource would see them.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import type { FastifyInstance } from 'fastify';

/** One event as a client receives it. */
export interface ReceivedEvent {
  /** The event's type (`message` when the stream sent none). */
  readonly event: string;
  /** Its data: the `data:` lines joined with `\n`. */
  readonly data: string;
  /** Its id, when it had one. */
  readonly id: string | undefined;
  /** The data parsed as JSON. */
  json<T = unknown>(): T;
}

/** Options of openEventStream. */
export interface OpenEventStreamOptions {
  headers?: Record<string, string>;
  /** Sent as `Last-Event-ID`, as an EventSource does when it reconnects. */
  lastEventId?: string;
  /** Milliseconds next() waits for an event before it rejects (default 5000). */
  timeout?: number;
}

/** An open event stream: read its events, then close it (the client goes away). */
export interface EventStreamReader {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The whole body, for a response that is not an event stream (a 403, say); '' otherwise. */
  readonly body: string;
  /** Comments received so far (keep-alives among them), without the leading `:`. */
  readonly comments: readonly string[];
  /** The last `retry:` value received, in milliseconds. */
  readonly retry: number | undefined;
  /** The next event; null once the stream has ended. Rejects after the timeout. */
  next(timeout?: number): Promise<ReceivedEvent | null>;
  /** The next `count` events (fewer if the stream ends first). */
  take(count: number, timeout?: number): Promise<ReceivedEvent[]>;
  /** Resolves when the server has ended the stream. */
  readonly ended: Promise<void>;
  /** Go away, as a client closing the page does. */
  close(): void;
}

interface Opened {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  abort: () => void;
}

function received(message: {
  event?: string | undefined;
  data: string;
  id?: string | undefined;
}): ReceivedEvent {
  return {
    event: message.event ?? 'message',
    data: message.data,
    id: message.id,
    json: <T>() => JSON.parse(message.data) as T,
  };
}

async function openInjected(
  app: FastifyInstance,
  path: string,
  headers: Record<string, string>,
): Promise<Opened> {
  const controller = new AbortController();
  const response = await app.inject({
    method: 'GET',
    url: path,
    headers,
    payloadAsStream: true,
    signal: controller.signal,
  });
  return {
    status: response.statusCode,
    headers: response.headers as Opened['headers'],
    body: response.stream(),
    abort: () => controller.abort(),
  };
}

function openListening(app: FastifyInstance, path: string, headers: Record<string, string>): Promise<Opened> {
  const { port, address, family } = app.server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `http://${host}:${port}${path}`,
      { headers, agent: false },
      (incoming: IncomingMessage) =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body: incoming,
          abort: () => outgoing.destroy(),
        }),
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function readAll(body: Readable): Promise<string> {
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
}

function isEventStream(headers: Opened['headers']): boolean {
  return String(headers['content-type'] ?? '').startsWith('text/event-stream');
}

/**
 * GET `path` from `app` and read it as an event stream: through `app.inject()` when the app does not
 * listen, else over HTTP to the address it listens on.
 * @example
 * const stream = await openEventStream(app, '/news', { lastEventId: '41' });
 * assert.equal((await stream.next())?.id, '42');
 * stream.close();
 */
export async function openEventStream(
  app: FastifyInstance,
  path: string,
  options: OpenEventStreamOptions = {},
): Promise<EventStreamReader> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const opened = app.server.listening
    ? await openListening(app, path, headers)
    : await openInjected(app, path, headers);
  const streaming = isEventStream(opened.headers);
  const body = streaming ? '' : await readAll(opened.body);
  return new Reader(opened, body, options.timeout ?? 5000);
}

class Reader implements EventStreamReader {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly comments: string[] = [];
  retry: number | undefined;
  readonly ended: Promise<void>;
  readonly #opened: Opened;
  readonly #timeout: number;
  readonly #events: ReceivedEvent[] = [];
  #waiting: (() => void) | null = null;
  #done = false;

  constructor(opened: Opened, body: string, timeout: number) {
    this.#opened = opened;
    this.status = opened.status;
    this.headers = opened.headers;
    this.body = body;
    this.#timeout = timeout;
    const parser = createParser({
      onEvent: (message) => this.#push(received(message)),
      onComment: (comment) => void this.comments.push(comment.trim()),
      onRetry: (retry) => {
        this.retry = retry;
      },
    });
    this.ended = new Promise<void>((resolve) => {
      const finish = () => {
        this.#done = true;
        this.#wake();
        resolve();
      };
      if (body !== '' || !isEventStream(opened.headers)) return finish();
      opened.body.on('data', (chunk: Buffer) => parser.feed(String(chunk)));
      opened.body.on('end', finish);
      opened.body.on('close', finish);
      opened.body.on('error', finish);
    });
  }

  #push(event: ReceivedEvent): void {
    this.#events.push(event);
    this.#wake();
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.();
  }

  async next(timeout = this.#timeout): Promise<ReceivedEvent | null> {
    const deadline = Date.now() + timeout;
    while (this.#events.length === 0 && !this.#done) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No event within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#events.shift() ?? null;
  }

  async take(count: number, timeout = this.#timeout): Promise<ReceivedEvent[]> {
    const events: ReceivedEvent[] = [];
    while (events.length < count) {
      const event = await this.next(timeout);
      if (event === null) break;
      events.push(event);
    }
    return events;
  }

  close(): void {
    this.#opened.abort();
    this.#opened.body.destroy();
  }
}
