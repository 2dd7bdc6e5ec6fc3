// The broadcaster on Redis pub/sub (`realtime.redis`), so that a message published by one process reaches
// the subscribers of every process. Two connections, as Redis requires: one in subscriber mode, one for
// PUBLISH. ioredis reconnects by itself; on every (re)connection the subscriber connection subscribes
// again to every channel this process listens to, so subscriptions survive a Redis restart. While Redis
// is away publish() fails at once (ZIG_ERR_REDIS_UNAVAILABLE, status 503): the message is not sent, and
// no request waits on a connection that is not there.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis, RedisOptions } from 'ioredis';
import { ZigguratError } from '../errors.js';
import { loadRedisClass, type RedisClass } from '../redis-client.js';
import type { BroadcastTransport, Deliver } from './broadcaster-transport.js';

/** Milliseconds a connection attempt or a PUBLISH may take before Redis counts as unavailable. */
const REDIS_TIMEOUT = 1000;
/** Prefix of the Redis channels, so the app's channels do not meet other users of the same Redis. */
const PREFIX = 'ziggurat:broadcast:';

function clientOptions(): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: REDIS_TIMEOUT,
    // A command waiting for a reconnection fails at the next failed attempt instead of queueing for ever.
    maxRetriesPerRequest: 0,
    // Keep reconnecting for ever, at most a second apart, so service resumes soon after Redis does.
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
    // Subscriptions are made again by this transport on 'ready' (it knows which channels still matter).
    autoResubscribe: false,
  };
}

/** `host:port` of a client, for log lines (never its password). */
function describe(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** One channel this process listens to: resolves `acknowledged` once Redis confirmed the SUBSCRIBE. */
interface Listening {
  acknowledged: Promise<void>;
  acknowledge: () => void;
  confirmed: boolean;
}

export class RedisTransport implements BroadcastTransport {
  readonly #url: string;
  readonly #deliver: Deliver;
  #publisher: Redis | null = null;
  #subscriber: Redis | null = null;
  readonly #channels = new Map<string, Listening>();
  #logger: FastifyBaseLogger | null = null;
  /** An outage was logged, so its end will be too. */
  #outage = false;

  constructor(url: string, deliver: Deliver) {
    this.#url = url;
    this.#deliver = deliver;
  }

  setLogger(logger: FastifyBaseLogger): void {
    this.#logger ??= logger;
  }

  #watch(client: Redis): Redis {
    client.on('error', (error: Error) => this.#failed(client, error));
    client.on('ready', () => this.#recovered(client));
    return client;
  }

  #failed(client: Redis, error: unknown): void {
    if (this.#outage) return;
    this.#outage = true;
    this.#logger?.error(
      { code: 'ZIG_ERR_REDIS_UNAVAILABLE', err: error },
      `Redis at ${describe(client)} is unavailable: broadcasts are not sent until it is back`,
    );
  }

  #recovered(client: Redis): void {
    if (!this.#outage) return;
    this.#outage = false;
    this.#logger?.info(
      { code: 'ZIG_ERR_REDIS_UNAVAILABLE' },
      `Redis at ${describe(client)} is available again`,
    );
  }

  async #publisherClient(): Promise<Redis> {
    if (this.#publisher !== null) return this.#publisher;
    const Client = await loadRedisClass();
    this.#publisher ??= this.#watch(
      new Client(this.#url, { ...clientOptions(), commandTimeout: REDIS_TIMEOUT }),
    );
    return this.#publisher;
  }

  /** Call `use` with the subscriber connection, made first (ioredis loaded) unless it exists. */
  #withSubscriber(use: (client: Redis) => void): void {
    if (this.#subscriber !== null) {
      use(this.#subscriber);
      return;
    }
    loadRedisClass().then(
      (Client) => {
        // Closed, or every channel let go, while ioredis loaded: no connection is needed any more.
        if (this.#channels.size > 0) use(this.#subscriberClient(Client));
      },
      (error: unknown) =>
        this.#logger?.error({ err: error }, 'ioredis could not be loaded: broadcasts are not received'),
    );
  }

  #subscriberClient(Client: RedisClass): Redis {
    if (this.#subscriber !== null) return this.#subscriber;
    const client = this.#watch(new Client(this.#url, clientOptions()));
    client.on('message', (channel: string, text: string) => {
      if (channel.startsWith(PREFIX)) this.#deliver(channel.slice(PREFIX.length), text);
    });
    client.on('ready', () => this.#subscribeAll(client));
    client.connect().catch(() => {}); // failures are 'error' events; ioredis retries by itself
    this.#subscriber = client;
    return client;
  }

  /** (Re)subscribe to every channel listened to: on each connection, and for a new channel. */
  #subscribeAll(client: Redis): void {
    const channels = [...this.#channels.keys()];
    if (channels.length > 0) this.#subscribe(client, channels);
  }

  #subscribe(client: Redis, channels: string[]): void {
    client.subscribe(...channels.map((channel) => PREFIX + channel)).then(
      () => {
        for (const channel of channels) {
          const listening = this.#channels.get(channel);
          if (listening !== undefined && !listening.confirmed) {
            listening.confirmed = true;
            listening.acknowledge();
          }
        }
      },
      // Redis is away: the next 'ready' subscribes again.
      (error: unknown) => this.#failed(client, error),
    );
  }

  async publish(channel: string, text: string): Promise<void> {
    const client = await this.#publisherClient();
    if (client.status === 'wait') client.connect().catch(() => {});
    else if (this.#outage && client.status !== 'ready') throw this.#unavailable(client);
    try {
      await client.publish(PREFIX + channel, text);
    } catch (error) {
      this.#failed(client, error);
      throw this.#unavailable(client, error);
    }
  }

  #unavailable(client: Redis, cause?: unknown): ZigguratError {
    return new ZigguratError(
      'ZIG_ERR_REDIS_UNAVAILABLE',
      `Redis at ${describe(client)} is unavailable: the message was not broadcast`,
      { statusCode: 503, ...(cause === undefined ? {} : { cause }) },
    );
  }

  listen(channel: string): Promise<void> {
    let listening = this.#channels.get(channel);
    if (listening === undefined) {
      let acknowledge = () => {};
      const acknowledged = new Promise<void>((resolve) => {
        acknowledge = resolve;
      });
      listening = { acknowledged, acknowledge, confirmed: false };
      this.#channels.set(channel, listening);
      // A new connection subscribes to every channel once ready; a ready one is told of this channel.
      this.#withSubscriber((client) => {
        if (client.status === 'ready') this.#subscribe(client, [channel]);
      });
    }
    return listening.acknowledged;
  }

  unlisten(channel: string): void {
    if (!this.#channels.delete(channel)) return;
    const client = this.#subscriber;
    if (client?.status === 'ready') client.unsubscribe(PREFIX + channel).catch(() => {});
  }

  async close(): Promise<void> {
    const clients = [this.#publisher, this.#subscriber];
    this.#publisher = null;
    this.#subscriber = null;
    this.#channels.clear();
    await Promise.all(
      clients.map(async (client) => {
        if (client === null) return;
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }),
    );
  }
}
