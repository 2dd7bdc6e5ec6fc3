// Server-side session stores: the cookie then holds only a signed session id.
import { Redis, type RedisOptions } from 'ioredis';
import type { SessionRecord } from './session.js';

/** Where server-side sessions live. */
export interface SessionStore {
  load(id: string): Promise<SessionRecord | null>;
  /** Store the record; it may be dropped after `ttlSeconds` without a new save. */
  save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Release connections when the app closes. */
  close?(): Promise<void>;
}

/** Options of RedisSessionStore: a connection URL (the store owns the client) or a client you own. */
export interface RedisSessionStoreOptions {
  url?: string;
  client?: Redis;
  /** Prefix of the Redis keys (default `ziggurat:session:`). */
  prefix?: string;
  redisOptions?: RedisOptions;
}

function parseRecord(text: string | null): SessionRecord | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<SessionRecord>;
    if (typeof parsed.createdAt !== 'number' || typeof parsed.issuedAt !== 'number') return null;
    if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) return null;
    return parsed as SessionRecord;
  } catch {
    return null;
  }
}

/**
 * Sessions in Redis, for apps served from several machines.
 * @example config.setSessionStore(new RedisSessionStore({ url: 'redis://127.0.0.1:6379/0' }));
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #prefix: string;

  constructor(options: RedisSessionStoreOptions = {}) {
    this.#owned = options.client === undefined;
    this.#client =
      options.client ??
      new Redis(options.url ?? 'redis://127.0.0.1:6379', {
        lazyConnect: true,
        maxRetriesPerRequest: 2,
        ...options.redisOptions,
      });
    this.#prefix = options.prefix ?? 'ziggurat:session:';
  }

  async load(id: string): Promise<SessionRecord | null> {
    return parseRecord(await this.#client.get(this.#prefix + id));
  }

  async save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void> {
    await this.#client.set(
      this.#prefix + id,
      JSON.stringify(record),
      'EX',
      Math.max(1, Math.ceil(ttlSeconds)),
    );
  }

  async destroy(id: string): Promise<void> {
    await this.#client.del(this.#prefix + id);
  }

  async close(): Promise<void> {
    if (this.#owned && this.#client.status !== 'end')
      await this.#client.quit().catch(() => this.#client.disconnect());
  }
}
