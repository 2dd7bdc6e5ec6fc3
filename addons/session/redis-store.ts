// Sessions and per-user session generations in Redis, with bounded waits and one log line per outage.
import { Redis, type RedisOptions } from 'ioredis';
import { isOutage, RedisOutage } from './redis-outage.js';
import type { SessionRecord } from './session.js';
import type { OutageLogger, SessionGenerationStore, SessionStore } from './store.js';

/** Options of RedisSessionStore: a connection URL (the store owns the client) or a client you own. */
export interface RedisSessionStoreOptions {
  url?: string;
  client?: Redis;
  /** Prefix of the Redis keys (default `ziggurat:session:`). */
  prefix?: string;
  /**
   * Milliseconds a connection attempt or a command may take before Redis counts as unavailable
   * (default 1000), for a client the store makes.
   */
  timeout?: number;
  /** Where outages are logged (default: the app's logger, given by the session add-on). */
  logger?: OutageLogger;
  redisOptions?: RedisOptions;
}

const DEFAULT_TIMEOUT = 1000;

/** The client's options: lazy, and every wait bounded, so an outage costs a request at most `timeout`. */
function clientOptions(timeout: number): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: timeout,
    commandTimeout: timeout,
    // A command waiting for a reconnection fails at the next failed attempt instead of after several.
    maxRetriesPerRequest: 0,
    // Keep reconnecting for ever, at most a second apart, so service resumes soon after Redis does.
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseRecord(text: string | null): SessionRecord | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const { createdAt, issuedAt, data, user, generation } = parsed;
    if (typeof createdAt !== 'number' || typeof issuedAt !== 'number' || !isRecord(data)) return null;
    if (user !== undefined && typeof user !== 'string') return null;
    if (generation !== undefined && typeof generation !== 'number') return null;
    return parsed as unknown as SessionRecord;
  } catch {
    return null;
  }
}

/**
 * Sessions in Redis, for apps served from several machines; also the users' session generations
 * (revocation). While Redis is away, every call throws a ZigguratError with code
 * ZIG_ERR_REDIS_UNAVAILABLE and statusCode 503, at once or after `timeout`; ioredis reconnects by itself.
 * @example config.setSessionStore(new RedisSessionStore({ url: 'redis://127.0.0.1:6379/0' }));
 */
export class RedisSessionStore implements SessionStore, SessionGenerationStore {
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #outage: RedisOutage;

  constructor(options: RedisSessionStoreOptions = {}) {
    this.#owned = options.client === undefined;
    this.#client =
      options.client ??
      new Redis(options.url ?? 'redis://127.0.0.1:6379', {
        ...clientOptions(options.timeout ?? DEFAULT_TIMEOUT),
        ...options.redisOptions,
      });
    this.#prefix = options.prefix ?? 'ziggurat:session:';
    this.#outage = new RedisOutage(this.#client, options.logger ?? null);
  }

  setLogger(logger: OutageLogger): void {
    this.#outage.setLogger(logger);
  }

  async load(id: string): Promise<SessionRecord | null> {
    return parseRecord(await this.#run(() => this.#client.get(this.#prefix + id)));
  }

  async save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    const text = JSON.stringify(record);
    await this.#run(() => this.#client.set(this.#prefix + id, text, 'EX', ttl));
  }

  async destroy(id: string): Promise<void> {
    await this.#run(() => this.#client.del(this.#prefix + id));
  }

  async generation(userid: string): Promise<number> {
    const value = await this.#run(() => this.#client.get(this.#generationKey(userid)));
    const generation = Number(value ?? 0);
    return Number.isSafeInteger(generation) ? generation : 0;
  }

  async bumpGeneration(userid: string, ttlSeconds: number | null): Promise<void> {
    const key = this.#generationKey(userid);
    await this.#run(async () => {
      const transaction = this.#client.multi().incr(key);
      if (ttlSeconds === null) transaction.persist(key);
      else transaction.expire(key, Math.max(1, Math.ceil(ttlSeconds)));
      for (const [error] of (await transaction.exec()) ?? []) if (error) throw error;
    });
  }

  async close(): Promise<void> {
    if (!this.#owned) {
      this.#outage.detach();
      return;
    }
    if (this.#client.status === 'ready') await this.#client.quit().catch(() => this.#client.disconnect());
    else this.#client.disconnect();
  }

  /** A session id never holds ':', so these keys cannot meet a session's. */
  #generationKey(userid: string): string {
    return `${this.#prefix}generation:${userid}`;
  }

  /** Run a command: refused at once during a known outage; an outage error becomes ZIG_ERR_REDIS_UNAVAILABLE. */
  async #run<T>(command: () => Promise<T>): Promise<T> {
    this.#outage.checkAvailable();
    try {
      const result = await command();
      if (this.#client.status === 'ready') this.#outage.recovered();
      return result;
    } catch (error) {
      if (!isOutage(error)) throw error;
      this.#outage.failed(error);
      throw this.#outage.unavailable(error);
    }
  }
}
