// One request attempt's transaction: a Transaction handle that begins on its first query, then commits or rolls back.
import {
  type ControlledTransaction,
  type ControlledTransactionBuilder,
  type DatabaseConnection,
  type Dialect,
  DummyDriver,
  type IsolationLevel,
  type Kysely,
  Transaction,
} from 'kysely';
import { ZigguratError } from '../../lib/index.js';

/** `request.db`: a Kysely Transaction whose BEGIN waits for its first query. */
class RequestTransaction<DB> extends Transaction<DB> {
  override startTransaction(): ControlledTransactionBuilder<DB> {
    throw new ZigguratError(
      'ZIG_ERR_SQL_TRANSACTION',
      'request.db is already a transaction: use getDatabase(registry) for a separate one',
    );
  }
}

type State = 'idle' | 'open' | 'committed' | 'rolled back';

/**
 * The transaction of one attempt at a request. `db` can be handed out at once: nothing is asked of
 * the pool until a query runs, so requests that never query hold no connection.
 * @example
 * const scope = new TransactionScope(root, dialect, 'serializable');
 * await scope.db.insertInto('pages').values(page).execute(); // BEGIN, then the insert
 * await scope.commit();
 */
export class TransactionScope<DB> {
  readonly db: Transaction<DB>;
  readonly #root: Kysely<DB>;
  readonly #isolationLevel: IsolationLevel | null;
  #transaction: Promise<ControlledTransaction<DB>> | null = null;
  #state: State = 'idle';
  #beginFailed = false;

  /**
   * `observe`, when given, wraps the connection each query runs on (to report the queries: see
   * query-channel.ts); BEGIN, COMMIT and ROLLBACK do not go through it.
   */
  constructor(
    root: Kysely<DB>,
    dialect: Dialect,
    isolationLevel: IsolationLevel | null,
    observe: ((connection: DatabaseConnection) => DatabaseConnection) | null = null,
  ) {
    this.#root = root;
    this.#isolationLevel = isolationLevel;
    const wrap = observe ?? ((connection: DatabaseConnection) => connection);
    const executor = root.getExecutor().withConnectionProvider({
      provideConnection: <T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> =>
        this.#begin().then((transaction) =>
          transaction.getExecutor().provideConnection((connection) => consumer(wrap(connection))),
        ),
    });
    this.db = new RequestTransaction<DB>({
      config: { dialect },
      dialect,
      driver: new DummyDriver(),
      executor,
    });
  }

  /** Whether a query has begun the transaction (so a connection is held until it finishes). */
  get began(): boolean {
    return this.#transaction !== null;
  }

  /** Whether the first query's BEGIN (or getting its connection) failed: nothing of the transaction ran. */
  get failedToBegin(): boolean {
    return this.#beginFailed;
  }

  /** Whether the transaction has committed or rolled back (or was never begun and is now closed). */
  get finished(): boolean {
    return this.#state === 'committed' || this.#state === 'rolled back';
  }

  #begin(): Promise<ControlledTransaction<DB>> {
    if (this.finished) {
      return Promise.reject(
        new ZigguratError(
          'ZIG_ERR_SQL_TRANSACTION',
          `request.db was used after the request's transaction had ${this.#state === 'committed' ? 'committed' : 'rolled back'}: keep its queries inside the view (or use getDatabase(registry))`,
        ),
      );
    }
    if (this.#transaction === null) {
      const builder = this.#root.startTransaction();
      this.#state = 'open';
      this.#transaction = (
        this.#isolationLevel ? builder.setIsolationLevel(this.#isolationLevel) : builder
      ).execute();
      // Registered before any query's own handler, so it is set by the time the view sees the error.
      this.#transaction.catch(() => void (this.#beginFailed = true));
    }
    return this.#transaction;
  }

  /** Commit, if a query began the transaction. A failed commit throws (the request then fails). */
  async commit(): Promise<void> {
    const pending = this.#close('committed');
    if (pending === null) return;
    const transaction = await pending.catch(() => null);
    if (transaction === null) return;
    try {
      await transaction.commit().execute();
    } catch (error) {
      if (!transaction.isRolledBack && !transaction.isCommitted)
        await transaction
          .rollback()
          .execute()
          .catch(() => {});
      this.#state = 'rolled back';
      throw error;
    }
  }

  /** Roll back, if a query began the transaction. */
  async rollback(): Promise<void> {
    const pending = this.#close('rolled back');
    if (pending === null) return;
    const transaction = await pending.catch(() => null);
    if (transaction === null || transaction.isRolledBack || transaction.isCommitted) return;
    await transaction.rollback().execute();
  }

  /** Mark the end; return the transaction to finish, or null when there is none (or it already ended). */
  #close(state: 'committed' | 'rolled back'): Promise<ControlledTransaction<DB>> | null {
    if (this.finished) return null;
    this.#state = state;
    return this.#transaction;
  }
}
