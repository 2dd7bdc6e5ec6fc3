// ioredis is loaded when an app first talks to Redis (the ratelimit.redis and realtime.redis settings),
// not with Ziggurat: most apps never do, and loading it adds about 150 ms to the start of every process
// (the ziggurat command, each test file) for nothing.
import type { Redis, RedisOptions } from 'ioredis';

/** ioredis's client class. */
export type RedisClass = typeof Redis;

let loading: Promise<RedisClass> | null = null;

/** ioredis's client class, its module loaded on the first call (the same promise after that). */
export function loadRedisClass(): Promise<RedisClass> {
  loading ??= import('ioredis').then((module) => module.Redis);
  return loading;
}

/** A new ioredis client for `url`; with `lazyConnect` it connects on its first command or connect(). */
export async function newRedisClient(url: string, options: RedisOptions): Promise<Redis> {
  const Client = await loadRedisClass();
  return new Client(url, options);
}
