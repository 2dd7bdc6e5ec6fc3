// Where rate-limit counters live: in this process (an LRU map, as @fastify/rate-limit's LocalStore),
// or in Redis (its RedisStore's script), so that several processes share one limit.
import type { Redis } from 'ioredis';
import { LruMap } from 'toad-cache';
import { HTTPServiceUnavailable } from '../../http/exceptions/index.js';
import { newRedisClient } from '../../redis-client.js';

/** One request counted: how many the key made in the window, and the milliseconds the window has left. */
export interface Hit {
  readonly current: number;
  readonly ttl: number;
}

/** Counts requests per key in fixed windows. */
export interface Counter {
  hit(key: string, windowMs: number): Hit | Promise<Hit>;
  /** Let go of connections (the app closes). */
  close(): Promise<void>;
}

interface Window {
  current: number;
  startMs: number;
}

/** Keys remembered per view, as @fastify/rate-limit's default cache: the least recently seen go first. */
const MEMORY_KEYS = 5000;

/** Counters in this process, one LRU map per view: synchronous, lost on restart. */
export class MemoryCounter implements Counter {
  readonly #windows = new LruMap<Window>(MEMORY_KEYS);

  hit(key: string, windowMs: number): Hit {
    const now = Date.now();
    const window = this.#windows.get(key);
    if (window === undefined || window.startMs + windowMs <= now) {
      this.#windows.set(key, { current: 1, startMs: now });
      return { current: 1, ttl: windowMs };
    }
    window.current++;
    return { current: window.current, ttl: window.startMs + windowMs - now };
  }

  async close(): Promise<void> {}
}

// The first hit of a window starts its expiry; later hits read what is left. One script, so two
// processes hitting the same key at once cannot both start a window.
const HIT_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
local window = tonumber(ARGV[1])
if current == 1 then
  redis.call('PEXPIRE', KEYS[1], window)
  return {current, window}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return {current, ttl}
`;

type ScriptedRedis = Redis & {
  zigguratRateLimit(key: string, windowMs: number): Promise<[number, number]>;
};

/** Milliseconds a connection attempt or a command may take before the request fails. */
const REDIS_TIMEOUT = 1000;
/** Seconds a client is told to wait when Redis cannot count its request. */
const OUTAGE_RETRY_AFTER = 2;

/**
 * Counters in Redis, shared by every process using the same server. The client is made on first
 * use and closed with the app (a later use, by another app of the same configuration, makes another).
 */
export class RedisCounter implements Counter {
  readonly #url: string;
  /** The client, once asked for (ioredis is loaded then). */
  #client: Promise<ScriptedRedis> | null = null;

  constructor(url: string) {
    this.#url = url;
  }

  get url(): string {
    return this.#url;
  }

  #connection(): Promise<ScriptedRedis> {
    this.#client ??= newRedisClient(this.#url, {
      lazyConnect: true,
      connectTimeout: REDIS_TIMEOUT,
      commandTimeout: REDIS_TIMEOUT,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
    }).then((client) => {
      client.on('error', () => {}); // a failed command answers its request; ioredis reconnects by itself
      client.defineCommand('zigguratRateLimit', { numberOfKeys: 1, lua: HIT_SCRIPT });
      return client as ScriptedRedis;
    });
    return this.#client;
  }

  async hit(key: string, windowMs: number): Promise<Hit> {
    try {
      const [current, ttl] = await (await this.#connection()).zigguratRateLimit(key, windowMs);
      return { current, ttl };
    } catch {
      // Without its counter the limit cannot be told: a 503 the client may retry, never a bare 500
      // and never an unlimited pass (a lost Redis must not switch throttling off).
      throw new HTTPServiceUnavailable({
        detail: 'Rate limits cannot be checked for a moment; try again shortly.',
        headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER) },
      });
    }
  }

  async close(): Promise<void> {
    const pending = this.#client;
    this.#client = null;
    if (pending === null) return;
    const client = await pending;
    await client.quit().catch(() => client.disconnect());
  }
}
