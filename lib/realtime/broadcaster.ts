// registry.broadcaster: publish/subscribe by channel name, in this process or, with `realtime.redis`, across
// every process on the same Redis. Messages are JSON: each subscriber gets what JSON.parse makes of the
// published value, wherever it was published, so a handler never depends on which process published.
import type { FastifyBaseLogger } from 'fastify';
import { ZigguratError } from '../errors.js';
import { RedisTransport } from './broadcaster-redis.js';
import { ChannelStream, type ChannelStreamOptions } from './broadcaster-stream.js';
import { type BroadcastTransport, MemoryTransport } from './broadcaster-transport.js';

/** Called with each message published on the channel it subscribed to. */
export type BroadcastHandler = (message: unknown, channel: string) => unknown;

/** What subscribe returns. */
export interface Subscription {
  /** Resolves once messages published from now on reach the handler (at once in memory; on Redis, once subscribed). */
  readonly ready: Promise<void>;
  /** Stop receiving; the last subscription of a channel in this process stops listening to it. */
  unsubscribe(): void;
}

function messageError(message: string): ZigguratError {
  return new ZigguratError('ZIG_ERR_BROADCAST_MESSAGE', message, { statusCode: 500 });
}

function checkChannel(channel: unknown): string {
  if (typeof channel !== 'string' || channel === '') {
    throw messageError(`A broadcast channel is a non-empty string, got ${JSON.stringify(channel)}`);
  }
  return channel;
}

function toJson(message: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    throw new ZigguratError(
      'ZIG_ERR_BROADCAST_MESSAGE',
      `A broadcast message must be JSON: ${(error as Error).message}`,
      {
        statusCode: 500,
        cause: error,
      },
    );
  }
  if (text === undefined) throw messageError(`A broadcast message must be JSON, got ${typeof message}`);
  return text;
}

/**
 * Publish/subscribe by channel: `registry.broadcaster` (`request.registry.broadcaster` in a view). In
 * memory by default; on Redis pub/sub when the `realtime.redis` setting names one, so that every process
 * of the app receives what any of them publishes. The app closes its connections when it closes.
 * @example
 * const subscription = request.registry.broadcaster.subscribe('pages', (message) => console.log(message));
 * await request.registry.broadcaster.publish('pages', { page: 'FrontPage', by: 'alice' });
 * subscription.unsubscribe();
 */
export class Broadcaster {
  readonly #redisUrl: string | null;
  readonly #handlers = new Map<string, Set<BroadcastHandler>>();
  #transport: BroadcastTransport | null = null;
  #logger: FastifyBaseLogger | null = null;

  /** `redisUrl`: the Redis to broadcast through, or null for this process only. */
  constructor(redisUrl: string | null = null) {
    this.#redisUrl = redisUrl;
  }

  /** Whether messages travel through Redis (to every process) rather than within this process. */
  get usesRedis(): boolean {
    return this.#redisUrl !== null;
  }

  #connection(): BroadcastTransport {
    if (this.#transport !== null) return this.#transport;
    const deliver = (channel: string, text: string) => this.#deliver(channel, text);
    this.#transport =
      this.#redisUrl === null ? new MemoryTransport(deliver) : new RedisTransport(this.#redisUrl, deliver);
    if (this.#logger !== null) this.#transport.setLogger(this.#logger);
    return this.#transport;
  }

  /** Log handler failures and Redis outages here (the app's logger; set when the app is made). */
  setLogger(logger: FastifyBaseLogger): void {
    this.#logger ??= logger;
    this.#transport?.setLogger(logger);
  }

  /**
   * Send `message` (any JSON value) to the subscribers of `channel`. Resolves once it is handed on (in
   * memory: once every handler was called; on Redis: once Redis took it). While Redis is unavailable it
   * rejects at once with ZIG_ERR_REDIS_UNAVAILABLE (status 503) and the message is not sent.
   * @example await request.registry.broadcaster.publish('chat', { from: 'bob', text: 'hi' });
   */
  async publish(channel: string, message: unknown): Promise<void> {
    checkChannel(channel);
    await this.#connection().publish(channel, toJson(message));
  }

  /**
   * Call `handler(message, channel)` with every message published on `channel` from now on. A handler
   * that throws (or rejects) is logged; the others still get the message.
   * @example const { unsubscribe } = broadcaster.subscribe('chat', (message) => socket.send(message));
   */
  subscribe(channel: string, handler: BroadcastHandler): Subscription {
    checkChannel(channel);
    if (typeof handler !== 'function') throw messageError('broadcaster.subscribe needs a handler function');
    let handlers = this.#handlers.get(channel);
    if (handlers === undefined) this.#handlers.set(channel, (handlers = new Set()));
    // Each subscription its own entry, so subscribing one function twice needs two unsubscribes.
    const entry: BroadcastHandler = (message, name) => handler(message, name);
    handlers.add(entry);
    const ready = this.#connection().listen(channel);
    let active = true;
    return {
      ready,
      unsubscribe: () => {
        if (!active) return;
        active = false;
        handlers.delete(entry);
        if (handlers.size > 0 || this.#handlers.get(channel) !== handlers) return;
        this.#handlers.delete(channel);
        this.#transport?.unlisten(channel);
      },
    };
  }

  /**
   * The messages of `channel` as an async iterable, for an event stream: it subscribes on first use and
   * unsubscribes when the loop ends, when its `return()` is called (the client went away), or when
   * `signal` aborts. Messages that arrive faster than they are read wait in a queue of at most
   * `maxQueued` (default 1000); beyond it the oldest are dropped.
   * @example
   * config.addView((request) => request.registry.broadcaster.stream('news', { signal: request.signal }),
   *   { routeName: 'news', renderer: 'sse' });
   */
  stream(channel: string, options: ChannelStreamOptions = {}): ChannelStream {
    checkChannel(channel);
    return new ChannelStream((handler) => this.subscribe(channel, handler), options);
  }

  #deliver(channel: string, text: string): void {
    const handlers = this.#handlers.get(channel);
    if (handlers === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      this.#logger?.warn({ err: error, channel }, 'A broadcast message that is not JSON was ignored');
      return;
    }
    for (const handler of [...handlers]) this.#call(handler, message, channel);
  }

  #call(handler: BroadcastHandler, message: unknown, channel: string): void {
    const failed = (error: unknown) =>
      this.#logger?.error({ err: error, channel }, `A broadcast handler of channel '${channel}' failed`);
    try {
      const result = handler(message, channel);
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /** Drop every subscription and close the connections (the app closes); a later use connects again. */
  async close(): Promise<void> {
    const transport = this.#transport;
    this.#transport = null;
    this.#handlers.clear();
    await transport?.close();
  }
}
