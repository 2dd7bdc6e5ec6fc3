// EventStream: a Response whose body is a text/event-stream fed by an async iterable. The body pulls one
// item at a time (so a slow client slows the source instead of filling memory), sends keep-alive
// comments while the source is quiet, and on its end, however it comes (the client goes away, the app
// closes), calls the iterator's return() so the source frees what it holds.
import { Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from '../config/registry.js';
import { ZigguratError } from '../errors.js';
import type { Request } from '../http/request.js';
import { Response } from '../http/response.js';
import { BEFORE_SEND } from '../symbols.js';
import { formatEvent, KEEP_ALIVE_COMMENT } from './sse-format.js';
import { keepAliveMs } from './sse-settings.js';

/** What an event stream reads its events from: each item a string (data) or a ServerSentEvent. */
export type EventSource = AsyncIterable<unknown> | Iterable<unknown>;

/** Options of `new EventStream(source, options)`. */
export interface EventStreamOptions {
  /** Milliseconds clients wait before reconnecting, sent first as a `retry:` field. */
  retry?: number;
  /** Seconds between keep-alive comments (0: none); default the `realtime.sse_keepalive` setting (15). */
  keepAlive?: number;
  /** Ends the stream when aborted. */
  signal?: AbortSignal;
  status?: number;
  headers?: Record<string, string>;
}

const OPEN_STREAMS = new WeakMap<Registry, Set<EventStreamBody>>();

function iteratorOf(source: EventSource): AsyncIterator<unknown> | Iterator<unknown> {
  const asyncMethod = (source as AsyncIterable<unknown>)[Symbol.asyncIterator];
  if (typeof asyncMethod === 'function') return asyncMethod.call(source);
  return (source as Iterable<unknown>)[Symbol.iterator]();
}

/** Whether `value` can feed an event stream (an async or sync iterable that is not a string). */
export function isEventSource(value: unknown): value is EventSource {
  if (value === null || typeof value !== 'object') return false;
  return (
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}

/** The body of an EventStream: a Readable that pulls the source as the client reads. */
class EventStreamBody extends Readable {
  readonly #source: EventSource;
  #iterator: AsyncIterator<unknown> | Iterator<unknown> | null = null;
  #pulling = false;
  #sentSinceTick = false;
  #keepAlive: NodeJS.Timeout | null = null;
  #log: FastifyBaseLogger | null = null;
  #open: Set<EventStreamBody> | null = null;
  #unlisten: (() => void) | null = null;
  /** Where the body is piped (the HTTP response), to know when it has gone out. */
  #destination: Writable | null = null;
  /** Sent by dispatch (start): before that the source is not touched (a HEAD never starts it). */
  #started = false;
  /** Ended or destroyed: nothing more is pushed. */
  #closed = false;

  constructor(source: EventSource, first: string, signal: AbortSignal | undefined) {
    super();
    this.#source = source;
    // Something at once: Node sends the headers with the first bytes, and a client counts the stream
    // open only once it has them.
    this.push(first);
    if (signal !== undefined) this.#endOn(signal);
  }

  /** Dispatch is about to send the stream for `request`: keep-alive, logging, the app's open streams. */
  start(request: Request, keepAliveSeconds: number | undefined): void {
    const registry = request.registry;
    this.#log = request.fastify.request.log;
    const interval =
      keepAliveSeconds === undefined ? keepAliveMs(registry.settings) : Math.round(keepAliveSeconds * 1000);
    if (interval > 0) this.#keepAlive = setInterval(() => this.#tick(), interval).unref();
    let open = OPEN_STREAMS.get(registry);
    if (open === undefined) OPEN_STREAMS.set(registry, (open = new Set()));
    open.add(this);
    this.#open = open;
    this.#started = true;
    this._read();
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.#destination = destination as unknown as Writable;
    return super.pipe(destination, options);
  }

  /** End the stream and resolve once the response has gone out (or after `ms`). */
  async endAndFlush(ms: number): Promise<void> {
    this.end();
    const destination = this.#destination;
    if (destination === null) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([finished(destination).catch(() => {}), timeout]);
    clearTimeout(timer);
  }

  #endOn(signal: AbortSignal): void {
    const end = () => this.end();
    if (signal.aborted) {
      queueMicrotask(end);
      return;
    }
    signal.addEventListener('abort', end, { once: true });
    this.#unlisten = () => signal.removeEventListener('abort', end);
  }

  /** End the stream as if the source had finished (the client sees the response end). */
  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.push(null);
    this.#release();
  }

  #tick(): void {
    // Only when nothing went out since the last tick, and never on top of bytes the client has not read.
    if (!this.#closed && !this.#sentSinceTick && this.readableLength === 0) this.push(KEEP_ALIVE_COMMENT);
    this.#sentSinceTick = false;
  }

  override _read(): void {
    if (this.#started && !this.#pulling) void this.#pull();
  }

  async #pull(): Promise<void> {
    this.#pulling = true;
    try {
      this.#iterator ??= iteratorOf(this.#source);
      for (;;) {
        const { value, done } = await this.#iterator.next();
        if (this.#closed) return;
        if (done) {
          this.#iterator = null; // finished: nothing to return()
          this.end();
          return;
        }
        this.#sentSinceTick = true;
        if (!this.push(formatEvent(value))) return;
      }
    } catch (error) {
      this.#failed(error);
    } finally {
      this.#pulling = false;
    }
  }

  #failed(error: unknown): void {
    if (this.#closed) return;
    const log = this.#log;
    if (log !== null) log.error({ err: error }, 'An event stream failed; the stream was ended');
    this.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#closed = true;
    this.#release();
    // A response cut short cannot carry another: without this, a connection whose client stopped
    // reading but kept its socket would count as busy for ever, and hold the app's close.
    const destination = this.#destination as (Writable & { writableFinished?: boolean }) | null;
    if (destination !== null && !destination.writableFinished) destination.destroy();
    callback(error);
  }

  /** Stop the timer, leave the open streams, and let the source go (its return() frees it). */
  #release(): void {
    if (this.#keepAlive !== null) clearInterval(this.#keepAlive);
    this.#keepAlive = null;
    this.#open?.delete(this);
    this.#unlisten?.();
    this.#unlisten = null;
    const iterator = this.#iterator;
    this.#iterator = null;
    if (iterator === null || typeof iterator.return !== 'function') return;
    // Not awaited: an async generator answers return() only once its pending next() settles.
    Promise.resolve()
      .then(() => iterator.return?.())
      .catch((error: unknown) => this.#log?.error({ err: error }, 'An event source failed to close'));
  }
}

function checkRetry(retry: number | undefined): string {
  if (retry === undefined) return ':\n\n';
  return formatEvent({ retry });
}

/**
 * A server-sent events response (`text/event-stream`): each item of `source` is sent as an event (a
 * string as data, an object as a ServerSentEvent). Idle streams get keep-alive comments; when the
 * client goes away or the app closes, the source's iterator is returned (a generator's `finally`
 * runs). A view with `renderer: 'sse'` may return the iterable itself instead.
 * @example
 * config.addView(async function* (request) { yield { id: '1', data: { hello: 'world' } }; },
 *   { routeName: 'events', renderer: 'sse' });
 * // or: return new EventStream(ticks(), { retry: 5000 });
 */
export class EventStream extends Response {
  readonly #keepAlive: number | undefined;

  constructor(source: EventSource, options: EventStreamOptions = {}) {
    if (!isEventSource(source)) {
      throw new ZigguratError(
        'ZIG_ERR_SSE_EVENT',
        `An EventStream needs an async iterable (or an iterable) of events, got ${source === null ? 'null' : typeof source}`,
        { statusCode: 500 },
      );
    }
    const body = new EventStreamBody(source, checkRetry(options.retry), options.signal);
    super(body, {
      ...(options.status === undefined ? {} : { status: options.status }),
      contentType: 'text/event-stream',
      headers: {
        // Never cached, never transformed (a compressing proxy would hold events back), never
        // buffered by nginx.
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
        ...options.headers,
      },
    });
    this.#keepAlive = options.keepAlive;
  }

  /** @internal Called by dispatch just before the response goes out. */
  [BEFORE_SEND](request: Request): void {
    (this.body as EventStreamBody).start(request, this.#keepAlive);
  }
}

/** Milliseconds an ended stream's response may take to go out before the app closes anyway. */
const FLUSH_MS = 1000;

/**
 * End every open event stream of an app's registry, and resolve once their responses have gone out
 * (the app is closing: open streams would hold it open, and a response still going out would keep
 * its connection from counting as idle).
 */
export async function endEventStreams(registry: Registry): Promise<void> {
  const open = OPEN_STREAMS.get(registry);
  if (open === undefined) return;
  await Promise.all([...open].map((stream) => stream.endAndFlush(FLUSH_MS)));
}
