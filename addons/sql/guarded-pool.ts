// The pg Pool as Kysely sees it, made to survive lost connections: every client error handled, broken clients discarded.
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { causeChain, connectionFailure, isSessionTimeout, unavailableError } from './connection-errors.js';
import type { OutageMonitor } from './outage.js';

/**
 * Set on a ZIG_ERR_SQL_UNAVAILABLE error when the first query of a checkout failed on a pooled
 * connection that had served before, fast (reset or terminated, not timed out): the server was
 * gone before the query was sent, so nothing of it ran.
 */
const DEAD_ON_CHECKOUT = new WeakSet<object>();

/**
 * Whether `error` says a reused pooled connection was found dead by the first query of a
 * checkout (see the transaction tween: a request whose BEGIN failed so is run again).
 * @example if (diedOnCheckout(error)) retry();
 */
export function diedOnCheckout(error: unknown): boolean {
  for (const link of causeChain(error)) if (DEAD_ON_CHECKOUT.has(link)) return true;
  return false;
}

/** One checked-out pg client as Kysely uses it: queries report to the monitor, errors are wrapped. */
class GuardedClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #pool: GuardedPool;
  /** Queries run in this checkout; the first tells a dead pooled connection from a live one. */
  #queries = 0;
  #reused = false;

  constructor(client: pg.PoolClient, pool: GuardedPool) {
    this.#client = client;
    this.#pool = pool;
  }

  /** A new checkout of the same pg client (Kysely keys its connections by this object). */
  checkout(reused: boolean): this {
    this.#queries = 0;
    this.#reused = reused;
    return this;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query(...args: unknown[]): unknown {
    const first = this.#queries++ === 0;
    const result = (this.#client.query as (...a: unknown[]) => unknown)(...args);
    // A cursor (Kysely's streaming) is returned as it is; its errors surface through its reads.
    if (!(result instanceof Promise)) return result;
    return result.then(
      (value) => {
        this.#pool.monitor.succeeded();
        return value;
      },
      (error: unknown) => {
        throw this.#pool.queryFailed(this.#client, error, first && this.#reused);
      },
    );
  }

  release(destroy?: boolean): void {
    this.#client.release(destroy || this.#pool.isBroken(this.#client) ? true : undefined);
  }
}

/**
 * A `pg.Pool` wrapped for Kysely's PostgresDialect. pg emits 'error' on an idle client's pool and
 * on a checked-out client; with no listener either one ends the process. Here both are handled:
 * the monitor logs the outage once, and a client that saw an error is destroyed when released,
 * never reused. Connection-level errors reach Kysely as `ZIG_ERR_SQL_UNAVAILABLE`.
 * @example new PostgresDialect({ pool: new GuardedPool(new pg.Pool({ connectionString }), monitor) })
 */
export class GuardedPool implements PostgresPool {
  readonly monitor: OutageMonitor;
  readonly #pool: pg.Pool;
  readonly #broken = new WeakSet<pg.PoolClient>();
  readonly #clients = new WeakMap<pg.PoolClient, GuardedClient>();
  /** Run on each new connection: the server-side statement timeout, or null for none. */
  readonly #setup: string | null;

  /**
   * `statementTimeout` (milliseconds, 0 for none) is set on each new connection with SET, not as a
   * startup parameter (pg's statement_timeout option): PgBouncer refuses startup parameters it does
   * not know.
   */
  constructor(pool: pg.Pool, monitor: OutageMonitor, statementTimeout = 0) {
    this.#pool = pool;
    this.monitor = monitor;
    this.#setup = statementTimeout > 0 ? `SET statement_timeout = ${Math.trunc(statementTimeout)}` : null;
    // pg re-emits an idle client's error on the pool (having removed the client): without this
    // listener that ends the process. The client's own listener below has already reported it.
    pool.on('error', () => {});
    // A checked-out client emits 'error' on itself only: listen on every client for its whole life.
    pool.on('connect', (client) => {
      client.on('error', (error) => {
        this.#broken.add(client);
        this.#clientError(error);
      });
    });
  }

  /** Whether the client saw a connection error: release destroys it. */
  isBroken(client: pg.PoolClient): boolean {
    return this.#broken.has(client);
  }

  async connect(): Promise<PostgresPoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#connectFailed(error);
    }
    let guarded = this.#clients.get(client);
    const reused = guarded !== undefined;
    if (guarded === undefined) {
      if (this.#setup !== null) await this.#prepare(client, this.#setup);
      guarded = new GuardedClient(client, this);
      this.#clients.set(client, guarded);
    }
    return guarded.checkout(reused);
  }

  /** Set up a new connection; if that fails, destroy it (the pool must not keep a half-made one). */
  async #prepare(client: pg.PoolClient, setup: string): Promise<void> {
    try {
      await client.query(setup);
    } catch (error) {
      client.release(true);
      throw this.#connectFailed(error);
    }
  }

  #connectFailed(error: unknown): unknown {
    const kind = connectionFailure(error);
    if (kind === null) return error;
    // Waiting for a busy pool is no sign the database is down.
    if (kind !== 'busy') this.monitor.failed(error);
    return unavailableError(error, kind === 'busy' ? 'busy' : 'connect');
  }

  /** A query failed: ordinary errors go through untouched; connection failures are wrapped. */
  queryFailed(client: pg.PoolClient, error: unknown, firstOnReused: boolean): unknown {
    const kind = connectionFailure(error);
    if (kind === null) return error;
    this.#broken.add(client);
    if (!isSessionTimeout(error)) this.monitor.failed(error);
    const wrapped = unavailableError(error, kind);
    if (firstOnReused && kind === 'lost') DEAD_ON_CHECKOUT.add(wrapped);
    return wrapped;
  }

  #clientError(error: Error): void {
    if (isSessionTimeout(error)) this.monitor.note(error, 'The SQL server closed an idle session');
    else this.monitor.failed(error);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }
}
