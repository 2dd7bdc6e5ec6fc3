// From the checked settings to a Kysely dialect: better-sqlite3 for sqlite:, a pg Pool for postgres://.
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { SqlOptions } from './settings.js';

/**
 * The dialect for the configured database. Nothing connects yet: the SQLite file is opened and the
 * first Postgres connection made when the first query runs.
 * @example new Kysely<Database>({ dialect: createDialect(readSqlOptions(settings)) })
 */
export function createDialect(options: SqlOptions): Dialect {
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
  return new PostgresDialect({
    pool: new pg.Pool({
      connectionString: target.url,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeout,
      idleTimeoutMillis: options.idleTimeout,
    }),
  });
}
