// What a server-side session store and a session generation store (for revocation) must offer.
import type { SessionRecord } from './session.js';

/** Where a store reports an outage: pino's shape (the session add-on passes the app's logger). */
export interface OutageLogger {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * Where server-side sessions live; the cookie then holds only a signed session id.
 * An outage is an error whose `statusCode` is 503 (RedisSessionStore throws a ZigguratError with
 * code ZIG_ERR_REDIS_UNAVAILABLE): a request that uses the session then answers 503 with Retry-After.
 * @example config.setSessionStore(new RedisSessionStore({ url: 'redis://127.0.0.1:6379/0' }));
 */
export interface SessionStore {
  load(id: string): Promise<SessionRecord | null>;
  /** Store the record; it may be dropped after `ttlSeconds` without a new save. */
  save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Release connections when the app closes. */
  close?(): Promise<void>;
  /** Called once the app exists, with its logger, for the store to report outages. */
  setLogger?(logger: OutageLogger): void;
}

/**
 * Per-user session generations, for revocation ("log out everywhere"): every session bound to a
 * user is stamped with the user's generation; log-out moves it on, and a session stamped with an
 * older one loads empty. RedisSessionStore keeps them; any shared store (a SQL table) can.
 * @example config.setSessionGenerationStore(new RedisSessionStore({ url: process.env.REDIS_URL }));
 */
export interface SessionGenerationStore {
  /** The user's current generation: 0 until the first bump (or once it was forgotten). */
  generation(userid: string): Promise<number>;
  /**
   * Move the user's generation on. It must be kept at least `ttlSeconds` (null: for ever): the
   * longest a session made before could still load.
   */
  bumpGeneration(userid: string, ttlSeconds: number | null): Promise<void>;
  close?(): Promise<void>;
  setLogger?(logger: OutageLogger): void;
}

/** Whether a store also keeps session generations (RedisSessionStore does). */
export function keepsGenerations(store: unknown): store is SessionGenerationStore {
  const candidate = store as Partial<SessionGenerationStore> | null;
  return typeof candidate?.generation === 'function' && typeof candidate.bumpGeneration === 'function';
}
