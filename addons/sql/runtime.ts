// The SQL add-on's per-app state: the root Kysely instance and each request's current transaction scope.
import { type DatabaseConnection, type Dialect, Kysely } from 'kysely';
import { type Registry, type Request, type Response, ZigguratError } from '../../lib/index.js';
import { createDialect } from './dialect.js';
import { OutageMonitor } from './outage.js';
import { observedConnection, queriesObserved } from './query-channel.js';
import type { SqlOptions } from './settings.js';
import { TransactionScope } from './transaction-scope.js';

/**
 * The tables of the app's database, declared by the app through module augmentation:
 * `declare module 'ziggurat/addons/sql' { interface Database { pages: PagesTable } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the app's module augmentation
export interface Database {}

/**
 * Decides the fate of a request's transaction once its response exists: true commits, false rolls back.
 * @example config.setTransactionRule((request, response) => response.status < 500);
 */
export type TransactionRule = (request: Request, response: Response) => boolean;

/**
 * The default rule, pyramid_tm's: an `X-Tm` response header of `commit` or `abort` decides;
 * otherwise a status below 400 commits and an error status rolls back.
 * @example defaultTransactionRule(request, new Response('ok')) // true
 */
export const defaultTransactionRule: TransactionRule = (_request, response) => {
  const header = response.headers.get('x-tm');
  if (header !== undefined) return header.trim().toLowerCase() === 'commit';
  return response.status < 400;
};

const RUNTIMES = new WeakMap<Registry, SqlRuntime>();

/** What one app's SQL add-on holds between commit and close. */
export class SqlRuntime {
  readonly db: Kysely<Database>;
  readonly options: SqlOptions;
  readonly rule: TransactionRule;
  /** Whether the database is reachable; logs each outage once (through the app's logger once it exists). */
  readonly monitor = new OutageMonitor();
  readonly #dialect: Dialect;
  readonly #scopes = new WeakMap<Request, TransactionScope<Database>>();
  /** Requests whose transactions are all finished: request.db no longer opens one. */
  readonly #closed = new WeakSet<Request>();

  constructor(registry: Registry, options: SqlOptions, rule: TransactionRule) {
    this.options = options;
    this.rule = rule;
    this.#dialect = createDialect(options, this.monitor);
    this.db = new Kysely<Database>({ dialect: this.#dialect });
    RUNTIMES.set(registry, this);
  }

  /** A fresh scope for a new attempt at the request (the previous one must be finished). */
  openScope(request: Request): TransactionScope<Database> {
    const { db, options } = this;
    // Wrapped only while a debugging tool listens on the query channel: otherwise nothing to pay.
    const observe = queriesObserved()
      ? (connection: DatabaseConnection) =>
          observedConnection(connection, request, db as Kysely<unknown>, options.target)
      : null;
    const scope = new TransactionScope(db, this.#dialect, options.isolationLevel, observe);
    this.#scopes.set(request, scope);
    return scope;
  }

  /** The request's current scope: a new one when the last has finished (an exception view's), until the request closes. */
  scopeFor(request: Request): TransactionScope<Database> {
    const scope = this.#scopes.get(request);
    if (this.#closed.has(request)) return scope ?? this.#finishedScope();
    if (scope !== undefined && !scope.finished) return scope;
    return this.openScope(request);
  }

  /** A scope that is already over, for requests closed before they used request.db. */
  #finishedScope(): TransactionScope<Database> {
    const scope = new TransactionScope(this.db, this.#dialect, null);
    void scope.rollback();
    return scope;
  }

  /** Finish whatever transaction is still open and close the request to new ones. */
  async closeRequest(request: Request, commit: boolean): Promise<void> {
    this.#closed.add(request);
    const scope = this.#scopes.get(request);
    if (scope === undefined) return;
    await (commit ? scope.commit() : scope.rollback());
  }
}

/**
 * The app's root Kysely instance, for work outside a request's transaction: scripts, migrations,
 * the shell, background jobs. Works once the configuration is committed.
 * @example
 * const app = await config.makeApp();
 * const pages = await getDatabase(config.registry).selectFrom('pages').selectAll().execute();
 */
export function getDatabase(registry: Registry): Kysely<Database> {
  return sqlRuntime(registry).db;
}

/** The runtime of a committed app that includes the SQL add-on. */
export function sqlRuntime(registry: Registry): SqlRuntime {
  const runtime = RUNTIMES.get(registry);
  if (runtime === undefined) {
    throw new ZigguratError(
      'ZIG_ERR_SQL_NOT_READY',
      'No SQL database yet: include ziggurat/addons/sql and commit the configuration (makeApp) first',
    );
  }
  return runtime;
}
