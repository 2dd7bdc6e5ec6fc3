// From the checked settings to a Kysely dialect: better-sqlite3 for sqlite:, a guarded pg Pool for postgres://.
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { GuardedPool } from './guarded-pool.js';
import { OutageMonitor } from './outage.js';
import type { SqlOptions } from './settings.js';

/**
 * How much longer than `sql.queryTimeout` the client waits for a server that sends nothing at all
 * (unreachable, not merely slow): normally the server's own statement_timeout answers first, with
 * an ordinary error, and the connection stays usable.
 */
export const QUERY_GRACE_MS = 2000;

/** TCP keep-alive probes start after this long without traffic, so dead idle connections are noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

/** The pg Pool options for the checked settings: pool size and the connect, idle and client-side query timeouts. */
function poolConfig(url: string, options: SqlOptions): pg.PoolConfig {
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeout,
    idleTimeoutMillis: options.idleTimeout,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  };
  if (options.queryTimeout > 0) config.query_timeout = options.queryTimeout + QUERY_GRACE_MS;
  return config;
}

/**
 * The dialect for the configured database. Nothing connects yet: the SQLite file is opened and the
 * first Postgres connection made when the first query runs. On Postgres, connection failures are
 * reported to `monitor` (which logs each outage once) and raised as `ZIG_ERR_SQL_UNAVAILABLE`.
 * @example new Kysely<Database>({ dialect: createDialect(readSqlOptions(settings)) })
 */
export function createDialect(options: SqlOptions, monitor: OutageMonitor = new OutageMonitor()): Dialect {
  const { target } = options;
  if (target.dialect === 'sqlite') {
    return new SqliteDialect({
      database: async () => {
        const database = new BetterSqlite3(target.file);
        if (target.file !== ':memory:') database.pragma('journal_mode = WAL');
        database.pragma('foreign_keys = ON');
        return database;
      },
    });
  }
  const pool = new pg.Pool(poolConfig(target.url, options));
  return new PostgresDialect({ pool: new GuardedPool(pool, monitor, options.queryTimeout) });
}
