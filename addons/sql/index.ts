// ziggurat/addons/sql: request.db in a per-request transaction (pyramid_tm), retries (pyramid_retry), migrations.
import type { Transaction } from 'kysely';
import { type Configurator, EXCVIEW, PHASE, type Request, ZigguratError } from '../../lib/index.js';
import { migrateCommand } from './migrate-command.js';
import { type Database, defaultTransactionRule, SqlRuntime, type TransactionRule } from './runtime.js';
import { readSqlOptions, SQL_SETTINGS } from './settings.js';
import { closingTween, transactionTween } from './tweens.js';

export { isUnavailableError } from './connection-errors.js';
export { createDialect } from './dialect.js';
export {
  MIGRATION_DIRECTIONS,
  type MigrateOptions,
  type MigrationDirection,
  type MigrationReport,
  type MigrationState,
  migrate,
} from './migrate.js';
export { migrateCommand } from './migrate-command.js';
export { type QueryMessage, SQL_QUERY_CHANNEL } from './query-channel.js';
export { isRetryableError } from './retry.js';
export { type Database, defaultTransactionRule, getDatabase, type TransactionRule } from './runtime.js';
export { type DatabaseTarget, parseDatabaseUrl, readSqlOptions, type SqlOptions } from './settings.js';
export { TransactionScope } from './transaction-scope.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** `sqlite:<file>` (relative to the working directory, or absolute), `sqlite::memory:`, or `postgres://…`. */
    'sql.url'?: string;
    /** The most connections the Postgres pool opens (default 10). */
    'sql.poolSize'?: number | string;
    /** Milliseconds to wait for a Postgres connection (default 10000; 0: forever). */
    'sql.connectTimeout'?: number | string;
    /** Milliseconds an idle pooled Postgres connection stays open (default 10000). */
    'sql.idleTimeout'?: number | string;
    /** Milliseconds a Postgres statement may run before the server cancels it (default 30000; 0: no limit). */
    'sql.queryTimeout'?: number | string;
    /** Seconds of the Retry-After header of the 503 answered while the database is unavailable (default 5). */
    'sql.retryAfter'?: number | string;
    /** How often a request is run again after a serialization failure or deadlock (default 3). */
    'sql.retries'?: number | string;
    /** Request transactions' isolation level on Postgres: read committed, repeatable read, serializable... */
    'sql.isolationLevel'?: string;
    /** The migrations folder (relative to the working directory, absolute, or a file: URL). */
    'sql.migrations'?: string | URL;
  }
  interface Request {
    /**
     * The request's transaction (a Kysely `Transaction` typed by the `Database` interface). It begins
     * with its first query and commits when the response is a success, else rolls back.
     * Added by ziggurat/addons/sql.
     */
    readonly db: Transaction<Database>;
  }
  interface Configurator {
    /**
     * Decide whether a request's transaction commits (true) or rolls back (false) from its response;
     * the default commits below status 400 (or as an `X-Tm: commit|abort` header says).
     * Added by ziggurat/addons/sql.
     */
    setTransactionRule(rule: TransactionRule): void;
  }
}

/**
 * Include with `config.include(sql)` after setting `sql.url`: `request.db` is then a transaction per
 * request, committed on success and rolled back on an error (or an error status), retried on
 * serialization failures; `getDatabase(registry)` is the app's database outside requests.
 * @example
 * import sql from 'ziggurat/addons/sql';
 * const config = new Configurator({ settings: { 'sql.url': 'sqlite:var/app.db', 'sql.migrations': 'migrations' } });
 * config.include(sql);
 * config.addView(async (request) => request.db.selectFrom('pages').selectAll().execute(), { routeName: 'pages', renderer: 'json' });
 */
export function includeme(config: Configurator): void {
  let runtime: SqlRuntime | null = null;
  let rule: TransactionRule = defaultTransactionRule;
  const ready = (): SqlRuntime => {
    if (runtime === null) {
      throw new ZigguratError(
        'ZIG_ERR_SQL_NOT_READY',
        'The SQL add-on is used before its configuration was committed',
      );
    }
    return runtime;
  };
  config.declareSettings('sql', SQL_SETTINGS);

  config.addDirective('setTransactionRule', (target: Configurator, chosen: TransactionRule) => {
    if (typeof chosen !== 'function') {
      throw new ZigguratError(
        'ZIG_ERR_CONFIG_OPTION',
        'setTransactionRule needs a function (request, response) => boolean',
      );
    }
    target.action('sql transaction rule', () => void (rule = chosen), { order: PHASE.SETTINGS + 1 });
  });
  config.action(
    'ziggurat.sql',
    () => {
      runtime = new SqlRuntime(config.registry, readSqlOptions(config.registry.settings), rule);
    },
    { order: PHASE.EXTENSIONS },
  );
  config.addRequestMethod((request: Request) => ready().scopeFor(request).db, 'db', { property: true });
  config.addTween(transactionTween(ready), { name: 'ziggurat.sql.transaction', under: EXCVIEW });
  config.addTween(closingTween(ready), { name: 'ziggurat.sql.close', over: EXCVIEW });
  config.configureFastify((app) => {
    runtime?.monitor.useLogger(app.log);
    app.addHook('onClose', async () => {
      await runtime?.db.destroy();
    });
  });
  config.addCommand(migrateCommand);
}

export default includeme;
